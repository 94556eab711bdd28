import DatelineArchive
import DatelineCore
import Foundation
import GRDB
import PostgresNIO
import Testing

@testable import DatelineStore

/// Author profiles and story credits, on both backends (issue 15 item 5: authors are profiles and
/// a story can have several; item 6: SEO title and description).
@Suite("AuthorStore")
struct AuthorStoreTests {
    @Test("profiles are added, found by key, address and account, and listed by name", arguments: StoreBackend.all)
    func addAndFind(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .writer, passwordHash: "h")
            let tom = try await store.addAuthor(AuthorInput(name: "  Tom   Reyes ", bio: "Covers the harbour.\n"))
            let jane = try await store.addAuthor(
                AuthorInput(name: "Jane Arden", slug: "jarden", bio: nil, userID: ann.id))
            #expect(tom.author.name == "Tom Reyes" && tom.author.slug.rawValue == "tom-reyes")
            #expect(tom.bio == "Covers the harbour." && tom.userID == nil && tom.storyCount == 0)
            #expect(jane.author.slug.rawValue == "jarden" && jane.userID == ann.id)
            #expect(try await store.authors().map(\.author.name) == ["Jane Arden", "Tom Reyes"])
            #expect(try await store.author(id: tom.author.id)?.author == tom.author)
            #expect(try await store.author(slug: try #require(Slug(validating: "jarden")))?.author.id == jane.author.id)
            #expect(try await store.authors(ofUser: ann.id).map(\.author.id) == [jane.author.id])
            #expect(try await store.author(slug: try #require(Slug(validating: "nobody"))) == nil)
        }
    }

    @Test(
        "an address another author has, had, or the site reserves is refused, and so is bad input",
        arguments: StoreBackend.all)
    func refusals(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let jane = try await store.addAuthor(AuthorInput(name: "Jane Arden"))
            let tom = try await store.addAuthor(AuthorInput(name: "Tom Reyes"))

            func refusedField(_ work: () async throws -> Void) async -> [String] {
                do {
                    try await work()
                    return ["(accepted)"]
                } catch {
                    return (error as? StoreError)?.invalidFields ?? ["(other error)"]
                }
            }
            #expect(await refusedField { _ = try await store.addAuthor(AuthorInput(name: "Jane  Arden")) } == ["slug"])
            #expect(await refusedField { _ = try await store.addAuthor(AuthorInput(name: "Feed")) } == ["slug"])
            #expect(
                await refusedField { _ = try await store.addAuthor(AuthorInput(name: "Ok", slug: "rss")) } == ["slug"])
            #expect(await refusedField { _ = try await store.addAuthor(AuthorInput(name: "  ")) } == ["name"])
            #expect(
                await refusedField {
                    _ = try await store.addAuthor(
                        AuthorInput(name: "Long Bio", bio: String(repeating: "a", count: 601)))
                } == ["bio"])
            #expect(
                await refusedField { _ = try await store.addAuthor(AuthorInput(name: "Ghost", userID: 9_999)) }
                    == ["user"])
            #expect(
                await refusedField {
                    _ = try await store.updateAuthor(id: tom.author.id, with: AuthorInput(name: "Jane Arden"))
                } == ["slug"])
            // Tom gives up his address: it stays his redirect, so nobody else can take it.
            _ = try await store.updateAuthor(id: tom.author.id, with: AuthorInput(name: "Thomas Reyes"))
            #expect(await refusedField { _ = try await store.addAuthor(AuthorInput(name: "Tom Reyes")) } == ["slug"])
            // Nothing half-stored: still two profiles, Jane's unchanged.
            #expect(try await store.authors().count == 2)
            #expect(try await store.author(id: jane.author.id)?.author.name == "Jane Arden")
            await #expect(throws: StoreError.notFound(id: 9_999)) {
                try await store.updateAuthor(id: 9_999, with: AuthorInput(name: "Nobody"))
            }
        }
    }

    @Test(
        "a renamed author's old address leads to the new one, and taking it back ends the redirect",
        arguments: StoreBackend.all)
    func rename(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let jane = try await store.addAuthor(AuthorInput(name: "Jane Arden"))
            let old = jane.author.slug
            let renamed = try await store.updateAuthor(
                id: jane.author.id, with: AuthorInput(name: "Jane Arden-Holt", bio: "Now at the courts."))
            #expect(renamed.author.slug.rawValue == "jane-arden-holt" && renamed.bio == "Now at the courts.")
            #expect(try await store.authorSlug(forOldSlug: old)?.rawValue == "jane-arden-holt")
            #expect(try await store.author(slug: old) == nil)
            _ = try await store.updateAuthor(id: jane.author.id, with: AuthorInput(name: "Jane Arden"))
            #expect(try await store.authorSlug(forOldSlug: old) == nil)
            #expect(try await store.authorSlug(forOldSlug: renamed.author.slug)?.rawValue == "jane-arden")
        }
    }

    @Test(
        "a story credits several authors in order, the byline follows them, and pages list their stories",
        arguments: StoreBackend.all)
    func coAuthors(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let jane = try await store.addAuthor(AuthorInput(name: "Jane Arden")).author
            let tom = try await store.addAuthor(AuthorInput(name: "Tom Reyes")).author
            let ana = try await store.addAuthor(AuthorInput(name: "Ana Lima")).author

            var draft = StoryDraft.sample("Harbour wall repaired")
            draft.authorIDs = [tom.id, jane.id, ana.id]
            let story = try await store.createStory(draft, status: .published, author: ann.id)
            #expect(story.authors.map(\.id) == [tom.id, jane.id, ana.id])
            #expect(story.byline == "By Tom Reyes, Jane Arden and Ana Lima")
            // Another instance reads the same order.
            let another = try await fixture.openAnother()
            #expect(
                try await another.story(id: story.id)?.authors.map(\.name) == ["Tom Reyes", "Jane Arden", "Ana Lima"])

            // Reordering and dropping one is a save like any other; nil leaves the credits alone.
            var reordered = story.draft
            reordered.authorIDs = [jane.id, tom.id]
            let saved = try await store.updateStory(id: story.id, with: reordered, author: ann.id)
            #expect(saved.authors.map(\.id) == [jane.id, tom.id] && saved.byline == "By Jane Arden and Tom Reyes")
            var untouched = saved.draft
            untouched.authorIDs = nil
            untouched.headline = "Harbour wall repaired at last"
            #expect(try await store.update(id: story.id, with: untouched).authors.map(\.id) == [jane.id, tom.id])

            // An unknown key is refused and nothing changes.
            var unknown = saved.draft
            unknown.authorIDs = [jane.id, 9_999]
            await #expect(throws: StoreError.self) {
                try await store.updateStory(id: story.id, with: unknown, author: ann.id)
            }
            #expect(try await store.story(id: story.id)?.authors.map(\.id) == [jane.id, tom.id])

            // Renaming an author changes the byline of their stories.
            _ = try await store.updateAuthor(id: tom.id, with: AuthorInput(name: "Thomas Reyes"))
            #expect(try await store.story(id: story.id)?.byline == "By Jane Arden and Thomas Reyes")

            // Author pages: published stories only, newest first, counted for paging.
            var older = StoryDraft.sample("Ferry fares rise", publishedAt: Date(timeIntervalSince1970: 1_000_000))
            older.authorIDs = [jane.id]
            let first = try await store.createStory(older, status: .published, author: ann.id)
            var hidden = StoryDraft.sample("Unfinished draft")
            hidden.authorIDs = [jane.id]
            _ = try await store.createStory(hidden, status: .draft, author: ann.id)
            let janeQuery = StoryQuery(author: jane.slug)
            #expect(try await store.publishedStories(janeQuery).map(\.id) == [story.id, first.id])
            #expect(try await store.countPublished(janeQuery) == 2)
            #expect(try await store.publishedStories(StoryQuery(author: ana.slug)).isEmpty)
            let profile = try #require(try await store.author(id: jane.id))
            #expect(profile.storyCount == 3 && profile.publishedCount == 2)
            #expect(try await store.publishedAuthors().map(\.name) == ["Jane Arden", "Thomas Reyes"])
        }
    }

    @Test("a story keeps its SEO title and description, tidied and limited", arguments: StoreBackend.all)
    func seoFields(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            var draft = StoryDraft.sample("Harbour wall repaired")
            draft.seoTitle = "  Harbour  wall **fixed** "
            draft.seoDescription = "The wall is [back](https://example.com)."
            let story = try await store.create(draft, status: .published)
            #expect(story.seoTitle == "Harbour wall fixed")
            #expect(story.seoDescription == "The wall is back.")
            var cleared = story.draft
            cleared.seoTitle = " "
            #expect(try await store.update(id: story.id, with: cleared).seoTitle == nil)
            var tooLong = story.draft
            tooLong.seoTitle = String(repeating: "t", count: SEOLimits.titleLength + 1)
            tooLong.seoDescription = String(repeating: "d", count: SEOLimits.descriptionLength + 1)
            var fields: [String] = []
            do {
                _ = try await store.update(id: story.id, with: tooLong)
            } catch {
                fields = (error as? StoreError)?.invalidFields ?? []
            }
            #expect(Set(fields) == ["seoTitle", "seoDescription"])
            #expect(try await store.story(id: story.id)?.seoDescription == "The wall is back.")
        }
    }

    @Test("the v13 migration turns each distinct byline into one profile credited on its stories")
    func migratesBylines() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("old.sqlite")
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v11-media")
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO sections (slug, name) VALUES ('world', 'World')")
            for (index, byline) in ["By Jane Arden", "by  jane arden", "Jane Arden and Tom Reyes", nil, "By News"]
                .enumerated()
            {
                try db.execute(
                    sql: """
                        INSERT INTO stories (slug, headline, section_id, byline, body, highlights, highlights_origin,
                            topics_origin, status, created_at, updated_at)
                        VALUES (?, ?, 1, ?, '["Body."]', '[]', 'editor', 'editor', 'published', ?, ?)
                        """,
                    arguments: ["story-\(index)", "Story \(index)", byline, Date(), Date()])
            }
        }
        try queue.close()
        let store = try SQLiteStoryStore(path: path)
        let authors = try await store.authors()
        #expect(authors.map(\.author.name) == ["Jane Arden", "Jane Arden and Tom Reyes", "News"])
        #expect(authors.map(\.storyCount) == [2, 1, 1])
        let secondSlug = try #require(Slug(validating: "story-1"))
        let second = try #require(try await store.story(slug: secondSlug))
        #expect(second.authors.map(\.slug.rawValue) == ["jane-arden"] && second.byline == "By Jane Arden")
        #expect(try await store.story(slug: try #require(Slug(validating: "story-3")))?.authors.isEmpty == true)
    }

    @Test(
        "PostgreSQL's v13 migration makes the same profiles from stored bylines",
        .enabled(if: TestPostgres.isWanted))
    func migratesBylinesOnPostgres() async throws {
        let database = try await TestPostgres.createDatabase()
        let instances = PostgresInstances()
        do {
            let store = try await PostgresStoryStore(location: database)
            await instances.add(store)
            for (headline, byline) in [("One", "By Jane Arden"), ("Two", "by  jane arden"), ("Three", "By News")] {
                var draft = StoryDraft.sample(headline)
                draft.byline = byline
                _ = try await store.create(draft, status: .published)
            }
            _ = try await store.create(.sample("Four"), status: .draft)
            // Back to the schema before v13, stories and bylines kept, as a database written by
            // the previous Dateline would be.
            try await store.write { connection in
                for statement in [
                    "DROP TABLE story_authors, author_old_slugs, authors",
                    "ALTER TABLE stories DROP COLUMN seo_title, DROP COLUMN seo_description",
                    "DELETE FROM schema_migrations WHERE name = 'v13-authors'",
                ] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: store.logger)
                }
            }
            let migrated = try await PostgresStoryStore(location: database)
            await instances.add(migrated)
            let authors = try await migrated.authors()
            #expect(authors.map(\.author.name) == ["Jane Arden", "News", "Test Writer"])
            #expect(authors.map(\.storyCount) == [2, 1, 1])
            let twoSlug = try #require(Slug(validating: "two"))
            let two = try #require(try await migrated.story(slug: twoSlug))
            #expect(two.authors.map(\.slug.rawValue) == ["jane-arden"] && two.byline == "By Jane Arden")
        } catch {
            await instances.shutdownAll()
            await TestPostgres.dropDatabase(database)
            throw error
        }
        await instances.shutdownAll()
        await TestPostgres.dropDatabase(database)
    }
}

