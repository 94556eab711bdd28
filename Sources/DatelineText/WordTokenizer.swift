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
                return words(in: ASCIIScalars(bytes: bytes)) { range, traits, hasUpper in
                    let written = ASCIIText.string(UnsafeBufferPointer(rebasing: bytes[range]))
                    let lower =
                        hasUpper ? ASCIIText.string(UnsafeBufferPointer(rebasing: bytes[range]), lower: true) : written
                    return (written, lower, -1, [])
                }
            }
            let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            return words(in: scalars) { range, traits, hasUpper in
                let written = String(String.UnicodeScalarView(scalars[range]))
                return (written, lowerForm(of: written, traits: traits, hasUpper: hasUpper), -1, [])
            }
        }
    }

    /// The words of `sentence`, each interned in the story's `lexicon`: a word the story already
    /// used shares its lower-case form with the earlier one and carries its lexeme number.
    static func words(in sentence: String, lexicon: inout Lexicon) -> [Word] {
        var sentence = sentence
        return sentence.withUTF8 { bytes in
            if !bytes.contains(where: { $0 >= 0x80 }) {
                return words(in: ASCIIScalars(bytes: bytes)) { range, traits, hasUpper in
                    let hash = InternTable.hashLowered(bytes, range)
                    let lexeme: Int32
                    if let found = lexicon.find(lowering: bytes, range, hash: hash) {
                        lexeme = found
                    } else {
                        let lower = ASCIIText.string(UnsafeBufferPointer(rebasing: bytes[range]), lower: hasUpper)
                        lexeme = lexicon.add(lower, isASCII: true, hash: hash)
                    }
                    let lower = lexicon.forms[Int(lexeme)]
                    let written = hasUpper ? ASCIIText.string(UnsafeBufferPointer(rebasing: bytes[range])) : lower
                    return (written, lower, lexeme, lexicon.marks[Int(lexeme)])
                }
            }
            let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            return words(in: scalars) { range, traits, hasUpper in
                let written = String(String.UnicodeScalarView(scalars[range]))
                var lower = lowerForm(of: written, traits: traits, hasUpper: hasUpper)
                let lexeme = lower.withUTF8 { form in
                    let hash = InternTable.hash(form)
                    return lexicon.find(exactly: form, hash: hash)
                        ?? lexicon.add(
                            String(decoding: form, as: UTF8.self), isASCII: traits.contains(.ascii), hash: hash)
                }
                return (written, lexicon.forms[Int(lexeme)], lexeme, lexicon.marks[Int(lexeme)])
            }
        }
    }

    /// A word's lower-case form on the scalar path: a word with no capital is its own, and ASCII
    /// lower-casing needs no tables.
    @inline(__always)
    private static func lowerForm(of written: String, traits: Word.Traits, hasUpper: Bool) -> String {
        if !traits.contains(.ascii) { return written.lowercased() }
        return hasUpper ? ASCIIText.lowercased(written) : written
    }

    /// The tokenizer proper, over any random-access run of scalars; `make` gives a word's text,
    /// lower-case form, lexeme and marks from its range, its traits and whether it holds a capital.
    @inline(__always)
    private static func words<Scalars: RandomAccessCollection>(
        in scalars: Scalars,
        make: (Range<Int>, Word.Traits, Bool) -> (text: String, lower: String, lexeme: Int32, marks: Word.Marks)
    ) -> [Word] where Scalars.Element == Unicode.Scalar, Scalars.Index == Int {
        var words: [Word] = []
        words.reserveCapacity(scalars.count / 5 + 1)
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
            let made = make(begin..<end, traits, hasUpper)
            words.append(
                Word(
                    text: made.text, lower: made.lower, traits: traits, isCapitalized: ScalarKind.isUppercase(scalar),
                    opensClause: clauseOpen, followsPunctuation: punctuationBefore, lexeme: made.lexeme,
                    marks: made.marks))
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
