/// A word of a sentence as written, with what the topic and highlight rankers need to know of it.
public struct Word: Hashable, Sendable {
    /// The word as written, internal dots, apostrophes and hyphens kept ("U.S.", "don't", "al-Assad").
    public var text: String
    /// True when the word's first letter is upper case.
    public var isCapitalized: Bool
    /// True when the word opens its sentence or a quotation, where capitals say nothing of names.
    public var opensClause: Bool
    /// True when a comma, colon, semicolon, dash or bracket stands right before the word.
    public var followsPunctuation: Bool

    /// Makes a word value.
    public init(text: String, isCapitalized: Bool, opensClause: Bool, followsPunctuation: Bool) {
        self.text = text
        self.isCapitalized = isCapitalized
        self.opensClause = opensClause
        self.followsPunctuation = followsPunctuation
    }

    /// True when every letter is upper case and there are at least two ("NATO", "U.N.").
    public var isAllCapitals: Bool {
        var letters = 0
        for scalar in text.unicodeScalars where ScalarKind.isLetter(scalar) {
            guard ScalarKind.isUppercase(scalar) else { return false }
            letters += 1
        }
        return letters >= 2
    }

    /// True when the word holds a digit.
    public var hasDigit: Bool { text.unicodeScalars.contains(where: ScalarKind.isDigit) }
}
