/// Removes metadata chunks from an encoded WebP file.
///
/// libvips 8.14's WebP saver ignores `strip` and always writes an EXIF chunk (it builds a fresh
/// EXIF block even when the image carries none; libvips issue 3340), so renditions go through
/// this: the RIFF container is rewritten without its `EXIF`, `XMP ` and `ICCP` chunks, and the
/// matching flags in `VP8X` are cleared. The image data chunks are copied byte for byte.
enum WebPMetadata {
    static let metadataChunks: Set<String> = ["EXIF", "XMP ", "ICCP"]

    static func strip(_ bytes: [UInt8]) throws -> [UInt8] {
        func fourCC(_ at: Int) -> String { String(decoding: bytes[at..<at + 4], as: UTF8.self) }
        func littleEndian(_ at: Int) -> Int {
            Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        guard bytes.count >= 20, fourCC(0) == "RIFF", fourCC(8) == "WEBP" else {
            throw ImageError.processingFailed("the WebP encoder wrote something that is not a WebP file")
        }
        var output: [UInt8] = Array(bytes[0..<12])
        output.reserveCapacity(bytes.count)
        var at = 12
        while at + 8 <= bytes.count {
            let type = fourCC(at)
            let size = littleEndian(at + 4)
            guard at + 8 + size <= bytes.count else {
                throw ImageError.processingFailed("the WebP encoder wrote a chunk that overruns the file")
            }
            // Chunks are padded to an even size; a missing final pad byte is put back.
            let end = min(at + 8 + size + (size & 1), bytes.count)
            let missingPad = at + 8 + size + (size & 1) - end
            if !metadataChunks.contains(type) {
                let start = output.count
                output += bytes[at..<end]
                output += [UInt8](repeating: 0, count: missingPad)
                if type == "VP8X" && size >= 1 {
                    output[start + 8] &= ~UInt8(0x20 | 0x08 | 0x04)  // ICC, EXIF, XMP present
                }
            }
            at = end + missingPad
        }
        let riffSize = UInt32(output.count - 8)
        output[4] = UInt8(riffSize & 0xFF)
        output[5] = UInt8(riffSize >> 8 & 0xFF)
        output[6] = UInt8(riffSize >> 16 & 0xFF)
        output[7] = UInt8(riffSize >> 24 & 0xFF)
        return output
    }
}
