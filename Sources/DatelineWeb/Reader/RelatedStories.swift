import DatelineCore
import DatelineStore

extension ReaderSite {
    /// How many "Don't Miss" links a story shows.
    static let dontMissCount = 4

    /// The stories offered under "Don't Miss": the text engine's similarity over the archive
    /// (headline, highlights, body and topics), topped up by shared topics and section.
    func dontMiss(for story: Story) async throws -> [Story] {
        try await relatedStories.related(to: story, limit: Self.dontMissCount)
    }
}
