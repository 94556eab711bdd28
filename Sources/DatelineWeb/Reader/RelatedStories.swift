import DatelineCore
import DatelineStore

extension ReaderSite {
    /// How many "Don't Miss" links a story shows.
    static let dontMissCount = 4

    /// The stories offered under "Don't Miss". For now the store's shared-topics-or-section
    /// ranking; the text engine's similarity replaces it here, and only here.
    func dontMiss(for story: Story) async throws -> [Story] {
        try await store.relatedStories(to: story, limit: Self.dontMissCount)
    }
}
