import Foundation

/// A picture format Dateline accepts as an original. Decided by the file's first bytes only:
/// the file name and the content type the browser claims are never consulted.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case jpeg
    case png
    case webp
    case avif
    case gif
    case heic

    /// The media type to store and serve the original under.
    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .avif: "image/avif"
        case .gif: "image/gif"
        case .heic: "image/heic"
        }
    }

    /// The usual file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .avif: "avif"
        case .gif: "gif"
        case .heic: "heic"
        }
    }

    /// How the format is named to a person.
    public var displayName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .webp: "WebP"
        case .avif: "AVIF"
        case .gif: "GIF"
        case .heic: "HEIC/HEIF"
        }
    }
}

/// A format renditions are encoded in: WebP and AVIF for browsers that take them, JPEG for the rest.
public enum RenditionFormat: String, Sendable, Codable, CaseIterable {
    case avif
    case webp
    case jpeg

    public var mimeType: String {
        switch self {
        case .avif: "image/avif"
        case .webp: "image/webp"
        case .jpeg: "image/jpeg"
        }
    }

    public var fileExtension: String {
        switch self {
        case .avif: "avif"
        case .webp: "webp"
        case .jpeg: "jpg"
        }
    }
}

/// What the first bytes of a file say it is.
public enum SniffedFormat: Sendable, Equatable {
    /// One of the formats Dateline accepts.
    case accepted(ImageFormat)
    /// A format Dateline recognises and refuses (SVG, TIFF, BMP, PDF…), by its name.
    case refused(String)
    /// Nothing recognisable.
    case unknown
}

extension ImageFormat {
    /// Sniffs the format from magic bytes alone.
    public static func sniff(_ data: Data) -> SniffedFormat {
        data.withUnsafeBytes { sniff(UnsafeRawBufferPointer($0)) }
    }

    static func sniff(_ bytes: UnsafeRawBufferPointer) -> SniffedFormat {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            guard bytes.count >= offset + prefix.count else { return false }
            for (index, byte) in prefix.enumerated() where bytes[offset + index] != byte { return false }
            return true
        }
        func ascii(_ text: String, at offset: Int = 0) -> Bool { starts(Array(text.utf8), at: offset) }

        if starts([0xFF, 0xD8, 0xFF]) { return .accepted(.jpeg) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .accepted(.png) }
        if ascii("RIFF") && ascii("WEBP", at: 8) { return .accepted(.webp) }
        if ascii("GIF87a") || ascii("GIF89a") { return .accepted(.gif) }
        if ascii("ftyp", at: 4), let brand = isoBrand(bytes) { return brand }
        if ascii("II*\u{0}") || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .refused("TIFF") }
        if ascii("BM") && bytes.count >= 14 { return .refused("BMP") }
        if ascii("%PDF") { return .refused("PDF") }
        if starts([0x00, 0x00, 0x01, 0x00]) { return .refused("Windows icon") }
        if ascii("8BPS") { return .refused("Photoshop") }
        if ascii("\u{0}\u{0}\u{0}\u{C}JXL ") || starts([0xFF, 0x0A]) { return .refused("JPEG XL") }
        if looksLikeSVG(bytes) { return .refused("SVG") }
        return .unknown
    }

    /// ISO base media files (HEIF, AVIF, but also MP4 and QuickTime) by the brands in `ftyp`.
    private static func isoBrand(_ bytes: UnsafeRawBufferPointer) -> SniffedFormat? {
        guard bytes.count >= 16 else { return nil }
        let size = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        guard size >= 16, size <= 4096, size <= bytes.count else { return nil }
        var brands: [String] = []
        for offset in stride(from: 8, to: size - 3, by: 4) where offset != 12 {
            brands.append(String(decoding: bytes[offset..<offset + 4], as: UTF8.self))
        }
        if brands.contains(where: { $0 == "avif" || $0 == "avis" }) { return .accepted(.avif) }
        let heif: Set = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]
        if brands.contains(where: heif.contains) { return .accepted(.heic) }
        return .refused("video or other ISO media")
    }

    /// SVG (or any XML) by its text start, after an optional byte-order mark and white space.
    private static func looksLikeSVG(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        let trimmed = head.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        return trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<svg") || trimmed.hasPrefix("<!doctype svg")
            || head.contains("<svg")
    }
}
