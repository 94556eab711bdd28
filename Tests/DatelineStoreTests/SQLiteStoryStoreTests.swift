import DatelineCore
import Foundation
import GRDB
import Testing

@testable import DatelineStore

/// Behaviour only the SQLite backend has: the file, its schema versions and its transactions.
@Suite("SQLiteStoryStore")
struct SQLiteStoryStoreTests {
    /// A raw connection to the same file, as another program (or a test hook) would open it.
    ///
    /// `holdsTransactions` lets a test keep a transaction open across accesses, as a process
    /// in the middle of its own write would.
    private func rawConnection(_ path: String, holdsTransactions: Bool = false) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.allowsUnsafeTransactions = holdsTransactions
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    @Test("opening a file twice keeps its stories and applies each migration once")
    func reopeningIsIdempotent() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let story = try await SQLiteStoryStore(path: path).create(.sample(topics: ["Kosovo"]), status: .published)
            let reopened = try SQLiteStoryStore(path: path)
            #expect(try await reopened.story(id: story.id) == story)
            _ = try SQLiteStoryStore(path: path)

            let applied = try await rawConnection(path).read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
            #expect(applied == SQLiteSchema.migrator.migrations.sorted())
        }
    }

    @Test("a story's search row is written once, after its topics; a file from before v23 keeps its index")
    func searchIndexWrittenAfterTopics() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            // A file written before the change: its triggers index a story as each topic is linked.
            let old = try rawConnection(path)
            try SQLiteSchema.migrator.migrate(old, upTo: "v22-mail-hand-over")
            try await old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO sections (slug, name) VALUES ('world', 'World');
                        INSERT INTO topics (slug, name) VALUES ('lighthouses', 'Lighthouses');
                        INSERT INTO stories (slug, headline, section_id, body, highlights, highlights_origin,
                            topics_origin, status, published_at, created_at, updated_at)
                        VALUES ('old-story', 'Keepers leave the old light', 1, '["The keepers went ashore."]', '[]',
                            'editor', 'editor', 'published', '2008-02-17 12:00:00.000', '2008-02-17 12:00:00.000',
                            '2008-02-17 12:00:00.000');
                        INSERT INTO story_topics (story_id, topic_id, position) VALUES (1, 1, 0);
                        """)
            }
            try await old.close()

            let store = try SQLiteStoryStore(path: path)
            func found(_ words: String) async throws -> [String] {
                try await store.search(SearchQuery(expression: SearchExpression(parsing: words))).hits.map {
                    $0.story.slug.rawValue
                }
            }
            #expect(try await found("keepers ashore") == ["old-story"])
            #expect(try await found("lighthouses") == ["old-story"])

            let topics = ["Ferries", "Islay", "Harbours"]
            var draft = StoryDraft.sample("Ferry timetable changes in spring", topics: topics)
            draft.publishedAt = Times.day(1)
            let story = try await store.create(draft, status: .published)
            #expect(try await found("timetable") == [story.slug.rawValue])
            #expect(try await found("islay") == [story.slug.rawValue])
            let indexed = try await rawConnection(path).read { db in
                (
                    try String.fetchOne(
                        db, sql: "SELECT topics FROM story_search WHERE rowid = ?", arguments: [story.id]),
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM stories WHERE search_pending IS NOT NULL"),
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM story_search WHERE rowid = ?", arguments: [story.id])
                )
            }
            #expect(indexed.0 == "Ferries Islay Harbours")
            #expect(indexed.1 == 0, "no story is left marked")
            #expect(indexed.2 == 1)

            // An edit that changes text and topics is indexed again, once, with the new ones only.
            draft.topics = ["Timetables"]
            draft.body = ["The summer sailings start in May."]
            _ = try await store.update(id: story.id, with: draft)
            #expect(try await found("islay").isEmpty)
            #expect(try await found("timetables sailings") == [story.slug.rawValue])
            #expect(try await found("keepers") == ["old-story"])
        }
    }

    @Test("the file is in WAL mode with foreign keys and a busy timeout")
    func connectionSettings() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let store = try SQLiteStoryStore(path: path)
            let journalMode = try await rawConnection(path).read { db in
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            }
            #expect(journalMode == "wal")
            let (foreignKeys, busyTimeout) = try await store.pool.write { db in
                (
                    try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"),
                    try Int.fetchOne(db, sql: "PRAGMA busy_timeout")
                )
            }
            #expect(foreignKeys == true)
            #expect(busyTimeout == Int(SQLiteStoryStore.busyTimeout * 1000))
        }
    }

    @Test("times are stored as UTC text")
    func timesAreUTC() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let store = try SQLiteStoryStore(path: path)
            let story = try await store.create(.sample(publishedAt: Times.day(1)), status: .published)
            let stored = try await rawConnection(path).read { db in
                try String.fetchOne(db, sql: "SELECT published_at FROM stories WHERE id = ?", arguments: [story.id])
            }
            #expect(stored == "2008-02-18 12:00:00.000")
        }
    }

    @Test("a file that is not a database is refused and left untouched")
    func textFileIsRefused() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("notes.txt")
            let text = Data("Reporter's notes, not a database.\n".utf8)
            try text.write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: StoreError.self) { try SQLiteStoryStore(path: path) }
            let message = try #require(error.unavailableMessage)
            #expect(message.contains(path))
            #expect(message.contains("not a SQLite database"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["notes.txt"])
        }
    }

    @Test("a path in a missing folder is refused without creating the folder")
    func missingFolderIsRefused() async throws {
        try await TemporaryFolder.with { folder in
            let missing = folder.path("no-such-folder")
            let error = try #require(throws: StoreError.self) { try SQLiteStoryStore(path: missing + "/news.sqlite") }
            let message = try #require(error.unavailableMessage)
            #expect(message.contains(missing))
            #expect(message.contains("does not exist"))
            #expect(!FileManager.default.fileExists(atPath: missing))
        }
    }

    @Test("a folder or an empty path is refused")
    func folderAndEmptyPathAreRefused() async throws {
        try await TemporaryFolder.with { folder in
            let folderError = try #require(throws: StoreError.self) { try SQLiteStoryStore(path: folder.url.path) }
            #expect(folderError.unavailableMessage?.contains("is a folder") == true)
            let emptyError = try #require(throws: StoreError.self) { try SQLiteStoryStore(path: "  ") }
            #expect(emptyError.unavailableMessage != nil)
        }
    }

    @Test("another program's SQLite database is refused and left untouched")
    func foreignDatabaseIsRefused() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("recipes.sqlite")
            try await rawConnection(path).write { db in
                try db.execute(sql: "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
                try db.execute(sql: "INSERT INTO recipes (title) VALUES ('Bread')")
            }
            let error = try #require(throws: StoreError.self) { try SQLiteStoryStore(path: path) }
            #expect(error.unavailableMessage?.contains("another program") == true)
            let tables = try await rawConnection(path).read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            }
            #expect(tables == ["recipes"])
        }
    }

    @Test("a database from a newer Dateline is refused with a clear message")
    func newerDatabaseIsRefused() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let story = try await SQLiteStoryStore(path: path).create(.sample(), status: .published)
            try await rawConnection(path).write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
            let error = try #require(throws: StoreError.self) { try SQLiteStoryStore(path: path) }
            let message = try #require(error.unavailableMessage)
            #expect(message.contains("newer version of Dateline"))
            #expect(message.contains("v99-from-the-future"))
            let count = try await rawConnection(path).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stories WHERE id = ?", arguments: [story.id])
            }
            #expect(count == 1)
        }
    }

    /// Makes every link to the topic "Poison" fail inside SQLite, after the story row is written.
    private func poisonTopicLinks(_ path: String) async throws {
        try await rawConnection(path).write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER refuse_poison BEFORE INSERT ON story_topics
                    WHEN (SELECT slug FROM topics WHERE id = NEW.topic_id) = 'poison'
                    BEGIN SELECT RAISE(ABORT, 'test hook refuses the topic Poison'); END
                    """)
        }
    }

    @Test("a story failing half-way is not stored at all")
    func failedCreateLeavesNothing() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let store = try SQLiteStoryStore(path: path)
            try await poisonTopicLinks(path)
            let draft = StoryDraft.sample("Half a story", section: "Science", topics: ["Fine", "Poison"])
            let error = try #require(
                await #expect(throws: StoreError.self) { try await store.create(draft, status: .published) })
            #expect(error.failedMessage?.contains("Poison") == true)

            #expect(try await store.storyCount() == 0)
            #expect(try await store.story(slug: try slug("half-a-story")) == nil)
            #expect(try await store.section(slug: try slug("science")) == nil)
            #expect(try await store.topic(slug: try slug("fine")) == nil)
            let links = try await rawConnection(path).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM story_topics")
            }
            #expect(links == 0)
        }
    }

    @Test("a re-import failing half-way leaves the earlier version whole")
    func failedReimportKeepsEarlierVersion() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let store = try SQLiteStoryStore(path: path)
            var draft = StoryDraft.imported("First version", url: "file:///page.txt", checksum: "one")
            draft.topics = ["Fine"]
            let original = try await store.importStory(draft).story
            try await poisonTopicLinks(path)

            draft.headline = "Second version"
            draft.topics = ["Fine", "Poison"]
            draft.source = StorySource(url: "file:///page.txt", checksum: "two")
            await #expect(throws: StoreError.self) { try await store.importStory(draft) }
            #expect(try await store.story(id: original.id) == original)
            #expect(try await store.storyCount() == 1)
        }
    }

    @Test("a write waits for another process's transaction instead of failing")
    func writesWaitForOtherWriters() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let store = try SQLiteStoryStore(path: path)
            let other = try rawConnection(path, holdsTransactions: true)
            try await other.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
            let pending = Task { try await store.create(.sample("Waited for its turn"), status: .published) }
            try await Task.sleep(for: .milliseconds(300))
            try await other.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
            let story = try await pending.value
            #expect(try await store.story(id: story.id) == story)
        }
    }

    @Test("a row damaged by hand is reported, not crashed on")
    func damagedRowsAreReported() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let store = try SQLiteStoryStore(path: path)
            let story = try await store.create(.sample(), status: .published)
            try await rawConnection(path).write { db in
                try db.execute(sql: "UPDATE stories SET body = 'not a list' WHERE id = ?", arguments: [story.id])
            }
            let error = try #require(await #expect(throws: StoreError.self) { try await store.story(id: story.id) })
            #expect(error.failedMessage?.contains("story \(story.id)") == true)
            await #expect(throws: StoreError.self) { try await store.publishedStories(StoryQuery()) }

            try await rawConnection(path).write { db in
                try db.execute(
                    sql: "UPDATE stories SET body = '[]', published_at = 'yesterday' WHERE id = ?",
                    arguments: [story.id])
            }
            await #expect(throws: StoreError.self) { try await store.story(id: story.id) }
        }
    }

    @Test("publication times outside four-digit years are refused")
    func publicationTimeRange() async throws {
        try await TemporaryFolder.with { folder in
            let store = try SQLiteStoryStore(path: folder.path("news.sqlite"))
            // Roughly 1 January 10001: five-digit years would sort before four-digit ones as text.
            let yearTenThousandAndOne = Date(timeIntervalSince1970: 253_402_300_800 + 86_400 * 366)
            let error = try #require(
                await #expect(throws: StoreError.self) {
                    try await store.create(.sample(publishedAt: yearTenThousandAndOne), status: .published)
                })
            #expect(error.invalidFields == ["publishedAt"])
            let story = try await store.create(.sample(), status: .draft)
            let statusError = try #require(
                await #expect(throws: StoreError.self) {
                    try await store.setStatus(id: story.id, to: .published, publishedAt: .distantPast)
                })
            #expect(statusError.invalidFields == ["publishedAt"])
            #expect(try await store.story(id: story.id) == story)
        }
    }

    @Test("a search starts from the full-text matches, not from every published story")
    func searchPlanStartsFromMatches() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let store = try SQLiteStoryStore(path: path)
            for index in 0..<30 {
                _ = try await store.create(.sample("Harbour plan number \(index)"), status: .published)
            }
            let world = try #require(Slug(validating: "world"))
            let sport = try #require(Slug(validating: "sport"))
            for (section, expected) in [(nil, 30), (world, 30), (sport, 0)] as [(Slug?, Int)] {
                let query = SearchQuery(text: "harbour plan", section: section)
                let match = try #require(query.expression.fts5Query)
                let clause = SQLiteStoryStore.searchClause(query, match: match)
                let plan = try await rawConnection(path).read { db in
                    try SQLRequest<Row>(literal: "EXPLAIN QUERY PLAN SELECT COUNT(*) " + clause).fetchAll(db)
                        .map { $0["detail"] as String }
                }
                #expect(plan.first?.hasPrefix("SCAN story_search") == true, "\(plan)")
                #expect(try await store.search(query).total == expected)
            }
        }
    }

    @Test("stories asked for by slug are found through the slug index, not the status index")
    func slugLookupPlan() async throws {
        try await TemporaryFolder.with { folder in
            let path = folder.path("news.sqlite")
            let store = try SQLiteStoryStore(path: path)
            var slugs: [Slug] = []
            for index in 0..<20 {
                slugs.append(try await store.create(.sample("Harbour story \(index)"), status: .published).slug)
            }
            let plan = try await rawConnection(path).read { db in
                try SQLRequest<Row>(
                    literal: "EXPLAIN QUERY PLAN " + SQLiteStoryStore.publishedBySlugs(["a", "b", "c"])
                ).fetchAll(db).map { $0["detail"] as String }
            }
            #expect(plan.joined().contains("(slug=?)"), "\(plan)")
            #expect(!plan.joined().contains("stories_by_status_time"), "\(plan)")
            let found = try await store.publishedStories(slugs: [slugs[3], slugs[0], slugs[3]])
            #expect(found.map(\.slug) == [slugs[3], slugs[0]])
        }
    }
}
