import DatelineCore

/// One page's outcome: the draft read from it, or why it could not be read.
public struct CollectedPage: Sendable {
    /// The file's path (or the path that failed).
    public var location: String
    /// The page's format; nil when the path never got as far as being a page file.
    public var format: PageFormat?
    /// The draft, or the error to report for this file.
    public var result: Result<StoryDraft, IngestError>

    /// Makes an outcome record.
    public init(location: String, format: PageFormat?, result: Result<StoryDraft, IngestError>) {
        self.location = location
        self.format = format
        self.result = result
    }
}
