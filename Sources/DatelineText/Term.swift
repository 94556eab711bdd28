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

    /// The term of a word the tokenizer made: the same as ``of(_:)-(String)`` on its text, read
    /// from its bytes when it is ASCII.
    public static func of(_ word: Word) -> String? {
        word.isASCII ? of(lower: word.lower, isASCII: true) : of(word.text)
    }

    /// The term of a word by its lower-case form; `isASCII` says whether the form is ASCII.
    static func of(lower: String, isASCII: Bool) -> String? {
        guard isASCII else { return of(lower) }
        var form = lower
        return form.withUTF8 { bytes -> String? in
            switch ofASCII(bytes, isStopword: Stopwords.english.contains(lower)) {
            case .none: return nil
            case .same: return lower
            case .prefix(let length, let endsInY):
                return String(unsafeUninitializedCapacity: length + (endsInY ? 1 : 0)) { buffer in
                    for index in 0..<length { buffer[index] = bytes[index] }
                    if endsInY { buffer[length] = UInt8(ascii: "y") }
                    return length + (endsInY ? 1 : 0)
                }
            case .other(let term): return term
            }
        }
    }

    /// What the term of an ASCII lower-case form is, told without making it when it can be.
    enum ASCIITerm {
        /// No term: a stopword, or no letter or digit.
        case none
        /// The form itself.
        case same
        /// The form's first `length` bytes, and a "y" after them when `endsInY`.
        case prefix(length: Int, endsInY: Bool)
        /// Some other string (a form with dots or a possessive), or none.
        case other(String?)
    }

    /// The term of the ASCII lower-case form `bytes`; `isStopword` says whether the form itself
    /// is a stopword.
    static func ofASCII(_ bytes: UnsafeBufferPointer<UInt8>, isStopword: Bool) -> ASCIITerm {
        var end = bytes.count
        if end >= 2, bytes[end - 2] == UInt8(ascii: "'"), bytes[end - 1] == UInt8(ascii: "s") { end -= 2 }
        let kept = UnsafeBufferPointer(rebasing: bytes[0..<end])
        guard !kept.isEmpty else { return .none }
        // A word always has a letter or digit, and dots only between them: it stays a term's stuff.
        guard end == bytes.count, !kept.contains(UInt8(ascii: ".")) else {
            let bare = String(unsafeUninitializedCapacity: end) { buffer in
                var count = 0
                for byte in kept where byte != UInt8(ascii: ".") {
                    buffer[count] = byte
                    count += 1
                }
                return count
            }
            guard !bare.isEmpty, !Stopwords.english.contains(bare) else { return .none }
            guard bare.utf8.contains(where: { ASCIIText.isWordByte($0) }) else { return .none }
            return .other(stem(bare))
        }
        guard !isStopword, kept.contains(where: { ASCIIText.isWordByte($0) }) else { return .none }
        let (length, endsInY) = asciiStem(kept)
        if length == kept.count, !endsInY { return .same }
        return .prefix(length: length, endsInY: endsInY)
    }

    /// ``stem(_:)`` for ASCII bytes: how many of them the stem keeps, and whether a "y" follows.
    static func asciiStem(_ word: UnsafeBufferPointer<UInt8>) -> (Int, Bool) {
        let count = word.count
        guard count > 3 else { return (count, false) }
        func ends(_ length: Int, with suffix: StaticString) -> Bool {
            let size = suffix.utf8CodeUnitCount
            guard length >= size else { return false }
            let start = suffix.utf8Start
            for offset in 0..<size where word[length - size + offset] != start[offset] { return false }
            return true
        }
        var length = count
        if ends(count, with: "ies"), count > 4 {
            // The stem now ends in "y": neither "ing" nor "ed" can follow.
            return (count - 3, true)
        } else if ends(count, with: "sses") {
            length = count - 2
        } else if ends(count, with: "s"), !ends(count, with: "ss"), !ends(count, with: "us"), !ends(count, with: "is") {
            length = count - 1
        }
        if ends(length, with: "ing"), length > 5 {
            length -= 3
        } else if ends(length, with: "ed"), length > 4 {
            length -= 2
        }
        return (length, false)
    }

    /// The terms of a sentence, stopwords left out, in order.
    public static func terms(in sentence: String) -> [String] {
        WordTokenizer.words(in: sentence).compactMap { of($0) }
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
