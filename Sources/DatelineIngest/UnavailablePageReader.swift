import DatelineCore

/// A reader for a kind of page Dateline cannot read yet: every page gets the same clear error.
public struct UnavailablePageReader: PageReader {
    /// What the error says, after the page's location.
    public var message: String

    /// Makes a reader that refuses every page with `message`.
    public init(message: String) { self.message = message }

    /// Always throws, naming the page and saying why it cannot be read.
    public func read(_ page: RawPage) throws(IngestError) -> StoryDraft {
        throw IngestError(location: page.location, message: message)
    }
}
