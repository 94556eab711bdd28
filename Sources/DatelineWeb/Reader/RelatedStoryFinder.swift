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
    /// The catch-up running beside the requests while a large backlog is read.
    private var catchingUp: Task<Void, Never>?
    /// The most changes read from the store in one batch.
    let batchSize: Int

    /// The most changes read in one batch by default.
    static let defaultBatchSize = 500

    /// Makes a finder over `store` that looks for new stories at most every `refreshInterval`.
    init(store: any StoryStore, refreshInterval: Duration = .seconds(5), batchSize: Int = defaultBatchSize) {
        self.store = store
        self.refreshInterval = refreshInterval
        self.batchSize = max(1, batchSize)
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

    /// How many stories the index holds now.
    var indexedCount: Int { slugs.count }

    /// True while a large backlog is still being read in the background.
    var isCatchingUp: Bool { catchingUp != nil }

    /// Reads the changes since the last refresh into the index, when the interval has passed.
    ///
    /// One batch is read before answering; a larger backlog (an instance starting on a big
    /// archive: 100,000 stories took a minute) is read by a task beside the requests, which
    /// meanwhile get the store's topic and section ranking for what the index does not know yet.
    private func refreshIfDue() async throws {
        guard catchingUp == nil else { return }
        let now = clock.now
        if let lastRefresh, lastRefresh.duration(to: now) < refreshInterval { return }
        lastRefresh = now
        guard try await readBatch() else { return }
        catchingUp = Task {
            while (try? await self.readBatch()) == true {}
            self.catchingUp = nil
        }
    }

    /// Reads one batch of changes into the index; true when more may be waiting.
    private func readBatch() async throws -> Bool {
        let changes = try await store.storyChanges(after: cursor, limit: batchSize)
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
        return changes.stories.count >= batchSize
    }
}
