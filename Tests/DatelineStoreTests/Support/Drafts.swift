import DatelineCore
import Foundation
import Testing

/// Fixed times for tests, a day apart, so ordering never depends on the clock.
enum Times {
    /// 17 February 2008, 12:00 UTC.
    static let base = Date(timeIntervalSince1970: 1_203_249_600)

    /// `base` plus `days` days.
    static func day(_ days: Int) -> Date {
        base.addingTimeInterval(TimeInterval(days) * 86_400)
    }
}

extension StoryDraft {
    /// A small valid draft; tests override what they look at.
    static func sample(
        _ headline: String = "Council approves new harbour bridge",
        section: String? = "World",
        topics: [String] = [],
        publishedAt: Date? = nil,
        source: StorySource? = nil
    ) -> StoryDraft {
        StoryDraft(
            headline: headline, section: section, dateline: Dateline(place: "PORT ELLEN, Scotland", source: "DL"),
            byline: "By Test Writer", body: ["First paragraph about \(headline).", "Second paragraph."],
            highlights: ["One highlight"], topics: topics, publishedAt: publishedAt, source: source)
    }

    /// A draft for an imported page with the given source.
    static func imported(
        _ headline: String = "Imported story", url: String, checksum: String, publishedAt: Date? = nil
    ) -> StoryDraft {
        var draft = StoryDraft.sample(headline, publishedAt: publishedAt)
        draft.source = StorySource(url: url, checksum: checksum)
        draft.highlightsOrigin = .source
        draft.topicsOrigin = .source
        return draft
    }
}

/// The slug spelled `text`, failing the test when `text` is not a well-formed slug.
func slug(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Slug {
    try #require(Slug(validating: text), sourceLocation: sourceLocation)
}
