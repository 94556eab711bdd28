import DatelineCore
import Foundation

/// Everything Dateline keeps about stories, behind one interface so that SQLite and
/// PostgreSQL backends are interchangeable for every caller.
///
/// All methods are `async` and throw ``StoreError``. Each write is one transaction: a story is
/// stored whole or not at all. Reads of reader-facing lists (``publishedStories(_:)``) return
/// only published stories, newest first.
public protocol StoryStore: Sendable {
    /// Validates `draft` and stores it as a new story with `status`, giving it a unique slug.
    func create(_ draft: StoryDraft, status: StoryStatus) async throws(StoreError) -> Story

    /// Replaces the content of story `id` with `draft`; the slug, status and creation time stay.
    ///
    /// A draft without a publication time or source keeps the story's own. Throws
    /// ``StoreError/notFound(id:)`` when no story has this key.
    func update(id: Int64, with draft: StoryDraft) async throws(StoreError) -> Story

    /// Changes only the workflow state (and the publication time when given).
    ///
    /// A story published without a publication time is dated now, so every published story has
    /// one. Throws ``StoreError/notFound(id:)`` when no story has this key.
    func setStatus(id: Int64, to status: StoryStatus, publishedAt: Date?) async throws(StoreError) -> Story

    /// Stores an imported page: a new story the first time, an update when the same source
    /// (by URL, or by identical checksum) was imported before and has changed, nothing when it
    /// has not. Imported stories are published at `draft.publishedAt`, or now.
    ///
    /// The draft must carry its ``StorySource`` (else ``StoreError/invalid(_:)``). An update keeps
    /// the story's id, slug and status, so a story an editor took down stays down.
    func importStory(_ draft: StoryDraft) async throws(StoreError) -> ImportOutcome

    /// Stores a batch of imported pages as ``importStory(_:)`` does each, in one transaction:
    /// every page of the batch is stored or none is, so an import killed part-way leaves whole
    /// batches and a re-run finds them unchanged.
    ///
    /// The answer has one entry per draft, in order. A draft that fails validation is refused in
    /// its place (``StoreError/invalid(_:)``) and the rest of the batch goes on; a refusal by the
    /// database rolls the whole batch back and throws, and the caller may then import the pages
    /// one at a time to find the one at fault.
    func importStories(_ drafts: [StoryDraft]) async throws(StoreError) -> [Result<ImportedStory, StoreError>]

    /// Deletes a story and its topic links; throws ``StoreError/notFound(id:)`` when no story has this key.
    func delete(id: Int64) async throws(StoreError)

    /// The story with this key, in any status.
    func story(id: Int64) async throws(StoreError) -> Story?

    /// The story with this slug, in any status.
    func story(slug: Slug) async throws(StoreError) -> Story?

    /// Published stories with these slugs, in the order given (each once); unknown slugs are skipped.
    func publishedStories(slugs: [Slug]) async throws(StoreError) -> [Story]

    /// Published stories matching `query`, newest first; stories published at the same moment
    /// keep one fixed order, so pages never repeat or skip a story.
    func publishedStories(_ query: StoryQuery) async throws(StoreError) -> [Story]

    /// How many published stories match `query` (ignoring its limit and offset).
    func countPublished(_ query: StoryQuery) async throws(StoreError) -> Int

    /// The story a reader reaches by "Next Article in <Section> »": the published story just
    /// before `story` in its section by publication time, or the newest one when `story` is
    /// the oldest; nil when the section has no other story. A story without a publication time
    /// leads to the section's newest.
    func nextStory(after story: Story) async throws(StoreError) -> Story?

    /// Published stories that share topics (most shared first) or else the section with `story`,
    /// newest first within a tie; never `story` itself.
    ///
    /// Among stories sharing as many topics, those in `story`'s section come first. A `limit` of
    /// zero or less gives no stories.
    func relatedStories(to story: Story, limit: Int) async throws(StoreError) -> [Story]

    /// Sections that have at least one published story, by name.
    func sections() async throws(StoreError) -> [Section]

    /// The front page's blocks in one read: ``sections()`` in their order, each with its newest
    /// `storiesPerSection` published stories, newest first (clamped to 1...50).
    func sectionFronts(storiesPerSection: Int) async throws(StoreError) -> [SectionFront]

    /// The section with this slug while at least one published story is filed in it; a name
    /// that only drafts and scheduled stories use stays unknown to readers (embargoed names
    /// cannot be guessed, and a contributor cannot put a title on the site's domain).
    func section(slug: Slug) async throws(StoreError) -> Section?

    /// The topic with this slug while at least one published story is tagged with it; like
    /// ``section(slug:)``, a topic only unpublished stories use is not found.
    func topic(slug: Slug) async throws(StoreError) -> Topic?

    /// The number of stories in any status.
    func storyCount() async throws(StoreError) -> Int

