import DatelineCore
import Foundation
import GRDB

/// The ``StoryStore`` kept in one SQLite file through GRDB, for a single machine.
///
/// The file is opened in WAL mode with a busy timeout, so a server and an import run can share
/// it: readers never wait for writers, and writers from other processes queue for up to
/// ``busyTimeout`` seconds. Each write runs in one immediate transaction.
///
/// Times are kept as UTC text to the millisecond, so publication times must fall in the years
/// 1000 to 9999; a story read back carries its times as stored.
public final class SQLiteStoryStore: StoryStore {
    /// The database file's path, as given to ``init(path:)``.
    public let path: String

    /// How long a write waits for another process's write to finish before failing.
    public static let busyTimeout: TimeInterval = 10

    let pool: DatabasePool

    /// Opens (creating it when missing) the database file at `path` and brings its schema up to date.
    ///
    /// Throws ``StoreError/unavailable(_:)`` when the folder is missing or unwritable, when the file
    /// is not a SQLite database or belongs to another program, and when a newer Dateline has
    /// migrated it; in every such case the file is left as it was.
    public init(path: String) throws(StoreError) {
        self.path = path
        try Self.checkLocation(of: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "Dateline"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.sqlite(error, path: path)
        }
        try Self.migrate(pool, path: path)
    }

