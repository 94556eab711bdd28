import Foundation

/// A stored story: a validated draft with its identity, section, topics and workflow state.
public struct Story: Hashable, Sendable, Codable, Identifiable {
    /// The store's key for the story; stable for the story's life.
    public var id: Int64
    /// The story's address on the site, made from its headline when first stored.
    public var slug: Slug
    /// The headline readers see.
    public var headline: String
    /// The section the story runs in.
    public var section: Section
    /// Where and by whom the story was filed.
    public var dateline: Dateline
    /// The writer's credit; nil when none.
    public var byline: String?
    /// The story text, one paragraph per element.
    public var body: [String]
    /// The "Story Highlights" bullets.
    public var highlights: [String]
    /// Who wrote the highlights.
    public var highlightsOrigin: SuggestionOrigin
    /// The "All About" topics, most important first.
    public var topics: [Topic]
    /// Who chose the topics.
    public var topicsOrigin: SuggestionOrigin
    /// Workflow state; only published stories reach readers.
    public var status: StoryStatus
    /// When the story went (or goes) live; nil while it has no date.
    public var publishedAt: Date?
    /// When the story was first stored.
    public var createdAt: Date
    /// When the story last changed.
    public var updatedAt: Date
    /// The imported page it came from, if any.
    public var source: StorySource?
    /// The media library item shown under the headline; nil when the story has none.
    public var leadImage: Int64?
    /// The credited authors in order (the first is the lead writer); empty for a story credited
    /// only by its free-text ``byline``.
    public var authors: [Author] = []
    /// The title search engines and share cards show instead of the headline; nil to use the headline.
    public var seoTitle: String?
    /// The description search engines and share cards show; nil to use the first highlight.
    public var seoDescription: String?

    /// Makes a story value; stores build these, callers read them.
    public init(
        id: Int64, slug: Slug, headline: String, section: Section, dateline: Dateline, byline: String?,
        body: [String], highlights: [String], highlightsOrigin: SuggestionOrigin, topics: [Topic],
        topicsOrigin: SuggestionOrigin, status: StoryStatus, publishedAt: Date?, createdAt: Date,
        updatedAt: Date, source: StorySource?, leadImage: Int64? = nil
    ) {
        self.id = id
        self.slug = slug
        self.headline = headline
        self.section = section
        self.dateline = dateline
        self.byline = byline
        self.body = body
        self.highlights = highlights
        self.highlightsOrigin = highlightsOrigin
        self.topics = topics
        self.topicsOrigin = topicsOrigin
        self.status = status
        self.publishedAt = publishedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.source = source
        self.leadImage = leadImage
    }

    /// The story as a draft again, for editing or re-validation.
    public var draft: StoryDraft {
        StoryDraft(
            headline: headline, section: section.name, dateline: dateline, byline: byline, body: body,
            highlights: highlights, highlightsOrigin: highlightsOrigin, topics: topics.map(\.name),
            topicsOrigin: topicsOrigin, publishedAt: publishedAt, source: source, leadImage: leadImage,
            authorIDs: authors.map(\.id), seoTitle: seoTitle, seoDescription: seoDescription)
    }
}
