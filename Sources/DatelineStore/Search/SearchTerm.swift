/// One thing a reader looks for: a word, the start of a word ("independ*"), or an exact phrase.
///
/// Words hold only letters, digits and private-use characters, the characters a full-text
/// tokenizer keeps, so a backend can quote them into its own query language without escaping.
public struct SearchTerm: Hashable, Sendable {
    /// The words in order; more than one means they must appear together, as a phrase.
    public var words: [String]
    /// True when the last word matches every word that begins with it.
    public var isPrefix: Bool

    /// Makes a term from words already split by ``SearchExpression``.
    public init(words: [String], isPrefix: Bool = false) {
        self.words = words
        self.isPrefix = isPrefix
    }
}
