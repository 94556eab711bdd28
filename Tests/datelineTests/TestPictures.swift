import CVips
import Foundation

@testable import DatelineMedia

/// Pictures the tests make through libvips: a left half and a right half in two colours, so a
/// rendition that came out mirrored or cropped would show it.
enum TestPictures {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A `width` × `height` picture encoded by file suffix (".jpg", ".png", ".webp").
    static func make(width: Int, height: Int, suffix: String = ".jpg", seed: UInt8 = 0) throws -> Data {
        try Vips.start()
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let at = (y * width + x) * 3
                let left = x < width / 2
                pixels[at] = left ? 200 : seed
                pixels[at + 1] = left ? seed : 180
                pixels[at + 2] = UInt8(truncatingIfNeeded: y)
            }
        }
        let image = pixels.withUnsafeBytes {
            vips_image_new_from_memory_copy($0.baseAddress, $0.count, Int32(width), Int32(height), 3, VIPS_FORMAT_UCHAR)
        }
        guard let image else { throw Failure(description: Vips.takeError()) }
        defer { dl_vips_unref(image) }
        image.pointee.Type = VIPS_INTERPRETATION_sRGB
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        if dl_vips_save_by_suffix(image, suffix, &buffer, &length) != 0 {
            throw Failure(description: Vips.takeError())
        }
        return Data(Vips.takeBuffer(buffer, length))
    }

    /// The width and height libvips reads from encoded bytes.
    static func size(of bytes: Data) throws -> (width: Int, height: Int) {
        let info = try ImagePipeline().probe(bytes)
        return (info.width, info.height)
    }
}
