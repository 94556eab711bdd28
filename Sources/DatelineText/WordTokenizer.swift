/// Cuts a sentence into words, keeping "U.S.", "$41.1", "don't" and "al-Assad" whole.
public enum WordTokenizer {
    /// The words of `sentence` in order; punctuation between words is dropped.
    public static func words(in sentence: String) -> [Word] {
        let scalars = Array(sentence.unicodeScalars)
        var words: [Word] = []
        var index = 0
        var clauseOpen = true
        var punctuationBefore = false
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            guard ScalarKind.isWordScalar(scalar) else {
                // Only an opening quote starts a clause; '," he said' goes on with the sentence.
                let previous = index > 0 ? scalars[index - 1] : " "
                let opensQuote =
                    scalar == "\u{201C}" || scalar == "\u{2018}" || scalar == "\u{00AB}"
                    || (scalar == "\"" && (ScalarKind.isWhitespace(previous) || index == 0 || previous == "("))
                if opensQuote || scalar == ":" {
                    clauseOpen = true
                }
                // Any mark but a space or an abbreviation's dot keeps the words on its two sides apart.
                if !ScalarKind.isWhitespace(scalar), scalar != "." {
                    punctuationBefore = true
                }
                if ScalarKind.isSentenceTerminator(scalar) { clauseOpen = true }
                index += 1
                continue
            }
            let begin = index
            var end = index + 1
            var hasInnerDot = false
            while end < count {
                let next = scalars[end]
                if ScalarKind.isWordScalar(next) {
                    end += 1
                    continue
                }
                let joiner =
                    next == "." || next == "'" || next == "\u{2019}" || next == "-" || next == "&"
                    || (next == "," && ScalarKind.isDigit(scalars[end - 1]))
                guard joiner, end + 1 < count, ScalarKind.isWordScalar(scalars[end + 1]) else { break }
                if next == "," && !ScalarKind.isDigit(scalars[end + 1]) { break }
                if next == "." { hasInnerDot = true }
                end += 2
            }
            // "U.S." keeps its last dot so it reads as the abbreviation it is.
            if hasInnerDot, end < count, scalars[end] == ".", ScalarKind.isLetter(scalars[end - 1]),
                end - begin <= 6
            {
                end += 1
            }
            // "G. Thorpe": a capital initial keeps its dot when a capitalised word follows.
            if end - begin == 1, ScalarKind.isUppercase(scalar), end + 2 < count, scalars[end] == ".",
                scalars[end + 1] == " ", ScalarKind.isUppercase(scalars[end + 2])
            {
                end += 1
            }
            let text = String(String.UnicodeScalarView(scalars[begin..<end]))
            words.append(
                Word(
                    text: text, isCapitalized: ScalarKind.isUppercase(scalar), opensClause: clauseOpen,
                    followsPunctuation: punctuationBefore))
            clauseOpen = false
            punctuationBefore = false
            index = end
        }
        return words
    }
}
