import CVips
import Foundation

@testable import DatelineMedia

/// Pictures made by the tests through libvips (or by hand, byte by byte), and pixels read back.
enum Fixtures {
    struct RGB: Equatable, CustomStringConvertible {
        var red: Double
        var green: Double
        var blue: Double

        static let red = RGB(red: 255, green: 0, blue: 0)
        static let green = RGB(red: 0, green: 255, blue: 0)
        static let blue = RGB(red: 0, green: 0, blue: 255)
        static let white = RGB(red: 255, green: 255, blue: 255)

        func distance(to other: RGB) -> Double {
            max(abs(red - other.red), abs(green - other.green), abs(blue - other.blue))
        }

        var description: String { "rgb(\(Int(red)), \(Int(green)), \(Int(blue)))" }
    }

    /// Decoded pixels, 8-bit sRGB, 3 or 4 bands.
    struct Pixels {
        var width: Int
        var height: Int
        var bands: Int
        var bytes: [UInt8]

        /// The average colour of a region, in fractions of the picture's size.
        func average(x: ClosedRange<Double>, y: ClosedRange<Double>) -> RGB {
            let x0 = Int(x.lowerBound * Double(width))
            let x1 = max(x0 + 1, Int(x.upperBound * Double(width)))
            let y0 = Int(y.lowerBound * Double(height))
            let y1 = max(y0 + 1, Int(y.upperBound * Double(height)))
            var sum = (0.0, 0.0, 0.0)
            for row in y0..<y1 {
                for column in x0..<x1 {
                    let at = (row * width + column) * bands
                    if bands >= 3 {
                        sum.0 += Double(bytes[at])
                        sum.1 += Double(bytes[at + 1])
                        sum.2 += Double(bytes[at + 2])
                    } else {
                        sum.0 += Double(bytes[at])
                        sum.1 += Double(bytes[at])
                        sum.2 += Double(bytes[at])
                    }
                }
            }
            let count = Double((x1 - x0) * (y1 - y0))
            return RGB(red: sum.0 / count, green: sum.1 / count, blue: sum.2 / count)
        }

        /// Corner regions: the outer 15 % of each side, away from the quadrant edges.
        var topLeft: RGB { average(x: 0.02...0.15, y: 0.02...0.15) }
        var topRight: RGB { average(x: 0.85...0.98, y: 0.02...0.15) }
        var bottomLeft: RGB { average(x: 0.02...0.15, y: 0.85...0.98) }
        var bottomRight: RGB { average(x: 0.85...0.98, y: 0.85...0.98) }
    }

    struct VipsFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func startVips() throws {
        try Vips.start()
    }

    /// The upright picture every orientation fixture shows: 400 × 300, red top-left quadrant,
    /// green top-right, blue bottom-left, white bottom-right.
    static func uprightColour(_ x: Int, _ y: Int, width: Int, height: Int) -> RGB {
        switch (x < width / 2, y < height / 2) {
        case (true, true): .red
        case (false, true): .green
        case (true, false): .blue
        case (false, false): .white
        }
    }

    /// The stored pixels of a JPEG whose EXIF orientation `orientation` shows the upright picture.
    /// EXIF says where the stored picture's first row and first column go when shown upright.
    static func orientedJPEG(orientation: Int, width: Int = 400, height: Int = 300) throws -> Data {
        let swaps = orientation >= 5
        let storedWidth = swaps ? height : width
        let storedHeight = swaps ? width : height
        var bytes = [UInt8](repeating: 0, count: storedWidth * storedHeight * 3)
        for y in 0..<storedHeight {
            for x in 0..<storedWidth {
                let (u, v): (Int, Int)
                switch orientation {
                case 1: (u, v) = (x, y)
                case 2: (u, v) = (width - 1 - x, y)
                case 3: (u, v) = (width - 1 - x, height - 1 - y)
                case 4: (u, v) = (x, height - 1 - y)
                case 5: (u, v) = (y, x)
                case 6: (u, v) = (width - 1 - y, x)
                case 7: (u, v) = (width - 1 - y, height - 1 - x)
                default: (u, v) = (y, height - 1 - x)
                }
                let colour = uprightColour(u, v, width: width, height: height)
                let at = (y * storedWidth + x) * 3
                bytes[at] = UInt8(colour.red)
                bytes[at + 1] = UInt8(colour.green)
                bytes[at + 2] = UInt8(colour.blue)
            }
        }
        return try encode(
            pixels: bytes, width: storedWidth, height: storedHeight, bands: 3, suffix: ".jpg[Q=95]",
            orientation: orientation, gps: true)
    }

