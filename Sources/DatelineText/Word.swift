/// A word of a sentence as written, with what the topic and highlight rankers need to know of it.
public struct Word: Hashable, Sendable {
    /// The word as written, internal dots, apostrophes and hyphens kept ("U.S.", "don't", "al-Assad").
    public var text: String {
        didSet {
            (lower, traits) = Self.read(text)
            lexeme = -1
            storedMarks = []
        }
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
    /// The word's number in its story's ``Lexicon``; -1 for a word made outside one.
    private(set) var lexeme: Int32 = -1
    /// The word lists the lower-case form belongs to, when the lexicon read them already.
    private var storedMarks: Marks = []

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

    /// Makes a word interned in a story's lexicon.
    init(
        text: String, lower: String, traits: Traits, isCapitalized: Bool, opensClause: Bool, followsPunctuation: Bool,
        lexeme: Int32, marks: Marks
    ) {
        self.init(
            text: text, lower: lower, traits: traits, isCapitalized: isCapitalized, opensClause: opensClause,
            followsPunctuation: followsPunctuation)
        self.lexeme = lexeme
        self.storedMarks = marks
    }

    /// Two words are equal when they are written the same and stand the same way in their sentence.
    public static func == (lhs: Word, rhs: Word) -> Bool {
        lhs.text == rhs.text && lhs.isCapitalized == rhs.isCapitalized && lhs.opensClause == rhs.opensClause
            && lhs.followsPunctuation == rhs.followsPunctuation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(isCapitalized)
        hasher.combine(opensClause)
        hasher.combine(followsPunctuation)
    }

    /// The word lists the lower-case form belongs to (read from the lexicon when interned).
    var marks: Marks { storedMarks.contains(.known) ? storedMarks : Marks.of(lower) }

    /// Memberships of the word lists the rankers ask about, read once per lexeme.
    struct Marks: OptionSet, Hashable, Sendable {
        let rawValue: UInt16
        /// The marks were read (a word made outside a lexicon reads them when asked).
        static let known = Marks(rawValue: 1)
        /// An English function word (``Stopwords/english``).
        static let stopword = Marks(rawValue: 1 << 1)
        /// A pronoun or conjunction that leans on the sentence before (``HighlightFeatures/danglingOpeners``).
        static let danglingOpener = Marks(rawValue: 1 << 2)
        /// A first- or second-person word (``HighlightFeatures/personalWords``).
        static let personal = Marks(rawValue: 1 << 3)
        /// "said", "says", "told", "according".
        static let attribution = Marks(rawValue: 1 << 4)
        /// A word joining a name's parts (``MentionReader/connectors``).
        static let connector = Marks(rawValue: 1 << 5)
        /// A title before a name, with or without its dots (``MentionReader/titles``).
        static let title = Marks(rawValue: 1 << 6)
        /// A capitalised word that is never a name on its own (``MentionReader/notNames``).
        static let notName = Marks(rawValue: 1 << 7)
        /// A word that opens sentences (``Abbreviations/sentenceOpeners``).
        static let sentenceOpener = Marks(rawValue: 1 << 8)

        /// The marks of a lower-case form.
        static func of(_ lower: String) -> Marks {
            var form = lower
            return form.withUTF8 { of(lower, bytes: $0, hash: InternTable.hash($0)) }
        }

        /// The marks of a lower-case form given its bytes and their hash (``InternTable/hash(_:)``):
        /// one lookup in a table of every listed word.
        static func of(_ lower: String, bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Marks {
            var marks = listed.words.find(exactly: bytes, hash: hash).map { listed.marks[Int($0)] } ?? .known
            if !marks.contains(.title), bytes.contains(UInt8(ascii: ".")) {
                var bare = lower
                bare.removeAll(where: { $0 == "." })
                if MentionReader.titles.contains(bare) { marks.insert(.title) }
            }
            return marks
        }

        /// Every listed word, with its marks by number.
        private static let listed: (words: InternTable, marks: [Marks]) = {
            var table: [String: Marks] = [:]
            let lists: [(Set<String>, Marks)] = [
                (Stopwords.english, .stopword), (HighlightFeatures.danglingOpeners, .danglingOpener),
                (HighlightFeatures.personalWords, .personal), (attributionWords, .attribution),
                (MentionReader.connectors, .connector), (MentionReader.titles, .title),
                (MentionReader.notNames, .notName), (Abbreviations.sentenceOpeners, .sentenceOpener),
            ]
            for (list, mark) in lists {
                for word in list { table[word, default: .known].insert(mark) }
            }
            let entries = Array(table)
            return (InternTable(numbering: entries.map(\.key)), entries.map(\.value))
        }()

        private static let attributionWords: Set<String> = ["said", "says", "told", "according"]
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
