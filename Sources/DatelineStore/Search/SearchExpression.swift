import Foundation

/// A reader's search text, understood: every group must match, any term within a group may
/// match (`OR`), and excluded terms (`-word`, `NOT word`) must not.
///
/// The reader's syntax is small and forgiving: `"quoted phrases"`, `OR`, `AND` and `NOT` in
/// capitals, a leading `-`, and a trailing `*` for word starts. Everything else is text to look
/// for, so unbalanced quotes, stray operators, column filters or control characters never make
/// an invalid query; they only change which words are searched.
public struct SearchExpression: Hashable, Sendable {
    /// Most words searched; later ones are dropped so a pasted page cannot make a huge query.
    public static let maximumWords = 24
    /// Longest word kept, in characters; longer ones are cut, as no real word is that long.
    public static let maximumWordLength = 64
    /// Most characters of the reader's text read at all.
    public static let maximumTextLength = 2_000

    /// Groups that must all match; each is a list of alternatives.
    public private(set) var groups: [[SearchTerm]]
    /// Terms no result may contain.
    public private(set) var excluded: [SearchTerm]
    /// True when words were dropped or cut to fit the limits above.
    public private(set) var wasShortened: Bool

    /// True when there is nothing to look for (no words, or only excluded ones).
    public var isEmpty: Bool { groups.isEmpty }

    /// Every word the reader asked to find, in order, without duplicates.
    public var words: [String] {
        var seen = Set<String>()
        return groups.flatMap { $0.flatMap(\.words) }.filter { seen.insert($0.lowercased()).inserted }
    }

    /// Reads the reader's text.
    public init(parsing text: String) {
        groups = []
        excluded = []
        wasShortened = text.count > Self.maximumTextLength
        let lexemes = Self.lexemes(
            in: String(text.prefix(Self.maximumTextLength)).precomposedStringWithCanonicalMapping)
        var wordCount = 0
        var joinsPrevious = false
        var negatesNext = false
        for lexeme in lexemes {
            switch lexeme {
            case .or:
                joinsPrevious = !groups.isEmpty
            case .and:
                joinsPrevious = false
            case .not:
                negatesNext = true
            case .term(let rawWords, let isPrefix, let isNegated):
                var words = rawWords.map { word -> String in
                    guard word.count > Self.maximumWordLength else { return word }
                    wasShortened = true
                    return String(word.prefix(Self.maximumWordLength))
                }
                let room = Self.maximumWords - wordCount
                if words.count > room {
                    wasShortened = true
                    words = Array(words.prefix(room))
                }
                guard !words.isEmpty else { continue }
                wordCount += words.count
                let term = SearchTerm(words: words, isPrefix: isPrefix && words.count == rawWords.count)
                if isNegated || negatesNext {
                    excluded.append(term)
                } else if joinsPrevious, !groups.isEmpty {
                    groups[groups.count - 1].append(term)
                } else {
                    groups.append([term])
                }
                joinsPrevious = false
                negatesNext = false
            }
        }
    }

    /// A piece of the reader's text.
    private enum Lexeme {
        case term(words: [String], isPrefix: Bool, isNegated: Bool)
        case or, and, not
    }

    /// Splits text into phrases, words and operators, treating control characters as spaces.
    private static func lexemes(in text: String) -> [Lexeme] {
        var lexemes: [Lexeme] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format || scalar == "(" || scalar == ")"
        }
        while index < scalars.count {
            if isSpace(scalars[index]) {
                index += 1
                continue
            }
            var isNegated = false
            if scalars[index] == "-", index + 1 < scalars.count, !isSpace(scalars[index + 1]) {
                isNegated = true
                index += 1
            }
            if scalars[index] == "\"" {
                // An unclosed quote runs to the end of the text, which is what the reader meant.
                var end = index + 1
                while end < scalars.count, scalars[end] != "\"" { end += 1 }
                let phrase = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                index = min(end + 1, scalars.count)
                let isPrefix = index < scalars.count && scalars[index] == "*"
                if isPrefix { index += 1 }
                lexemes.append(.term(words: words(in: phrase), isPrefix: isPrefix, isNegated: isNegated))
                continue
            }
            var end = index
            while end < scalars.count, !isSpace(scalars[end]), scalars[end] != "\"" { end += 1 }
            let token = String(String.UnicodeScalarView(scalars[index..<end]))
            index = end
            switch token {
            case "OR" where !isNegated: lexemes.append(.or)
            case "AND" where !isNegated: lexemes.append(.and)
            case "NOT" where !isNegated: lexemes.append(.not)
            default:
                lexemes.append(.term(words: words(in: token), isPrefix: token.hasSuffix("*"), isNegated: isNegated))
            }
        }
        return lexemes
    }

    /// Runs of letters, digits and private-use characters: the characters a full-text tokenizer
    /// keeps as words, so what is searched is what was indexed.
    private static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .decimalNumber, .letterNumber, .otherNumber, .privateUse:
                current.append(scalar)
            default:
                if !current.isEmpty { words.append(String(current)) }
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }
}
