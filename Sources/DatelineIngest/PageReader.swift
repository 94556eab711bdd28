import DatelineCore

/// Turns one kind of raw page (scraped text, HTML) into a story draft.
public protocol PageReader: Sendable {
    /// Reads `page` into a draft, or says exactly what in the page prevented it.
    func read(_ page: RawPage) throws(IngestError) -> StoryDraft
}