    /// Stories of any status changed after `cursor` (all stories when nil), oldest change first,
    /// at most `limit`; follow ``StoryChanges/cursor`` to read the next batch. Caches and
    /// indexes (the "Don't Miss" similarity index) use it to catch up with writes made by any
    /// process sharing the database.
    func storyChanges(after cursor: StoryChangeCursor?, limit: Int) async throws(StoreError) -> StoryChanges

    /// Published stories matching `query`'s words and filters, best match first (headline and
    /// highlights count above the body), with the total and a marked passage for each.
    ///
    /// Any reader text is acceptable: an expression with nothing to look for gives no results.
    func search(_ query: SearchQuery) async throws(StoreError) -> SearchResults

    /// Slugs and times of published stories, newest first, for sitemaps; `since` keeps only
    /// stories published at or after it. `limit` is clamped to 1...50,000.
    func publishedStoryStamps(since: Date?, limit: Int, offset: Int) async throws(StoreError) -> [StoryStamp]

    /// Topics that tag at least one published story, by name.
    func publishedTopics() async throws(StoreError) -> [Topic]

    /// Checks that the database answers and is the one the store opened; throws
    /// ``StoreError/unavailable(_:)`` or a database error when it is not. Readiness checks call it.
    func ping() async throws(StoreError)
}

extension StoryStore {
    /// A query every backend answers.
    public func ping() async throws(StoreError) { _ = try await storyCount() }
}

/// A section and its newest published stories, as the front page shows them.
public struct SectionFront: Hashable, Sendable {
    public var section: Section
    public var stories: [Story]

    public init(section: Section, stories: [Story]) {
        self.section = section
        self.stories = stories
    }
}

/// What ``StoryStore/importStory(_:)`` did with a page.
public enum ImportOutcome: Hashable, Sendable {
    /// The page was new; here is its story.
    case created(Story)
    /// The page had been imported before and changed; here is the updated story.
    case updated(Story)
    /// The page had been imported before with the same content; nothing was written.
    case unchanged(Story)

    /// The story that now holds the page.
    public var story: Story {
        switch self {
        case .created(let story), .updated(let story), .unchanged(let story): return story
        }
    }
}

/// What ``StoryStore/importStories(_:)`` did with one page: the outcome and the story's key and
/// address, without reading the whole story back.
public struct ImportedStory: Hashable, Sendable {
    /// What happened to a page.
    public enum Kind: Hashable, Sendable {
        case created, updated, unchanged
    }

    public var kind: Kind
    public var id: Int64
    public var slug: Slug

    public init(kind: Kind, id: Int64, slug: Slug) {
        self.kind = kind
        self.id = id
        self.slug = slug
    }

    /// The receipt for an outcome of ``StoryStore/importStory(_:)``.
    public init(_ outcome: ImportOutcome) {
        switch outcome {
        case .created(let story): self.init(kind: .created, id: story.id, slug: story.slug)
        case .updated(let story): self.init(kind: .updated, id: story.id, slug: story.slug)
        case .unchanged(let story): self.init(kind: .unchanged, id: story.id, slug: story.slug)
        }
    }
}

/// A filter and window over published stories, newest first.
public struct StoryQuery: Hashable, Sendable {
    /// Only stories in this section.
    public var section: Slug?
    /// Only stories tagged with this topic.
    public var topic: Slug?
    /// Only stories published at or after this time.
    public var publishedSince: Date?
    /// Only stories published before this time.
    public var publishedBefore: Date?
    /// At most this many stories (1...500).
    public var limit: Int
    /// Skip this many stories first.
    public var offset: Int
    /// Only stories crediting the author with this address.
    public var author: Slug?

    /// Makes a query; `limit` is clamped to 1...500 and `offset` to 0 or more.
    public init(
        section: Slug? = nil, topic: Slug? = nil, publishedSince: Date? = nil, publishedBefore: Date? = nil,
        limit: Int = 20, offset: Int = 0, author: Slug? = nil
    ) {
        self.section = section
        self.topic = topic
        self.publishedSince = publishedSince
        self.publishedBefore = publishedBefore
        self.limit = min(max(limit, 1), 500)
        self.offset = max(offset, 0)
        self.author = author
    }
}

/// A position in the stream of story changes: the last change read, by time and then id.
public struct StoryChangeCursor: Hashable, Sendable, Codable {
    /// When the last story read was changed.
    public var updatedAt: Date
    /// The id of the last story read, which breaks ties between changes at the same moment.
    public var id: Int64

    /// Makes a cursor.
    public init(updatedAt: Date, id: Int64) {
        self.updatedAt = updatedAt
        self.id = id
    }
}

/// One batch of changed stories and where the next batch starts.
public struct StoryChanges: Hashable, Sendable {
    /// The changed stories, oldest change first, in any status.
    public var stories: [Story]
    /// The position after the last story of this batch; the same cursor as asked when empty.
    public var cursor: StoryChangeCursor?

    /// Makes a batch.
    public init(stories: [Story], cursor: StoryChangeCursor?) {
        self.stories = stories
        self.cursor = cursor
    }
}
