import Foundation

/// Reads the container structure of rendition bytes (JPEG segments, WebP RIFF chunks, AVIF/HEIF
/// boxes) and lists every place metadata could hide. Written for the tests, from the formats'
/// specifications.
enum MetadataScanner {
    struct Found: Equatable, CustomStringConvertible {
        var kind: String
        var description: String { kind }
    }

    static func metadata(in bytes: [UInt8], format: String) throws -> [Found] {
        switch format {
        case "jpeg": return try jpeg(bytes)
        case "webp": return try webp(bytes)
        default: return try isoMedia(bytes)
        }
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// JPEG: every segment before the scan. APP1 (Exif, XMP), APP2 (ICC), APP13 (Photoshop/IPTC)
    /// and COM are metadata; APP0 (JFIF) is not.
    static func jpeg(_ bytes: [UInt8]) throws -> [Found] {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw Malformed(description: "no SOI") }
        var found: [Found] = []
        var at = 2
        while at + 4 <= bytes.count {
            guard bytes[at] == 0xFF else { throw Malformed(description: "no marker at \(at)") }
            let marker = bytes[at + 1]
            if marker == 0xFF {
                at += 1
                continue
            }
            if marker == 0xDA { break }
            let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            let payload = Array(bytes[(at + 4)..<min(bytes.count, at + 2 + length)])
            let head = String(decoding: payload.prefix(29), as: UTF8.self)
            switch marker {
            case 0xE1 where head.hasPrefix("Exif"): found.append(Found(kind: "JPEG APP1 Exif"))
            case 0xE1 where head.hasPrefix("http://ns.adobe.com/xap"): found.append(Found(kind: "JPEG APP1 XMP"))
            case 0xE1: found.append(Found(kind: "JPEG APP1 (other)"))
            case 0xE2: found.append(Found(kind: "JPEG APP2 \(head.prefix(11))"))
            case 0xED: found.append(Found(kind: "JPEG APP13 Photoshop/IPTC"))
            case 0xFE: found.append(Found(kind: "JPEG COM comment"))
            case 0xE3...0xEF: found.append(Found(kind: "JPEG APP\(marker - 0xE0)"))
            default: break
            }
            at += 2 + length
        }
        return found
    }

    /// WebP: RIFF chunks. EXIF, XMP and ICCP chunks, and their VP8X flags, are metadata.
    static func webp(_ bytes: [UInt8]) throws -> [Found] {
        guard bytes.count >= 12, String(decoding: bytes[0..<4], as: UTF8.self) == "RIFF",
            String(decoding: bytes[8..<12], as: UTF8.self) == "WEBP"
        else { throw Malformed(description: "not RIFF WEBP") }
        var found: [Found] = []
        var at = 12
        var chunks: [String] = []
        while at + 8 <= bytes.count {
            let type = String(decoding: bytes[at..<at + 4], as: UTF8.self)
            let size =
                Int(bytes[at + 4]) | Int(bytes[at + 5]) << 8 | Int(bytes[at + 6]) << 16 | Int(bytes[at + 7]) << 24
            chunks.append(type)
            if ["EXIF", "XMP ", "ICCP"].contains(type) { found.append(Found(kind: "WebP \(type) chunk")) }
            if type == "VP8X", at + 8 < bytes.count {
                let flags = bytes[at + 8]
                if flags & 0x20 != 0 { found.append(Found(kind: "WebP VP8X ICC flag")) }
                if flags & 0x08 != 0 { found.append(Found(kind: "WebP VP8X EXIF flag")) }
                if flags & 0x04 != 0 { found.append(Found(kind: "WebP VP8X XMP flag")) }
            }
            at += 8 + size + (size & 1)
        }
        if !chunks.contains(where: { $0.hasPrefix("VP8") }) { throw Malformed(description: "no image chunk") }
        return found
    }

    /// AVIF/HEIF: boxes. An `Exif` item, a `mime` item (XMP) in `iinf`, or an ICC `colr` property
    /// in `iprp/ipco` are metadata; an `nclx` colour box (a few numbers naming sRGB) is not.
    static func isoMedia(_ bytes: [UInt8]) throws -> [Found] {
        var found: [Found] = []
        var sawImageItem = false
        func u32(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        func u16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        func fourCC(_ at: Int) -> String { String(decoding: bytes[at..<at + 4], as: UTF8.self) }

        func walk(_ start: Int, _ end: Int) throws {
            var at = start
            while at + 8 <= end {
                var size = u32(at)
                let type = fourCC(at + 4)
                var header = 8
                if size == 1 {
                    size = u32(at + 12)
                    header = 16
                } else if size == 0 {
                    size = end - at
                }
                guard size >= header, at + size <= end else { throw Malformed(description: "box \(type) overruns") }
                let body = at + header
                switch type {
                case "meta": try walk(body + 4, at + size)
                case "iprp", "ipco", "dinf": try walk(body, at + size)
                case "iinf":
                    let version = bytes[body]
                    try walk(body + 4 + (version == 0 ? 2 : 4), at + size)
                case "infe":
                    let version = bytes[body]
                    if version >= 2 {
                        let typeAt = body + 4 + (version == 2 ? 2 : 4) + 2
                        let itemType = fourCC(typeAt)
                        if itemType == "Exif" { found.append(Found(kind: "ISO item Exif")) }
                        if itemType == "mime" { found.append(Found(kind: "ISO item mime (XMP)")) }
                        if itemType == "av01" || itemType == "hvc1" { sawImageItem = true }
                    }
                case "colr":
                    let colourType = fourCC(body)
                    if colourType == "prof" || colourType == "rICC" { found.append(Found(kind: "ISO colr ICC")) }
                default: break
                }
                at += size
            }
        }
        try walk(0, bytes.count)
        if !sawImageItem { throw Malformed(description: "no image item found") }
        return found
    }

    /// A byte-level backstop on top of the structure: the EXIF header and the test camera's words.
    static func rawTraces(in bytes: [UInt8]) -> [String] {
        let needles = ["Exif\u{0}\u{0}", "DatelineTestCamera", "Serial 1234567", "http://ns.adobe.com/xap"]
        return needles.filter { needle in
            let pattern = Array(needle.utf8)
            guard bytes.count >= pattern.count else { return false }
            return (0...(bytes.count - pattern.count)).contains { start in
                bytes[start] == pattern[0] && Array(bytes[start..<start + pattern.count]) == pattern
            }
        }
    }
}
