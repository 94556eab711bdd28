import DatelineMedia
import DatelineStore

/// A rendition's address: `/media/{id}-{key}-{width}.{avif|webp|jpg}`, where `key` is the first
/// 16 hex digits of the original's SHA-256 digest. Replacing an image changes its key, so every
/// address of the old image stops answering (404) and browsers may keep each answer for good.
/// The key also keeps the addresses of images nobody has published from being guessed by id.
struct MediaAddress: Hashable, Sendable {
    let id: Int64
    let key: String
    let width: Int
    let format: RenditionFormat

    /// Hex digits of the digest in an address.
    static let keyLength = 16

    init(id: Int64, key: String, width: Int, format: RenditionFormat) {
        self.id = id
        self.key = key
        self.width = width
        self.format = format
    }

    /// The address of `item` at `width` in `format`.
    init(item: MediaItem, width: Int, format: RenditionFormat) {
        self.init(id: item.id, key: String(item.digest.prefix(Self.keyLength)), width: width, format: format)
    }

    /// Reads the last part of an address ("42-3f9a1c0b2d4e5f60-640.webp"); nil for anything else.
    init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        let ending = fileName[fileName.index(after: dot)...]
        guard let format = RenditionFormat.allCases.first(where: { $0.fileExtension == ending }) else { return nil }
        let parts = fileName[..<dot].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let id = Self.number(parts[0]), let width = Self.number(parts[2]),
            parts[1].count == Self.keyLength, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        self.init(id: id, key: String(parts[1]), width: Int(width), format: format)
    }

    /// Plain decimal digits without a leading zero, as addresses are written.
    private static func number(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.count <= 12, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber),
            text == "0" || !text.hasPrefix("0")
        else { return nil }
        return Int64(text)
    }

    var path: String { "/media/\(id)-\(key)-\(width).\(format.fileExtension)" }

    /// The name the rendition has in the disk cache: the whole digest is not needed, the key
    /// with id is unique for as long as the image is.
    var cacheName: String { "\(id)-\(key)-\(width).\(format.fileExtension)" }

    /// A strong validator: the bytes at an address never change.
    var entityTag: String { "\"\(key)-\(width)-\(format.fileExtension)\"" }

    /// True when `item` is the image this address names and `width` is one of its ladder widths.
    func names(_ item: MediaItem) -> Bool {
        item.id == id && item.digest.hasPrefix(key)
            && ImagePipeline.ladder(forOriginalWidth: item.width).contains(width)
    }
}