    /// Refuses paths SQLite would reject with a vaguer message (or, for a folder, not at all).
    private static func checkLocation(of path: String) throws(StoreError) {
        guard !path.trimmingWhitespace().isEmpty else {
            throw .unavailable("no database path was given; name a file such as dateline.sqlite")
        }
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue {
                throw .unavailable(
                    "'\(path)' is a folder; name a database file inside it, such as \(path)/dateline.sqlite")
            }
            return
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !fileManager.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw .unavailable("cannot create '\(path)': the folder '\(folder)' does not exist; create it first")
        }
    }

    /// Applies missing migrations, refusing files that are not (or are newer than) Dateline's.
    private static func migrate(_ pool: DatabasePool, path: String) throws(StoreError) {
        let migrator = SQLiteSchema.migrator
        do {
            let (foreignTables, unknownMigrations) = try pool.read { db in
                guard try db.tableExists("grdb_migrations") else {
                    let tables = try String.fetchAll(
                        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    return (tables, [String]())
                }
                let known = Set(migrator.migrations)
                return ([String](), try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted())
            }
            if !foreignTables.isEmpty {
                throw StoreError.unavailable(
                    "'\(path)' is a SQLite database of another program (it has tables \(foreignTables.prefix(5).joined(separator: ", "))); "
                        + "Dateline leaves it alone: choose a new file name or a Dateline database")
            }
            if !unknownMigrations.isEmpty {
                throw StoreError.unavailable(
                    "'\(path)' was written by a newer version of Dateline (schema \(unknownMigrations.joined(separator: ", "))); "
                        + "upgrade Dateline to open it, or choose another database")
            }
            do {
                try migrator.migrate(pool)
            } catch {
                // Another process may have migrated the file between our check and our write; its
                // work is as good as ours.
                guard try pool.read(migrator.hasCompletedMigrations) else { throw error }
            }
        } catch {
            throw StoreError.sqlite(error, path: path)
        }
    }

    /// The file must still be where the store opened it: a database deleted or unmounted under a
    /// running server would take writes into a file nobody can open again.
    public func ping() async throws(StoreError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unavailable("the database file '\(path)' is gone; restore it or restart with another database")
        }
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    // MARK: - Running work

    /// Runs `work` in one write transaction, translating whatever it throws.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(work)
        } catch {
            throw StoreError.sqlite(error, path: path)
        }
    }

    /// Runs `work` on a read-only snapshot, translating whatever it throws.
    func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(work)
        } catch {
            throw StoreError.sqlite(error, path: path)
        }
    }

    // MARK: - Writing

    public func create(_ draft: StoryDraft, status: StoryStatus) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        let now = Date()
        return try await write { db in try Self.insertStory(draft, status: status, now: now, db) }
    }

    public func update(id: Int64, with draft: StoryDraft) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        let now = Date()
        return try await write { db in try Self.replaceContent(ofStory: id, with: draft, now: now, db) }
    }

    public func setStatus(id: Int64, to status: StoryStatus, publishedAt: Date?) async throws(StoreError) -> Story {
        if let publishedAt { try StoreInput.checkPublicationTime(publishedAt) }
        let now = Date()
        return try await write { db in
            try Self.changeStatus(
                ofStory: id, to: StoryStatusChange(status: status, publishedAt: publishedAt), now: now, db)
        }
    }

    /// Moves story `id` to `change`'s status inside the caller's transaction.
    static func changeStatus(ofStory id: Int64, to change: StoryStatusChange, now: Date, _ db: Database) throws -> Story
    {
        // A story in the trash takes no workflow step until it is restored.
        guard var record = try StoryRecord.fetchOne(db, key: id), try !isTrashed(id, db) else {
            throw StoreError.notFound(id: id)
        }
        if record.status != change.status.rawValue, StoryMediaRules.needsReadyImages(change.status) {
            try checkImages(of: try story(id: id, db).draft, goingTo: change.status, db)
        }
        record.status = change.status.rawValue
        if let publishedAt = change.publishedAt {
            record.publishedAt = publishedAt
        } else if change.status == .published, record.publishedAt == nil {
            record.publishedAt = now
        }
        record.updatedAt = now
        try record.update(db)
        return try story(id: id, db)
    }

    public func importStory(_ draft: StoryDraft) async throws(StoreError) -> ImportOutcome {
        let (draft, source) = try StoreInput.validateImport(draft)
        let now = Date()
        return try await write { db in
            switch try Self.importPage(draft, source: source, now: now, db) {
            case .created(let id): return .created(try Self.story(id: id, db))
            case .updated(let story): return .updated(story)
            case .unchanged(let id): return .unchanged(try Self.story(id: id, db))
            }
        }
    }

    public func importStories(_ drafts: [StoryDraft]) async throws(StoreError)
        -> [Result<ImportedStory, StoreError>]
    {
        var answers: [Result<ImportedStory, StoreError>?] = Array(repeating: nil, count: drafts.count)
        var valid: [(index: Int, draft: StoryDraft, source: StorySource)] = []
        for (index, draft) in drafts.enumerated() {
            do {
                let (checked, source) = try StoreInput.validateImport(draft)
                valid.append((index, checked, source))
            } catch {
                answers[index] = .failure(error)
            }
        }
        let now = Date()
        let pages = valid
        // One transaction for the batch: one commit (and one sync of the log) for all its pages,
        // and the full-text index's pending terms written once.
        let stored = try await write { db in
            try pages.map { page -> ImportedStory in
                switch try Self.importPage(page.draft, source: page.source, now: now, db) {
                case .created(let id):
                    return ImportedStory(kind: .created, id: id, slug: try Self.storySlug(id: id, db))
                case .updated(let story): return ImportedStory(kind: .updated, id: story.id, slug: story.slug)
                case .unchanged(let id):
                    return ImportedStory(kind: .unchanged, id: id, slug: try Self.storySlug(id: id, db))
                }
            }
        }
        for (page, receipt) in zip(valid, stored) { answers[page.index] = .success(receipt) }
        return answers.map { $0 ?? .failure(.failed("the import lost track of a page")) }
    }

    /// What ``importPage(_:source:now:_:)`` did, with no more read back than it needed.
    enum PageImport {
        case created(Int64), updated(Story), unchanged(Int64)
    }

    /// Stores one imported page inside the caller's transaction: a new story, an update of the
    /// story that came from the same source (by URL, else by identical checksum), or nothing.
    static func importPage(_ draft: StoryDraft, source: StorySource, now: Date, _ db: Database) throws -> PageImport {
        let known =
            try SQLRequest<StoryRecord>(
                sql: "SELECT * FROM stories WHERE source_url = ? LIMIT 1", arguments: [source.url], cached: true
            ).fetchOne(db)
            ?? SQLRequest<StoryRecord>(
                sql: "SELECT * FROM stories WHERE source_checksum = ? ORDER BY id LIMIT 1",
                arguments: [source.checksum], cached: true
            ).fetchOne(db)
        guard let known, let id = known.id else {
            return .created(try insertStoryRow(draft, status: .published, now: now, db))
        }
        if known.sourceChecksum == source.checksum { return .unchanged(id) }
        return .updated(try replaceContent(ofStory: id, with: draft, now: now, db))
    }

    /// The address of story `id`, read in the caller's transaction.
    static func storySlug(id: Int64, _ db: Database) throws -> Slug {
        guard let raw = try String.fetchOne(db, sql: "SELECT slug FROM stories WHERE id = ?", arguments: [id]),
            let slug = Slug(validating: raw)
        else { throw StoreError.notFound(id: id) }
        return slug
    }

    public func delete(id: Int64) async throws(StoreError) {
        try await write { db in
            guard try StoryRecord.deleteOne(db, key: id) else { throw StoreError.notFound(id: id) }
        }
    }

    // MARK: - Reading

    public func story(id: Int64) async throws(StoreError) -> Story? {
        try await read { db in
            try StoryRecord.fetchOne(db, key: id).flatMap { try Self.stories(from: [$0], db).first }
        }
    }

    public func story(slug: Slug) async throws(StoreError) -> Story? {
        try await read { db in
            try SQLRequest<StoryRecord>(literal: "SELECT * FROM stories WHERE slug = \(slug.rawValue)", cached: true)
                .fetchOne(db).flatMap { try Self.stories(from: [$0], db).first }
        }
    }

    public func publishedStories(slugs: [Slug]) async throws(StoreError) -> [Story] {
        try await read { db in try Self.publishedStories(slugs: slugs, db) }
    }

    public func publishedStories(_ query: StoryQuery) async throws(StoreError) -> [Story] {
        try await read { db in try Self.publishedStories(query, db) }
    }

    public func countPublished(_ query: StoryQuery) async throws(StoreError) -> Int {
        try await read { db in try Self.countPublished(query, db) }
    }

    public func nextStory(after story: Story) async throws(StoreError) -> Story? {
        try await read { db in try Self.nextStory(after: story, db) }
    }

    public func relatedStories(to story: Story, limit: Int) async throws(StoreError) -> [Story] {
        guard limit > 0 else { return [] }
        return try await read { db in try Self.relatedStories(to: story, limit: min(limit, 500), db) }
    }

    public func sections() async throws(StoreError) -> [Section] {
        try await read { db in try Self.sectionsWithPublishedStories(db) }
    }

    public func sectionFronts(storiesPerSection: Int) async throws(StoreError) -> [SectionFront] {
        let limit = min(max(storiesPerSection, 1), 50)
        return try await read { db in
            try Self.sectionsWithPublishedStories(db).map { section in
                SectionFront(
                    section: section,
                    stories: try Self.publishedStories(StoryQuery(section: section.slug, limit: limit), db))
            }
        }
    }

    public func section(slug: Slug) async throws(StoreError) -> Section? {
        try await read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT name FROM sections WHERE slug = ?
                    AND EXISTS (SELECT 1 FROM stories WHERE stories.section_id = sections.id AND stories.status = ?)
                    """, arguments: [slug.rawValue, StoryStatus.published.rawValue]
            ).map { Section(name: $0, slug: slug) }
        }
    }

    public func topic(slug: Slug) async throws(StoreError) -> Topic? {
        try await read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT name FROM topics WHERE slug = ?
                    AND EXISTS (SELECT 1 FROM story_topics JOIN stories ON stories.id = story_topics.story_id
                        WHERE story_topics.topic_id = topics.id AND stories.status = ?)
                    """, arguments: [slug.rawValue, StoryStatus.published.rawValue]
            ).map { Topic(name: $0, slug: slug) }
        }
    }

    public func storyCount() async throws(StoreError) -> Int {
        try await read { db in try StoryRecord.fetchCount(db) }
    }

    public func storyChanges(after cursor: StoryChangeCursor?, limit: Int) async throws(StoreError) -> StoryChanges {
        let limit = min(max(limit, 1), 1_000)
        return try await read { db in
            let records: [StoryRecord]
            if let cursor {
                records = try StoryRecord.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM stories
                        WHERE updated_at > ? OR (updated_at = ? AND id > ?)
                        ORDER BY updated_at, id LIMIT ?
                        """,
                    arguments: [cursor.updatedAt, cursor.updatedAt, cursor.id, limit])
            } else {
                records = try StoryRecord.fetchAll(
                    db, sql: "SELECT * FROM stories ORDER BY updated_at, id LIMIT ?", arguments: [limit])
            }
            let stories = try Self.stories(from: records, db)
            let next = stories.last.map { StoryChangeCursor(updatedAt: $0.updatedAt, id: $0.id) } ?? cursor
            return StoryChanges(stories: stories, cursor: next)
        }
    }
}
