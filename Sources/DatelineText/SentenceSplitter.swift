import DatelineCore

/// One sentence of a story, with the paragraph it came from.
public struct Sentence: Hashable, Sendable {
    /// The sentence text, whitespace folded to single spaces.
    public var text: String
    /// The zero-based paragraph the sentence sits in (paragraphs are separated by a blank line).
    public var paragraph: Int

    /// Makes a sentence value.
    public init(text: String, paragraph: Int) {
        self.text = text
        self.paragraph = paragraph
    }
}

/// A story text cut into sentences, with its opening dateline kept apart.
public struct SplitText: Hashable, Sendable {
    /// The dateline that opened the text ("KUALA LUMPUR, Malaysia (AP) --"); empty when none.
    public var dateline: Dateline
    /// The sentences in reading order, page residue ("E-mail to a friend") left out.
    public var sentences: [Sentence]
    /// True when the text was written without capitals and was read caselessly.
    public var isCaseless: Bool

    /// Makes a split-text value.
    public init(dateline: Dateline, sentences: [Sentence], isCaseless: Bool = false) {
        self.dateline = dateline
        self.sentences = sentences
        self.isCaseless = isCaseless
    }
}

/// Cuts news English into sentences without tripping on "U.S.", "Sen.", "T.J. Ford", "$41.1
/// million", quotes that end sentences or ellipses, and keeps the dateline out of the first one.
///
/// The splitter works in one pass over the text, so its time grows linearly with the input; a run
/// of text with no sentence punctuation is cut at ``maximumSentenceLength`` so nothing downstream
/// ever sees an unbounded sentence.
public struct SentenceSplitter: Sendable {
    /// The longest sentence, in Unicode scalars, the splitter returns; longer runs are cut at a space.
    public var maximumSentenceLength: Int

    /// Makes a splitter; `maximumSentenceLength` bounds runs of text with no sentence punctuation.
    public init(maximumSentenceLength: Int = 1_000) {
        self.maximumSentenceLength = max(maximumSentenceLength, 40)
    }

    /// The sentences of `text`, without its dateline or page residue.
    public func sentences(in text: String) -> [String] {
        split(text).sentences.map(\.text)
    }

    /// Splits `text` into its dateline and sentences; a blank line always ends a sentence.
    ///
    /// Text written without capitals (all lower case, as some corpora and feeds have it) is read
    /// caselessly: a period followed by a lower-case word may end a sentence, and the abbreviation
    /// rules alone decide.
    public func split(_ text: String) -> SplitText {
        split(scalars: Array(text.unicodeScalars))
    }

