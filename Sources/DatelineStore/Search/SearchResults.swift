import DatelineCore

/// One page of search results, best match first, with how many stories match in all.
public struct SearchResults: Hashable, Sendable {
    /// The stories on this page, best first.
    public var hits: [SearchHit]
    /// How many published stories match, ignoring the query's window.
    public var total: Int
    /// True when ``total`` is an estimate: more stories match than the query's
    /// ``SearchQuery/candidateLimit``, and only the newest that many were ranked.
    public var isEstimate: Bool
    /// How many of the results can be paged through: all of them, or the ranked window.
    public var reachable: Int

    /// Makes a page of results.
    public init(hits: [SearchHit], total: Int, isEstimate: Bool = false, reachable: Int? = nil) {
        self.hits = hits
        self.total = total
        self.isEstimate = isEstimate
        self.reachable = reachable ?? total
    }

    /// The results of `ranking`, with the page's hits.
    public init(hits: [SearchHit], ranking: SearchWindow.Ranking) {
        self.init(hits: hits, total: ranking.total, isEstimate: ranking.isEstimate, reachable: ranking.ranked)
    }

    /// No results at all.
    public static let none = SearchResults(hits: [], total: 0)
}

/// A story that matched a search, with its headline and a short passage marked where the
/// reader's words were found.
public struct SearchHit: Hashable, Sendable {
    /// The matching story.
    public var story: Story
    /// The headline, with matched words marked.
    public var headline: MarkedText
    /// A passage from the highlights or body around the matches, with matched words marked.
    public var snippet: MarkedText

    /// Makes a hit.
    public init(story: Story, headline: MarkedText, snippet: MarkedText) {
        self.story = story
        self.headline = headline
        self.snippet = snippet
    }
}

/// Plain text in pieces, each either matched by the search or not. Kept as data rather than
/// markup, so whoever shows it escapes the text its own way.
public struct MarkedText: Hashable, Sendable {
    /// One run of text.
    public struct Segment: Hashable, Sendable {
        /// The text, unescaped.
        public var text: String
        /// True when this run is a word the reader searched for.
        public var isMatch: Bool

        /// Makes a run.
        public init(text: String, isMatch: Bool) {
            self.text = text
            self.isMatch = isMatch
        }
    }

    /// The runs, in order.
    public var segments: [Segment]

    /// Makes marked text from runs.
    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// The text without marks.
    public var plainText: String { segments.map(\.text).joined() }

    /// True when some run is marked.
    public var hasMatch: Bool { segments.contains { $0.isMatch } }
}