    /// Encodes raw 8-bit pixels through libvips with metadata kept (no strip), optionally with an
    /// EXIF orientation and EXIF fields (a camera, a GPS position) the renditions must not carry.
    static func encode(
        pixels: [UInt8], width: Int, height: Int, bands: Int, suffix: String, orientation: Int? = nil,
        gps: Bool = false, bandFormat: VipsBandFormat = VIPS_FORMAT_UCHAR,
        interpretation: VipsInterpretation? = nil
    ) throws -> Data {
        try startVips()
        let image = pixels.withUnsafeBytes {
            vips_image_new_from_memory_copy(
                $0.baseAddress, $0.count, Int32(width), Int32(height), Int32(bands), bandFormat)
        }
        guard let image else { throw VipsFailure(description: Vips.takeError()) }
        defer { dl_vips_unref(image) }
        image.pointee.Type = interpretation ?? (bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W)
        if let orientation { vips_image_set_int(image, "orientation", Int32(orientation)) }
        if gps {
            vips_image_set_string(image, "exif-ifd0-Make", "DatelineTestCamera")
            vips_image_set_string(image, "exif-ifd0-Model", "Serial 1234567")
            vips_image_set_string(image, "exif-ifd3-GPSLatitudeRef", "N")
            vips_image_set_string(image, "exif-ifd3-GPSLatitude", "51/1 30/1 0/1")
        }
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        if dl_vips_save_by_suffix(image, suffix, &buffer, &length) != 0 {
            throw VipsFailure(description: Vips.takeError())
        }
        return Data(Vips.takeBuffer(buffer, length))
    }

    /// A solid picture in any format libvips saves.
    static func solid(
        width: Int, height: Int, colour: RGB = .red, alpha: UInt8? = nil, suffix: String
    ) throws -> Data {
        let bands = alpha == nil ? 3 : 4
        var bytes = [UInt8]()
        bytes.reserveCapacity(width * height * bands)
        for _ in 0..<(width * height) {
            bytes += [UInt8(colour.red), UInt8(colour.green), UInt8(colour.blue)]
            if let alpha { bytes.append(alpha) }
        }
        return try encode(pixels: bytes, width: width, height: height, bands: bands, suffix: suffix)
    }

    /// Decodes any picture (JPEG, WebP, AVIF here) to 8-bit sRGB pixels.
    static func decode(_ bytes: [UInt8]) throws -> Pixels {
        try startVips()
        return try bytes.withUnsafeBytes { raw in
            guard let image = dl_vips_open_any(raw.baseAddress, raw.count) else {
                throw VipsFailure(description: Vips.takeError())
            }
            defer { dl_vips_unref(image) }
            var srgb: UnsafeMutablePointer<VipsImage>?
            if dl_vips_to_srgb(image, &srgb) != 0 || srgb == nil { throw VipsFailure(description: Vips.takeError()) }
            defer { dl_vips_unref(srgb) }
            var size = 0
            guard let memory = vips_image_write_to_memory(srgb, &size) else {
                throw VipsFailure(description: Vips.takeError())
            }
            let pixels = Vips.takeBuffer(memory, size)
            return Pixels(
                width: Int(vips_image_get_width(srgb)), height: Int(vips_image_get_height(srgb)),
                bands: Int(vips_image_get_bands(srgb)), bytes: pixels)
        }
    }

    // MARK: Hand-built files

    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func pngChunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + payload
        return bigEndian(UInt32(payload.count)) + typed + bigEndian(crc32(typed))
    }

    /// A PNG of a few hundred bytes whose valid IHDR claims `width` × `height` RGB pixels: a
    /// decompression bomb's header. Its IDAT holds one empty zlib stream.
    static func pngClaiming(width: UInt32, height: UInt32) -> Data {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let header = bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
        let idat: [UInt8] = [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]
        return Data(signature + pngChunk("IHDR", header) + pngChunk("IDAT", idat) + pngChunk("IEND", []))
    }

    /// A GIF of `frames` 1 × 1 frames; frame 0 is palette colour 0 (red), the rest colour 1 (blue).
    static func animatedGIF(frames: Int) -> Data {
        var bytes = Array("GIF89a".utf8)
        bytes += [1, 0, 1, 0, 0x80, 0, 0]  // 1 × 1 screen, a global palette of 2 colours
        bytes += [255, 0, 0, 0, 0, 255]
        bytes += [0x21, 0xFF, 11] + Array("NETSCAPE2.0".utf8) + [3, 1, 0, 0, 0]  // loop forever
        for frame in 0..<frames {
            bytes += [0x21, 0xF9, 4, 0x04, 10, 0, 0, 0]  // 0.1 s per frame
            bytes += [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]  // the frame: 1 × 1 at 0, 0
            // LZW, minimum code size 2: clear (4), the pixel's index, end (5), in 3-bit codes.
            bytes += frame == 0 ? [2, 2, 0x44, 0x01, 0] : [2, 2, 0x4C, 0x01, 0]
        }
        bytes.append(0x3B)
        return Data(bytes)
    }
}