    /// ``split(_:)`` for text already read as scalars.
    func split(scalars: [Unicode.Scalar]) -> SplitText {
        let caseless = Self.isCaseless(scalars)
        let cursor = Cursor(scalars: scalars, caseless: caseless, german: GermanVerdict(scalars))
        var opening = LeadingDateline.read(scalars, from: cursor.skipSpace(from: 0), caseless: caseless)
        var sentences: [Sentence] = []
        var paragraph = 0
        var start = cursor.skipSpace(from: opening.end)
        var index = start

        func emit(upTo end: Int) {
            let text = cursor.folded(start..<end)
            if let cleaned = PageResidue.cleaned(text) {
                sentences.append(Sentence(text: cleaned, paragraph: paragraph))
            }
        }

        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            if scalar == "\n" {
                let after = cursor.skipSpace(from: index)
                if cursor.hasBlankLine(index..<after) {
                    emit(upTo: index)
                    paragraph += 1
                    start = after
                    // A scraped page puts its headline and furniture before the dateline paragraph.
                    if opening.dateline.isEmpty, paragraph < 10 {
                        opening = LeadingDateline.read(scalars, from: after, caseless: caseless)
                        start = cursor.skipSpace(from: opening.end)
                    }
                }
                index = max(after, start)
                continue
            }
            if index - start >= maximumSentenceLength {
                let cut = cursor.lastSpace(in: (start + maximumSentenceLength / 2)..<index) ?? index
                emit(upTo: cut)
                start = cursor.skipSpace(from: cut)
                index = max(start, index)
                continue
            }
            guard ScalarKind.isSentenceTerminator(scalar) else {
                index += 1
                continue
            }
            var runEnd = index
            while runEnd < count, ScalarKind.isSentenceTerminator(scalars[runEnd]) { runEnd += 1 }
            var end = runEnd
            while end < count, ScalarKind.isCloser(scalars[end]) { end += 1 }
            guard end < count else { break }
            if ScalarKind.isWhitespace(scalars[end]) {
                let next = cursor.skipSpace(from: end)
                guard next < count else { break }
                if cursor.hasBlankLine(end..<next) {
                    emit(upTo: end)
                    paragraph += 1
                    start = next
                    if opening.dateline.isEmpty, paragraph < 10 {
                        opening = LeadingDateline.read(scalars, from: next, caseless: caseless)
                        start = cursor.skipSpace(from: opening.end)
                    }
                    index = start
                } else if cursor.endsSentence(terminators: index..<runEnd, closed: end > runEnd, next: next) {
                    emit(upTo: end)
                    start = next
                    index = next
                } else {
                    index = next
                }
            } else if cursor.isGluedBoundary(terminators: index..<runEnd, next: end) {
                emit(upTo: end)
                start = end
                index = end
            } else {
                index = end
            }
        }
        emit(upTo: count)
        return SplitText(dateline: opening.dateline, sentences: sentences, isCaseless: caseless)
    }

    /// True when German function words outnumber English, French, Spanish and Portuguese ones in
    /// the text's first few thousand characters.
    static func readsAsGerman(_ scalars: [Unicode.Scalar]) -> Bool {
        var german = 0
        var other = 0
        // Only words of at most six letters can be in either list (the longest has five), so
        // longer ones are passed over; an ASCII word is looked up as its lower-case bytes packed
        // into one integer, any other word as a lower-cased string.
        var start = 0
        var length = 0
        var ascii = true
        var packed: UInt64 = 0
        let limit = min(scalars.count, 4_000)
        func count(endingAt end: Int) {
            guard length > 0, length <= 6 else { return }
            if ascii {
                if germanPacked.sortedContains(packed) {
                    german += 1
                } else if otherPacked.sortedContains(packed) {
                    other += 1
                }
            } else {
                let lower = String(String.UnicodeScalarView(scalars[start..<end])).lowercased()
                if germanWords.contains(lower) { german += 1 } else if otherWords.contains(lower) { other += 1 }
            }
        }
        for index in 0..<limit {
            let scalar = scalars[index]
            if ScalarKind.isLetter(scalar) {
                if length == 0 {
                    start = index
                    ascii = true
                    packed = 0
                }
                length += 1
                if scalar.value >= 0x80 {
                    ascii = false
                } else if length <= 6 {
                    packed = packed << 8 | UInt64(scalar.value | 0x20)
                }
                continue
            }
            count(endingAt: index)
            length = 0
        }
        // A word running to the limit was never counted, as before.
        return german >= 3 && german > other
    }

    private static let germanWords: Set<String> = [
        "der", "die", "das", "und", "nicht", "ist", "mit", "sich", "den", "dem", "von", "auf", "für", "eine",
        "ein", "wurde", "sind", "auch", "nach", "bei", "zum", "zur", "wird",
    ]

    /// An ASCII word's lower-case bytes packed into an integer (for at most eight bytes).
    private static func pack(_ word: String) -> UInt64? {
        guard word.utf8.allSatisfy({ $0 < 0x80 }), word.utf8.count <= 8 else { return nil }
        return word.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The lists packed and sorted, searched by halves (cheaper than hashing every short word).
    private static let germanPacked = germanWords.compactMap(pack).sorted()
    private static let otherPacked = otherWords.compactMap(pack).sorted()

    private static let otherWords: Set<String> = [
        "the", "and", "of", "to", "is", "was", "that", "for", "le", "les", "des", "et", "est", "une", "el", "los",
        "las", "y", "que", "del", "por", "o", "os", "e", "do", "da", "em", "para", "com",
    ]

    /// True when fewer than one letter in 200 is a capital: capitals then say nothing of where
    /// sentences or names begin.
    static func isCaseless(_ scalars: [Unicode.Scalar]) -> Bool {
        var letters = 0
        var capitals = 0
        for scalar in scalars where ScalarKind.isLetter(scalar) {
            letters += 1
            if ScalarKind.isUppercase(scalar) {
                capitals += 1
                // No text has more letters than scalars: past this point the answer is no.
                if capitals * 200 >= scalars.count { return false }
            }
        }
        return letters >= 20 && capitals * 200 < letters
    }
}

