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

    /// Makes a split-text value.
    public init(dateline: Dateline, sentences: [Sentence]) {
        self.dateline = dateline
        self.sentences = sentences
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
    public func split(_ text: String) -> SplitText {
        let scalars = Array(text.unicodeScalars)
        var cursor = Cursor(scalars: scalars)
        var opening = LeadingDateline.read(scalars, from: cursor.skipSpace(from: 0))
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
                        opening = LeadingDateline.read(scalars, from: after)
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
                        opening = LeadingDateline.read(scalars, from: next)
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
        return SplitText(dateline: opening.dateline, sentences: sentences)
    }
}

/// Read-only helpers over the scalars of one text, shared by the splitting loop.
private struct Cursor {
    let scalars: [Unicode.Scalar]

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
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for index in range {
            let scalar = scalars[index]
            if ScalarKind.isWhitespace(scalar) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The word before `index`, as written ("U.S", "Sen", "said").
    func word(endingAt index: Int) -> String {
        var begin = index
        while begin > 0 {
            let scalar = scalars[begin - 1]
            guard ScalarKind.isLetter(scalar) || scalar == "." || ScalarKind.isDigit(scalar) else { break }
            begin -= 1
        }
        return String(String.UnicodeScalarView(scalars[begin..<index]))
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
        return (String(String.UnicodeScalarView(scalars[begin..<end])).lowercased(), first)
    }

    /// Decides whether terminators followed by a space and then `next` end a sentence.
    func endsSentence(terminators: Range<Int>, closed: Bool, next: Int) -> Bool {
        let (nextWord, first) = nextWord(from: next)
        guard let first else { return true }
        if ScalarKind.isLowercase(first) { return false }
        let run = scalars[terminators]
        if run.contains(where: { $0 == "?" || $0 == "!" }) { return true }
        if run.count > 1 || run.first == "\u{2026}" { return true }
        if closed { return true }
        let before = word(endingAt: terminators.lowerBound)
        guard !before.isEmpty else { return true }
        let lower = before.lowercased()
        let nextIsDigit = ScalarKind.isDigit(first)
        let nextOpensSentence = Abbreviations.sentenceOpeners.contains(nextWord)
        if Abbreviations.beforeNames.contains(lower) { return false }
        if Abbreviations.beforeNumbers.contains(lower) || Abbreviations.months.contains(lower) {
            return !nextIsDigit
        }
        let letters = before.unicodeScalars.filter { $0 != "." }
        if letters.count == 1, let only = letters.first, ScalarKind.isUppercase(only) {
            return nextOpensSentence
        }
        if before.contains("."), !before.contains(where: \.isNumber) {
            return nextOpensSentence
        }
        if Abbreviations.ambiguous.contains(lower) { return nextOpensSentence }
        return true
    }

    /// "said.The": a period glued to the next sentence, as pages that run paragraphs together do.
    func isGluedBoundary(terminators: Range<Int>, next: Int) -> Bool {
        guard terminators.count == 1, terminators.lowerBound >= 2, next + 1 < scalars.count else { return false }
        let before = word(endingAt: terminators.lowerBound)
        guard before.count >= 2, !before.contains("."),
            ScalarKind.isLowercase(scalars[terminators.lowerBound - 1]),
            ScalarKind.isUppercase(scalars[next]), ScalarKind.isLowercase(scalars[next + 1])
        else { return false }
        return true
    }
}
