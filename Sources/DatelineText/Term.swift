/// The comparable form of a word: lower case, no possessive, light suffix stripping, so "Kidneys",
/// "kidney" and "kidney's" count as one term.
public enum Term {
    /// The term of `word`, or nil for stopwords and words with no letter or digit.
    public static func of(_ word: String) -> String? {
        var lower = word.lowercased()
        if lower.hasSuffix("'s") || lower.hasSuffix("\u{2019}s") {
            lower = String(lower.dropLast(2))
        }
        if lower.contains(".") { lower.removeAll(where: { $0 == "." }) }
        guard !lower.isEmpty, !Stopwords.english.contains(lower) else { return nil }
        guard lower.unicodeScalars.contains(where: ScalarKind.isWordScalar) else { return nil }
        return stem(lower)
    }

    /// The terms of a sentence, stopwords left out, in order.
    public static func terms(in sentence: String) -> [String] {
        WordTokenizer.words(in: sentence).compactMap { of($0.text) }
    }

    /// Strips the commonest English inflections; crude, but the same word always gives the same stem.
    static func stem(_ word: String) -> String {
        guard word.count > 3, word.unicodeScalars.allSatisfy({ $0.isASCII }) else { return word }
        var stem = word
        if stem.hasSuffix("ies"), stem.count > 4 {
            stem = String(stem.dropLast(3)) + "y"
        } else if stem.hasSuffix("sses") {
            stem = String(stem.dropLast(2))
        } else if stem.hasSuffix("s"), !stem.hasSuffix("ss"), !stem.hasSuffix("us"), !stem.hasSuffix("is") {
            stem = String(stem.dropLast())
        }
        if stem.hasSuffix("ing"), stem.count > 5 {
            stem = String(stem.dropLast(3))
        } else if stem.hasSuffix("ed"), stem.count > 4 {
            stem = String(stem.dropLast(2))
        }
        return stem
    }
}
