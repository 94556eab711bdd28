/// Cuts a sentence into words, keeping "U.S.", "$41.1", "don't" and "al-Assad" whole.
///
/// The sentence is read once, over its UTF-8 bytes when it is ASCII (as most news copy is) and
/// over its Unicode scalars otherwise; each word's lower-case form and traits are read in the
/// same pass.
public enum WordTokenizer {
    /// The words of `sentence` in order; punctuation between words is dropped.
    public static func words(in sentence: String) -> [Word] {
        var sentence = sentence
        return sentence.withUTF8 { bytes in
            if !bytes.contains(where: { $0 >= 0x80 }) {
                return words(in: ASCIIScalars(bytes: bytes)) { range, lower in
                    ASCIIText.string(UnsafeBufferPointer(rebasing: bytes[range]), lower: lower)
                }
            }
            let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            return words(in: scalars) { range, lower in
                let text = String(String.UnicodeScalarView(scalars[range]))
                return lower ? text.lowercased() : text
            }
        }
    }

    /// The tokenizer proper, over any random-access run of scalars; `text` makes a word's string
    /// (lower-cased when asked) from its range.
    @inline(__always)
    private static func words<Scalars: RandomAccessCollection>(
        in scalars: Scalars, text: (Range<Int>, Bool) -> String
    ) -> [Word] where Scalars.Element == Unicode.Scalar, Scalars.Index == Int {
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
            var reader = Word.Traits.Reader()
            var hasUpper = false
            for position in begin..<end {
                let scalar = scalars[position]
                reader.read(scalar)
                if !hasUpper, scalar.value >= 65, ScalarKind.isUppercase(scalar) { hasUpper = true }
            }
            let traits = reader.traits
            let written = text(begin..<end, false)
            // A word with no capital is its own lower-case form; ASCII lower-casing needs no tables.
            let lower: String
            if !hasUpper && traits.contains(.ascii) {
                lower = written
            } else if traits.contains(.ascii) {
                lower = text(begin..<end, true)
            } else {
                lower = written.lowercased()
            }
            words.append(
                Word(
                    text: written, lower: lower, traits: traits, isCapitalized: ScalarKind.isUppercase(scalar),
                    opensClause: clauseOpen, followsPunctuation: punctuationBefore))
            clauseOpen = false
            punctuationBefore = false
            index = end
        }
        return words
    }
}

/// The bytes of ASCII text read as Unicode scalars, without decoding.
struct ASCIIScalars: RandomAccessCollection {
    let bytes: UnsafeBufferPointer<UInt8>
    var startIndex: Int { 0 }
    var endIndex: Int { bytes.count }
    @inline(__always) subscript(position: Int) -> Unicode.Scalar { Unicode.Scalar(bytes[position]) }
}
