import Foundation

/// A URL-safe, lower-case identifier for a story, section or topic ("kosovo-independence").
///
/// Slugs are made from names by ``Slug/init(from:)`` and are stable: the same name always gives
/// the same slug, so topic pages collect stories across the whole archive.
public struct Slug: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The slug text: ASCII letters, digits and single hyphens, never empty.
    public let rawValue: String

    /// The longest slug Dateline makes; longer names are cut at a word boundary.
    public static let maximumLength = 80

    /// Accepts `rawValue` only when it already is a well-formed slug (for slugs read from URLs).
    public init?(validating rawValue: String) {
        // One pass over the bytes (every slug byte is ASCII, so bytes are characters): this runs
        // for each saved story in a reader's cookie on every cached page they are sent.
        var count = 0
        var previous: UInt8 = UInt8(ascii: "-")
        for byte in rawValue.utf8 {
            guard Slug.isSlugByte(byte), !(byte == UInt8(ascii: "-") && previous == byte) else { return nil }
            previous = byte
            count += 1
        }
        guard count > 0, count <= Slug.maximumLength, previous != UInt8(ascii: "-") else { return nil }
        self.rawValue = rawValue
    }

    /// Makes a slug from any name or headline; returns nil when the text has no letters or digits.
    public init?(from text: String) {
        var out = ""
        var pendingHyphen = false
        for scalar in Slug.folded(text).unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !out.isEmpty { out.append("-") }
                pendingHyphen = false
                out.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "\u{2019}" || scalar == "." {
                // "Don't" → "dont", "U.N." → "un": apostrophes and dots inside words join.
                continue
            } else {
                pendingHyphen = true
            }
        }
        if out.count > Slug.maximumLength {
            var cut = String(out.prefix(Slug.maximumLength))
            if let lastHyphen = cut.lastIndex(of: "-") { cut = String(cut[..<lastHyphen]) }
            out = cut
        }
        guard !out.isEmpty else { return nil }
        self.rawValue = out
    }

    /// The same slug with a numeric suffix, used to keep two stories with one headline apart.
    public func numbered(_ number: Int) -> Slug {
        let suffix = "-\(number)"
        var base = rawValue
        if base.count + suffix.count > Slug.maximumLength {
            base = String(base.prefix(Slug.maximumLength - suffix.count))
            while base.hasSuffix("-") { base.removeLast() }
        }
        return Slug(trusted: base + suffix)
    }

    private init(trusted: String) { rawValue = trusted }

    public var description: String { rawValue }

    public static func < (lhs: Slug, rhs: Slug) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let slug = Slug(validating: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a valid slug"))
        }
        self = slug
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private static func isSlugByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
    }

    /// Lower-cases and strips accents so "Beşiktaş" and "Besiktas" give one slug.
    private static func folded(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
    }
}