/// Whether a text reads as German (``SentenceSplitter/readsAsGerman(_:)``), read the first time
/// it is asked: only a number before a capitalised word asks, so most texts are never read for it.
private final class GermanVerdict {
    private let scalars: [Unicode.Scalar]
    private(set) lazy var value = SentenceSplitter.readsAsGerman(scalars)

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }
}

/// Read-only helpers over the scalars of one text, shared by the splitting loop.
private struct Cursor {
    let scalars: [Unicode.Scalar]
    /// The text has no capitals to go by (see ``SentenceSplitter/isCaseless(_:)``).
    var caseless = false
    /// The text reads as German, where "89. Minute" is an ordinal, not a sentence end.
    var german = GermanVerdict([])

    func skipSpace(from index: Int) -> Int {
        var index = index
        while index < scalars.count, ScalarKind.isWhitespace(scalars[index]) { index += 1 }
        return index
    }

    func hasBlankLine(_ range: Range<Int>) -> Bool {
        var newlines = 0
        for index in range where scalars[index] == "\n" {
            newlines += 1
            if newlines >= 2 { return true }
        }
        return false
    }

    func lastSpace(in range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var index = range.upperBound - 1
        while index >= range.lowerBound {
            if ScalarKind.isWhitespace(scalars[index]) { return index }
            index -= 1
        }
        return nil
    }

