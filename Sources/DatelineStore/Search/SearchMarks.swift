/// The marks both stores ask their search engines to put around matched words, and how the
/// marked text is read back: one rule, so SQLite and PostgreSQL snippets read alike.
enum SearchMarks {
    /// Before a matched word: a private-use character, which story text does not use.
    static let start = "\u{E000}"
    /// After a matched word.
    static let end = "\u{E001}"

    /// Splits a search engine's output (FTS5 `snippet`/`highlight`, PostgreSQL `ts_headline`) at its match marks, folding the line breaks between list items into spaces.
    static func marked(_ text: String) -> MarkedText {
        var segments: [MarkedText.Segment] = []
        var current = ""
        var inMatch = false
        func flush() {
            if !current.isEmpty { segments.append(.init(text: current, isMatch: inMatch)) }
            current = ""
        }
        for character in text {
            switch character {
            case Character(start):
                flush()
                inMatch = true
            case Character(end):
                flush()
                inMatch = false
            case "\n", "\r\n", "\r", "\t":
                if !current.hasSuffix(" ") { current.append(" ") }
            default:
                current.append(character)
            }
        }
        flush()
        return MarkedText(segments: segments)
    }
}
