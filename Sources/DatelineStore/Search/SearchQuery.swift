import DatelineCore
import Foundation

/// A search over published stories: what to look for, optional section and date filters, and
/// the window of results wanted.
public struct SearchQuery: Hashable, Sendable {
    /// Most results one query returns.
    public static let maximumLimit = 100

    /// What to look for.
    public var expression: SearchExpression
    /// Only stories in this section.
    public var section: Slug?
    /// Only stories published at or after this time.
    public var publishedSince: Date?
    /// Only stories published before this time.
    public var publishedBefore: Date?
    /// At most this many results (1...``maximumLimit``).
    public var limit: Int
    /// Skip this many results first.
    public var offset: Int
    /// The most matches ranked (``SearchWindow``); tests make it small to see the bound at work.
    public var candidateLimit = SearchWindow.candidateLimit

    /// Makes a query from the reader's text; `limit` is clamped to 1...``maximumLimit`` and
    /// `offset` to 0 or more.
    public init(
        text: String, section: Slug? = nil, publishedSince: Date? = nil, publishedBefore: Date? = nil,
        limit: Int = 10, offset: Int = 0
    ) {
        self.init(
            expression: SearchExpression(parsing: text), section: section, publishedSince: publishedSince,
            publishedBefore: publishedBefore, limit: limit, offset: offset)
    }

    /// Makes a query from an expression already read.
    public init(
        expression: SearchExpression, section: Slug? = nil, publishedSince: Date? = nil,
        publishedBefore: Date? = nil, limit: Int = 10, offset: Int = 0
    ) {
        self.expression = expression
        self.section = section
        self.publishedSince = publishedSince
        self.publishedBefore = publishedBefore
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.offset = max(offset, 0)
    }
}
