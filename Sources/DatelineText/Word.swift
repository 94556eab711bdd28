/// A word of a sentence as written, with what the topic and highlight rankers need to know of it.
public struct Word: Hashable, Sendable {
    /// The word as written, internal dots, apostrophes and hyphens kept ("U.S.", "don't", "al-Assad").
    public var text: String {
        didSet { (lower, traits) = Self.read(text) }
    }
    /// True when the word's first letter is upper case.
    public var isCapitalized: Bool
    /// True when the word opens its sentence or a quotation, where capitals say nothing of names.
    public var opensClause: Bool
    /// True when a comma, colon, semicolon, dash or bracket stands right before the word.
    public var followsPunctuation: Bool
    /// `text` in lower case, made once when the word is made (the rankers ask for it often).
    public private(set) var lower: String
    /// What the tokenizer read of the text on the way: all capitals, a digit, ASCII only.
    private var traits: Traits

    /// Makes a word value.
    public init(text: String, isCapitalized: Bool, opensClause: Bool, followsPunctuation: Bool) {
        self.text = text
        self.isCapitalized = isCapitalized
        self.opensClause = opensClause
        self.followsPunctuation = followsPunctuation
        (lower, traits) = Self.read(text)
    }

    /// Makes a word whose lower-case form and traits the caller has already read.
    init(
        text: String, lower: String, traits: Traits, isCapitalized: Bool, opensClause: Bool, followsPunctuation: Bool
    ) {
        self.text = text
        self.isCapitalized = isCapitalized
        self.opensClause = opensClause
        self.followsPunctuation = followsPunctuation
        self.lower = lower
        self.traits = traits
    }

    /// True when every letter is upper case and there are at least two ("NATO", "U.N.").
    public var isAllCapitals: Bool { traits.contains(.allCapitals) }

    /// True when the word holds a digit.
    public var hasDigit: Bool { traits.contains(.digit) }

    /// True when every scalar of the word is ASCII.
    var isASCII: Bool { traits.contains(.ascii) }

    /// Facts about a word's scalars, read in the same pass that finds the word.
    struct Traits: OptionSet, Hashable, Sendable {
        let rawValue: UInt8
        /// Every letter upper case, and at least two of them.
        static let allCapitals = Traits(rawValue: 1)
        /// At least one decimal digit.
        static let digit = Traits(rawValue: 2)
        /// Only ASCII scalars.
        static let ascii = Traits(rawValue: 4)

        /// Accumulates the traits of a run of scalars, one at a time.
        struct Reader {
            var letters = 0
            var lowerLetter = false
            var digit = false
            var ascii = true

            @inline(__always) mutating func read(_ scalar: Unicode.Scalar) {
                if scalar.value >= 128 { ascii = false }
                if ScalarKind.isLetter(scalar) {
                    letters += 1
                    if !ScalarKind.isUppercase(scalar) { lowerLetter = true }
                }
                if ScalarKind.isDigit(scalar) { digit = true }
            }

            var traits: Traits {
                var traits: Traits = []
                if letters >= 2, !lowerLetter { traits.insert(.allCapitals) }
                if digit { traits.insert(.digit) }
                if ascii { traits.insert(.ascii) }
                return traits
            }
        }
    }

    /// The lower-case form and traits of `text`.
    static func read(_ text: String) -> (String, Traits) {
        var reader = Traits.Reader()
        for scalar in text.unicodeScalars { reader.read(scalar) }
        let traits = reader.traits
        return (traits.contains(.ascii) ? ASCIIText.lowercased(text) : text.lowercased(), traits)
    }
}

/// Small helpers for text known to be ASCII, where a byte is a scalar and a character.
enum ASCIIText {
    /// `text.lowercased()` for ASCII text, without Unicode case tables.
    @inline(__always) static func lowercased(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            guard bytes.contains(where: { $0 >= 65 && $0 <= 90 }) else { return text }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    buffer[index] = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
                }
                return bytes.count
            }
        }
    }

    /// An ASCII letter or digit.
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122)
    }

    /// The string of some ASCII bytes, lower-cased when `lower` is true.
    @inline(__always) static func string(_ bytes: UnsafeBufferPointer<UInt8>, lower: Bool = false) -> String {
        guard lower else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for index in 0..<bytes.count {
                let byte = bytes[index]
                buffer[index] = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
            }
            return bytes.count
        }
    }
}