/// Authors, story credits and SEO fields travel in archives between backends.
@Suite("AuthorStore archives")
struct AuthorArchiveTests {
    typealias FullStore = any NewsroomStore & MailStore & ArchiveStore

    @Test(arguments: ArchiveStoreTests.Move.all)
    func carriesAuthors(move: ArchiveStoreTests.Move) async throws {
        try await move.source.withStore { sourceFixture in
            try await move.target.withStore { targetFixture in
                let source = try #require(sourceFixture.store as? FullStore)
                let target = try #require(targetFixture.store as? FullStore)
                let ann = try await source.createUser(
                    email: "ann@example.com", name: "Ann", role: .writer, passwordHash: "h")
                let jane = try await source.addAuthor(AuthorInput(name: "Jane Arden", bio: "Islands.", userID: ann.id))
                _ = try await source.updateAuthor(
                    id: jane.author.id, with: AuthorInput(name: "Jane Holt", bio: "Islands.", userID: ann.id))
                let tom = try await source.addAuthor(AuthorInput(name: "Tom Reyes"))
                var draft = StoryDraft.sample("Harbour wall repaired")
                draft.authorIDs = [tom.author.id, jane.author.id]
                draft.seoTitle = "Wall repaired"
                draft.seoDescription = "The harbour wall is whole again."
                let story = try await source.createStory(draft, status: .published, author: ann.id)
                let plain = try await source.createStory(.sample("Ferry fares rise"), status: .draft, author: ann.id)

                let records = try await ArchiveStoreTests.exportRecords(source)
                let counts = try await target.importArchive(records)
                #expect(counts.authors == 2)
                let moved = try #require(try await target.story(id: story.id))
                #expect(moved.authors.map(\.id) == [tom.author.id, jane.author.id])
                #expect(moved.byline == "By Tom Reyes and Jane Holt")
                #expect(moved.seoTitle == "Wall repaired" && moved.seoDescription == "The harbour wall is whole again.")
                #expect(try await target.story(id: plain.id)?.authors.isEmpty == true)
                let profile = try #require(try await target.author(id: jane.author.id))
                #expect(
                    profile.bio == "Islands." && profile.userID == ann.id && profile.author.slug.rawValue == "jane-holt"
                )
                #expect(
                    try await target.authorSlug(forOldSlug: try #require(Slug(validating: "jane-arden")))?.rawValue
                        == "jane-holt")
                // A profile added after the import gets a fresh key.
                let added = try await target.addAuthor(AuthorInput(name: "Ana Lima"))
                #expect(added.author.id > max(jane.author.id, tom.author.id))
            }
        }
    }

    @Test("a trailer written before authors existed still reads, and is written back the same way")
    func oldTrailersAndBrokenReferences() throws {
        let trailer = try ArchiveRecord(
            jsonLine: #"{"type":"trailer","lines":2,"sha256":"00","counts":{"sections":1,"topics":0,"users":0,"#
                + #""stories":0,"revisions":0,"corrections":0,"api_tokens":0,"mail":0}}"#)
        guard case .trailer(let value) = trailer else {
            Issue.record("not read as a trailer")
            return
        }
        #expect(value.counts.authors == 0 && value.counts.sections == 1)
        // Written back without an authors count, so old archives keep their bytes.
        #expect(!(try trailer.jsonLine()).contains("authors"))
    }
}
