import DatelineCore
import Foundation

/// Everything Dateline reads from one HTML page: the story and the facts around it, richer than a
/// ``StoryDraft`` (it keeps what the page did not say as nil, and the lead image and canonical URL).
public struct ExtractedArticle: Hashable, Sendable, Codable {
    /// The headline, or nil when the page has none.
    public var headline: String?
    /// The writer's credit ("By Jane Arden").
    public var byline: String?
    /// When the story was first published.
    public var published: Date?
    /// When the story was last changed.
    public var modified: Date?
    /// The section or desk the page files the story under.
    public var section: String?
    /// The wire dateline opening the story, removed from ``body``.
    public var dateline: Dateline
    /// The dateline exactly as the page printed it ("BUFFALO, N.Y. —"), or nil when there is none.
    public var printedDateline: String?
    /// The page's own "Story Highlights" bullets.
    public var highlights: [String]
    /// The "All About" topics, most important first.
    public var topics: [String]
    /// Who chose the topics: ``SuggestionOrigin/source`` when the page declared them,
    /// ``SuggestionOrigin/machine`` when Dateline's text engine found them.
    public var topicsOrigin: SuggestionOrigin
    /// The story text, one paragraph per element, without the dateline.
    public var body: [String]
    /// The page's canonical address.
    public var canonicalURL: String?
    /// The story's language as a BCP 47 tag.
    public var language: String?
    /// The picture the story leads with.
    public var image: LeadImage?

    /// Makes an article record.
    public init(
        headline: String? = nil, byline: String? = nil, published: Date? = nil, modified: Date? = nil,
        section: String? = nil, dateline: Dateline = Dateline(), printedDateline: String? = nil,
        highlights: [String] = [], topics: [String] = [], topicsOrigin: SuggestionOrigin = .editor,
        body: [String] = [], canonicalURL: String? = nil, language: String? = nil, image: LeadImage? = nil
    ) {
        self.headline = headline
        self.byline = byline
        self.published = published
        self.modified = modified
        self.section = section
        self.dateline = dateline
        self.printedDateline = printedDateline
        self.highlights = highlights
        self.topics = topics
        self.topicsOrigin = topicsOrigin
        self.body = body
        self.canonicalURL = canonicalURL
        self.language = language
        self.image = image
    }

    /// The story text as the page printed it: the dateline in front of the first paragraph, and
    /// paragraphs separated by a blank line.
    public var printedText: String {
        var paragraphs = body
        if let printedDateline {
            if paragraphs.isEmpty {
                paragraphs = [printedDateline]
            } else {
                paragraphs[0] = printedDateline + " " + paragraphs[0]
            }
        }
        return paragraphs.joined(separator: "\n\n")
    }
}
