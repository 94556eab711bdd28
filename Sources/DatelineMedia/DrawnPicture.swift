import CVips
import Foundation

/// A picture drawn in memory (8-bit sRGB, rows top to bottom) and encoded by libvips, for
/// pictures Dateline makes itself, such as the demo archive's illustrations.
public struct DrawnPicture: Sendable {
    public let width: Int
    public let height: Int
    /// Red, green and blue for each pixel.
    public private(set) var pixels: [UInt8]

    public typealias Colour = (red: Double, green: Double, blue: Double)

    /// A picture filled top to bottom with a gradient from `top` to `bottom` (components 0...1).
    public init(width: Int, height: Int, top: Colour, bottom: Colour) {
        self.width = max(1, width)
        self.height = max(1, height)
        var pixels: [UInt8] = []
        pixels.reserveCapacity(self.width * self.height * 3)
        for y in 0..<self.height {
            let colour = Self.mix(top, bottom, Double(y) / Double(max(1, self.height - 1)))
            let row = [Self.byte(colour.red), Self.byte(colour.green), Self.byte(colour.blue)]
            for _ in 0..<self.width { pixels.append(contentsOf: row) }
        }
        self.pixels = pixels
    }

    /// Paints every pixel in the rows and columns given where `inside(x, y)` holds, with the
    /// colour `paint(x, y)` gives (both in pixels).
    public mutating func fill(
        columns: Range<Int>, rows: Range<Int>, where inside: (Double, Double) -> Bool,
        paint: (Double, Double) -> Colour
    ) {
        let columns = columns.clamped(to: 0..<width)
        let rows = rows.clamped(to: 0..<height)
        for y in rows {
            for x in columns where inside(Double(x), Double(y)) { set(x, y, paint(Double(x), Double(y))) }
        }
    }

    /// A filled circle.
    public mutating func circle(x: Double, y: Double, radius: Double, colour: Colour) {
        fill(
            columns: Int(x - radius)..<Int(x + radius + 1), rows: Int(y - radius)..<Int(y + radius + 1),
            where: { ($0 - x) * ($0 - x) + ($1 - y) * ($1 - y) <= radius * radius }, paint: { _, _ in colour })
    }

    /// A filled rectangle.
    public mutating func rectangle(x: Double, y: Double, width: Double, height: Double, colour: Colour) {
        fill(
            columns: Int(x)..<Int(x + width), rows: Int(y)..<Int(y + height), where: { _, _ in true },
            paint: { _, _ in colour })
    }

    /// Encodes the picture as a JPEG.
    public func jpeg() throws -> Data {
        try Vips.start()
        let image = pixels.withUnsafeBytes {
            vips_image_new_from_memory_copy($0.baseAddress, $0.count, Int32(width), Int32(height), 3, VIPS_FORMAT_UCHAR)
        }
        guard let image else { throw ImageError.processingFailed(Vips.takeError()) }
        defer { dl_vips_unref(image) }
        image.pointee.Type = VIPS_INTERPRETATION_sRGB
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        if dl_vips_save_by_suffix(image, ".jpg[Q=85,strip]", &buffer, &length) != 0 {
            throw ImageError.processingFailed(Vips.takeError())
        }
        return Data(Vips.takeBuffer(buffer, length))
    }

    /// `a` and `b` mixed: `t` 0 is all `a`, 1 all `b`.
    public static func mix(_ a: Colour, _ b: Colour, _ t: Double) -> Colour {
        let t = min(max(t, 0), 1)
        return (a.red + (b.red - a.red) * t, a.green + (b.green - a.green) * t, a.blue + (b.blue - a.blue) * t)
    }

    private mutating func set(_ x: Int, _ y: Int, _ colour: Colour) {
        let at = (y * width + x) * 3
        pixels[at] = Self.byte(colour.red)
        pixels[at + 1] = Self.byte(colour.green)
        pixels[at + 2] = Self.byte(colour.blue)
    }

    private static func byte(_ value: Double) -> UInt8 { UInt8(min(max(value, 0), 1) * 255 + 0.5) }
}