    /// The text of `range` with whitespace runs folded to one space and the ends trimmed.
    func folded(_ range: Range<Int>) -> String {
        // Written straight as UTF-8 bytes: at most four a scalar.
        guard !range.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: range.count * 4) { buffer in
            var count = 0
            var pendingSpace = false
            for index in range {
                let scalar = scalars[index]
                if ScalarKind.isWhitespace(scalar) {
                    pendingSpace = count > 0
                    continue
                }
                if pendingSpace {
                    buffer[count] = UInt8(ascii: " ")
                    count += 1
                }
                pendingSpace = false
                if scalar.value < 0x80 {
                    buffer[count] = UInt8(truncatingIfNeeded: scalar.value)
                    count += 1
                } else {
                    for unit in UTF8.encode(scalar)! {
                        buffer[count] = unit
                        count += 1
                    }
                }
            }
            return count
        }
    }

    /// The word before `index`, as written ("U.S", "Sen", "said").
    func word(endingAt index: Int) -> String {
        var begin = index
        while begin > 0 {
            let scalar = scalars[begin - 1]
            guard ScalarKind.isLetter(scalar) || scalar == "." || ScalarKind.isDigit(scalar) else { break }
            begin -= 1
        }
        return string(begin..<index, lower: false)
    }

    /// The text of `range` as it is, or lower-cased; written straight as UTF-8 when it is ASCII.
    func string(_ range: Range<Int>, lower: Bool) -> String {
        guard !scalars[range].contains(where: { $0.value >= 0x80 }) else {
            let text = String(String.UnicodeScalarView(scalars[range]))
            return lower ? text.lowercased() : text
        }
        return String(unsafeUninitializedCapacity: range.count) { buffer in
            var count = 0
            for index in range {
                let byte = UInt8(truncatingIfNeeded: scalars[index].value)
                buffer[count] = lower && byte >= 65 && byte <= 90 ? byte | 0x20 : byte
                count += 1
            }
            return count
        }
    }

    /// The first scalar at `index` after any opening quotes or brackets (``nextWord(from:)``'s `first`).
    func firstScalar(from index: Int) -> Unicode.Scalar? {
        var begin = index
        while begin < scalars.count, ScalarKind.isOpener(scalars[begin]) { begin += 1 }
        return begin < scalars.count ? scalars[begin] : nil
    }

    /// The word starting at `index` after any opening quotes or brackets, lower-cased.
    func nextWord(from index: Int) -> (word: String, first: Unicode.Scalar?) {
        var begin = index
        while begin < scalars.count, ScalarKind.isOpener(scalars[begin]) { begin += 1 }
        var end = begin
        while end < scalars.count,
            ScalarKind.isLetter(scalars[end]) || scalars[end] == "'" || scalars[end] == "\u{2019}"
        {
            end += 1
        }
        let first = begin < scalars.count ? scalars[begin] : nil
        return (string(begin..<end, lower: true), first)
    }

    /// Decides whether terminators followed by a space and then `next` end a sentence.
    func endsSentence(terminators: Range<Int>, closed: Bool, next: Int) -> Bool {
        guard let first = firstScalar(from: next) else { return true }
        // The next word is read only by the rules that ask for it (most sentence ends never do).
        lazy var nextWord = self.nextWord(from: next).word
        lazy var nextOpensSentence = Abbreviations.sentenceOpeners.contains(nextWord)
        if ScalarKind.isLowercase(first), !caseless { return false }
        let run = scalars[terminators]
        if run.contains(where: { $0 == "?" || $0 == "!" }) { return true }
        if run.count > 1 || run.first == "\u{2026}" { return true }
        if closed { return true }
        let before = word(endingAt: terminators.lowerBound)
        guard !before.isEmpty else { return true }
        let lower = before.utf8.allSatisfy({ $0 < 0x80 }) ? ASCIIText.lowercased(before) : before.lowercased()
        let nextIsDigit = ScalarKind.isDigit(first)
        // "av. J.-C.", "apr. J.-C.": French era marks.
        if lower == "av" || lower == "apr", nextWord == "j" { return false }
        if Abbreviations.beforeNames.contains(lower) { return false }
        if Abbreviations.beforeNumbers.contains(lower) || Abbreviations.months.contains(lower) {
            return !nextIsDigit
        }
        // The word's one scalar besides dots, if it has exactly one.
        var only: Unicode.Scalar?
        var letters = 0
        for scalar in before.unicodeScalars where scalar != "." {
            letters += 1
            only = scalar
        }
        if letters == 1, let only, ScalarKind.isUppercase(only) || caseless {
            return nextOpensSentence
        }
        // "z. B.", "d. h.", "p. ex.", "a. m.": one lower-case letter and a period is a short form.
        // ("6 h. Le trajet …": a unit may end one, when a usual opener follows.)
        if letters == 1, let only, ScalarKind.isLowercase(only) { return nextOpensSentence }
        // German ordinals: "am 3. Oktober", "in der 89. Minute" — a number of one to three digits,
        // not part of a score or decimal, before a capitalised word that does not open sentences.
        if isOrdinal(before, at: terminators.lowerBound), !nextOpensSentence, !nextIsDigit,
            Abbreviations.germanMonths.contains(nextWord) || german.value
        {
            return false
        }
        if before.utf8.contains(UInt8(ascii: ".")), !before.contains(where: \.isNumber) {
            return nextOpensSentence
        }
        if Abbreviations.ambiguous.contains(lower) { return nextOpensSentence }
        return true
    }

    /// One to three digits standing alone before `index` ("3" in "am 3."; not "2:1", "3,5" or "2024").
    func isOrdinal(_ before: String, at index: Int) -> Bool {
        guard (1...3).contains(before.unicodeScalars.count), before.unicodeScalars.allSatisfy(ScalarKind.isDigit)
        else { return false }
        let start = index - before.unicodeScalars.count
        return start == 0 || ScalarKind.isWhitespace(scalars[start - 1])
    }

    /// "said.The": a period glued to the next sentence, as pages that run paragraphs together do.
    func isGluedBoundary(terminators: Range<Int>, next: Int) -> Bool {
        guard !caseless, terminators.count == 1, terminators.lowerBound >= 2, next + 1 < scalars.count else {
            return false
        }
        let before = word(endingAt: terminators.lowerBound)
        guard before.count >= 2, !before.utf8.contains(UInt8(ascii: ".")),
            ScalarKind.isLowercase(scalars[terminators.lowerBound - 1]),
            ScalarKind.isUppercase(scalars[next]), ScalarKind.isLowercase(scalars[next + 1])
        else { return false }
        return true
    }
}

extension Array where Element == UInt64 {
    /// Binary search in a sorted array.
    fileprivate func sortedContains(_ value: UInt64) -> Bool {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == value
    }
}
