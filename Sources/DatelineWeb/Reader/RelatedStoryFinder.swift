import DatelineCore
import DatelineStore
import DatelineText
import Foundation

/// Keeps the text engine's similarity index of the archive and answers "Don't Miss".
///
/// The index lives in memory in each instance and catches up with the store's change stream
/// (``StoryStore/storyChanges(after:limit:)``) at most every `refreshInterval`, so stories
/// published by another instance or by `dateline import` join it within that interval. Entries
/// for stories that were later unpublished or deleted may linger in the index until their next
/// change, but every suggestion is re-read from the store as a published story, so a reader never
/// sees one.
actor RelatedStoryFinder {
    private let store: any StoryStore
    private let refreshInterval: Duration
    private let clock = ContinuousClock()
    private var index = RelatedStoryIndex()
    private var slugs: [Int64: Slug] = [:]
    private var cursor: StoryChangeCursor?
    private var lastRefresh: ContinuousClock.Instant?

    /// The most changes read from the store in one batch while catching up.
    static let batchSize = 500

    /// Makes a finder over `store` that looks for new stories at most every `refreshInterval`.
    init(store: any StoryStore, refreshInterval: Duration = .seconds(5)) {
        self.store = store
        self.refreshInterval = refreshInterval
    }

    /// Up to `limit` published stories most like `story`, best first; when the index knows
    /// nothing alike (a new archive, a story with no shared words), the store's shared-topic and
    /// same-section ranking fills the gap.
    func related(to story: Story, limit: Int) async throws -> [Story] {
        try await refreshIfDue()
        // Ask for extra ids: some may have been unpublished since they were indexed.
        let ranked = index.related(to: story.id, limit: limit * 2)
        let found = try await store.publishedStories(slugs: ranked.compactMap { slugs[$0.id] })
            .filter { $0.id != story.id }
        var chosen = Array(found.prefix(limit))
        if chosen.count < limit {
            let known = Set(chosen.map(\.id))
            let fallback = try await store.relatedStories(to: story, limit: limit)
            chosen += fallback.filter { !known.contains($0.id) }.prefix(limit - chosen.count)
        }
        return chosen
    }

    /// Reads every change since the last refresh into the index, when the interval has passed.
    private func refreshIfDue() async throws {
        let now = clock.now
        if let lastRefresh, lastRefresh.duration(to: now) < refreshInterval { return }
        lastRefresh = now
        while true {
            let changes = try await store.storyChanges(after: cursor, limit: Self.batchSize)
            for story in changes.stories {
                if story.status.isPublic {
                    index.add(
                        IndexedStory(
                            id: story.id, headline: story.headline,
                            body: (story.highlights + story.body).joined(separator: "\n"),
                            topics: story.topics.map(\.name)))
                    slugs[story.id] = story.slug
                } else {
                    index.remove(id: story.id)
                    slugs[story.id] = nil
                }
            }
            cursor = changes.cursor
            if changes.stories.count < Self.batchSize { break }
        }
    }
}
