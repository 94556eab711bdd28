import DatelineCore
import Foundation

/// The little a sitemap needs about a published story: its address, headline, section and times,
/// read without the story's body.
public struct StoryStamp: Hashable, Sendable {
    /// The story's slug.
    public var slug: Slug
    /// The headline.
    public var headline: String
    /// When it was published.
    public var publishedAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Makes a stamp.
    public init(slug: Slug, headline: String, publishedAt: Date, updatedAt: Date) {
        self.slug = slug
        self.headline = headline
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
    }
}
