import Foundation

/// A story as it comes in — from the newsroom, the Admin API or an imported page — before
/// it is validated and stored.
public struct StoryDraft: Hashable, Sendable, Codable {
    /// The headline readers see.
    public var headline: String
    /// The section's display name ("World"); nil when the source did not say.
    public var section: String?
    /// Where and by whom the story was filed.
    public var dateline: Dateline
    /// The writer's credit ("By Jane Arden"); nil when the story carries none.
    public var byline: String?
    /// The story text, one paragraph per element, without the dateline.
    public var body: [String]
    /// The "Story Highlights" bullets, in order.
    public var highlights: [String]
    /// Who wrote the highlights.
    public var highlightsOrigin: SuggestionOrigin
    /// The "All About" topic names, most important first.
    public var topics: [String]
    /// Who chose the topics.
    public var topicsOrigin: SuggestionOrigin
    /// When the story was (or is to be) published; nil when unknown.
    public var publishedAt: Date?
    /// The imported page this draft came from, when it was imported.
    public var source: StorySource?
    /// The media library item to show under the headline; nil for none. Images placed in the
    /// body are written there (``StoryImages``).
    public var leadImage: Int64?
    /// The keys of the credited authors in order; nil leaves a stored story's authors as they are
    /// (and credits nobody on a new story), an empty list removes them.
    public var authorIDs: [Int64]?
    /// The title for search engines and share cards; nil to use the headline.
    public var seoTitle: String?
    /// The description for search engines and share cards; nil to use the first highlight.
    public var seoDescription: String?

    /// Makes a draft; every field but the headline and body is optional.
    public init(
        headline: String,
        section: String? = nil,
        dateline: Dateline = Dateline(),
        byline: String? = nil,
        body: [String],
        highlights: [String] = [],
        highlightsOrigin: SuggestionOrigin = .editor,
        topics: [String] = [],
        topicsOrigin: SuggestionOrigin = .editor,
        publishedAt: Date? = nil,
        source: StorySource? = nil,
        leadImage: Int64? = nil,
        authorIDs: [Int64]? = nil,
        seoTitle: String? = nil,
        seoDescription: String? = nil
    ) {
        self.headline = headline
        self.section = section
        self.dateline = dateline
        self.byline = byline
        self.body = body
        self.highlights = highlights
        self.highlightsOrigin = highlightsOrigin
        self.topics = topics
        self.topicsOrigin = topicsOrigin
        self.publishedAt = publishedAt
        self.source = source
        self.leadImage = leadImage
        self.authorIDs = authorIDs
        self.seoTitle = seoTitle
        self.seoDescription = seoDescription
    }
}
