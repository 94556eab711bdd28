import DatelineCore
import DatelineStore
import Foundation
import Testing

@Suite struct ImportCommandTests {
    @Test func importsAFolderAndReportsEachPage() async throws {
        let scratch = try ScratchFolder()
        for number in 1...3 { try scratch.write("pages/ferry-\(number).txt", StoryPageFixture.page(number: number)) }
        let database = scratch.path("site.sqlite")
        let outcome = try CommandRunner.run(["import", "--database", database, scratch.path("pages")])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.contains("3 pages: 3 created, 0 updated, 0 unchanged, 0 failed"))
        let store = try SQLiteStoryStore(path: database)
        #expect(try await store.storyCount() == 3)
        let stories = try await store.publishedStories(StoryQuery(limit: 10))
        #expect(Set(stories.map(\.section.name)) == ["World"])
        #expect(stories.allSatisfy { $0.highlights.count == 2 && $0.body.count == 6 })
    }

    @Test func reimportingTheSameSourceUpdatesInsteadOfDuplicating() async throws {
        let scratch = try ScratchFolder()
        let page = try scratch.write("ferry.txt", StoryPageFixture.page(number: 7))
        let database = scratch.path("site.sqlite")
        #expect(try CommandRunner.run(["import", "--database", database, page]).status == 0)
        let again = try CommandRunner.run(["import", "--database", database, page])
        #expect(again.status == 0)
        #expect(again.standardError.contains("1 unchanged"))

        try scratch.write("ferry.txt", StoryPageFixture.page(number: 7, paragraphs: 8))
        let changed = try CommandRunner.run(["import", "--database", database, page])
        #expect(changed.standardError.contains("1 updated"), "stderr: \(changed.standardError)")
        let store = try SQLiteStoryStore(path: database)
        #expect(try await store.storyCount() == 1)
        let story = try #require(try await store.publishedStories(StoryQuery(limit: 5)).first)
        #expect(story.body.count == 8)
    }

    @Test func badPagesFailWithAMessageAndLeaveStoredStoriesAlone() async throws {
        let scratch = try ScratchFolder()
        let good = try scratch.write("good.txt", StoryPageFixture.page(number: 1))
        let database = scratch.path("site.sqlite")
        #expect(try CommandRunner.run(["import", "--database", database, good]).status == 0)
        let store = try SQLiteStoryStore(path: database)
        let before = try await store.publishedStories(StoryQuery(limit: 5))

        let empty = try scratch.write("bad/empty.txt", "")
        let binary = scratch.path("bad/binary.txt")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: binary))
        let invalid = scratch.path("bad/latin1.txt")
        var invalidBytes = Data(StoryPageFixture.page(number: 2).utf8)
        invalidBytes.insert(contentsOf: [0xC3, 0x28], at: 200)
        try invalidBytes.write(to: URL(fileURLWithPath: invalid))
        let noHeadline = try scratch.write("bad/no-headline.txt", "\n\n  • Story Highlights\n\n")
        let missing = scratch.path("bad/does-not-exist.txt")

        let outcome = try CommandRunner.run([
            "import", "--database", database, empty, binary, invalid, noHeadline, missing,
        ])
        #expect(outcome.status != 0)
        let messages = outcome.standardError
        #expect(messages.contains("empty.txt"))
        #expect(messages.contains("binary.txt"))
        #expect(messages.contains("latin1.txt"))
        #expect(messages.contains("UTF-8"))
        #expect(messages.contains("no-headline.txt"))
        #expect(messages.contains("does-not-exist.txt"))
        #expect(messages.contains("5 pages") || messages.contains("5 failed"), "summary missing: \(messages)")
        #expect(try await store.publishedStories(StoryQuery(limit: 5)) == before)
    }

    @Test func refusesAnOversizedFileWithoutReadingIt() async throws {
        let scratch = try ScratchFolder()
        let big = scratch.path("huge.txt")
        FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()
        let outcome = try CommandRunner.run(["import", "--database", scratch.path("site.sqlite"), big])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("huge.txt"))
        #expect(outcome.standardError.contains("MB"))
    }

    @Test func aKilledImportLeavesOnlyWholeStoriesAndCanBeRerun() async throws {
        let scratch = try ScratchFolder()
        let database = scratch.path("site.sqlite")
        // The store must exist before the child starts so the test can watch it fill.
        let store = try SQLiteStoryStore(path: database)
        try await Self.killImportAndRerun(database: database, store: store, scratch: scratch)
    }

    @Test(.enabled(if: PostgresCommandTests.isWanted))
    func aKilledImportIntoPostgresLeavesOnlyWholeStoriesAndCanBeRerun() async throws {
        let serverURL = try #require(
            PostgresCommandTests.serverURL,
            "CI is set but \(PostgresCommandTests.variable) is not: start ./scripts/postgres start and export its URL")
        let server = try PostgresLocation(url: serverURL)
        let location = server.with(database: "dateline_test_" + UUID().uuidString.prefix(8).lowercased())
        try await PostgresTestServer.admin(server, "CREATE DATABASE \(location.database)")
        let outcome: Result<Void, any Error>
        do {
            let store = try await PostgresStoryStore(location: location)
            do {
                try await Self.killImportAndRerun(
                    database: location.urlWithPassword, store: store, scratch: try ScratchFolder())
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            await store.shutdown()
        } catch {
            try? await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)")
            throw error
        }
        try await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)")
        try outcome.get()
    }

    /// Starts `dateline import` of many pages into `database` in batches of 50, kills it with
    /// SIGKILL once it has stored a few batches, checks that only whole stories in whole batches
    /// are there, then re-runs it and checks that it completes without duplicates.
    private static func killImportAndRerun(database: String, store: any StoryStore, scratch: ScratchFolder)
        async throws
    {
        // Enough pages that the import is still running when the test has seen its first
        // batches, even on a quiet machine.
        let count = 3_000
        let batch = 50
        for number in 1...count {
            try scratch.write(
                "pages/\(String(format: "%04d", number)).txt", StoryPageFixture.page(number: number, paragraphs: 40))
        }
        let child = try CommandRunner.start([
            "import", "--database", database, "--batch-size", "\(batch)", scratch.path("pages"),
        ])
        // Kill only once the child has committed a few batches: a kill before the first commit
        // would leave an empty database, and the checks below would then pass without checking anything.
        let wanted = 2 * batch
        var seen = 0
        let deadline = ContinuousClock.now + .seconds(120)
        while seen < wanted, child.process.isRunning, ContinuousClock.now < deadline {
            seen = try await store.storyCount()
            if seen < wanted { try await Task.sleep(for: .milliseconds(2)) }
        }
        let stillRunning = child.process.isRunning
        kill(child.process.processIdentifier, SIGKILL)
        child.process.waitUntilExit()
        try #require(
            seen >= wanted,
            "the child import stored \(seen) of \(wanted) stories within 120 s (running: \(stillRunning)); nothing to check"
        )
        try #require(stillRunning, "the import finished (or died) before it could be killed; nothing was tested")
        #expect(child.process.terminationReason == .uncaughtSignal)

        let afterKill = try await allPublished(in: store)
        #expect(afterKill.count >= seen, "stories committed before the kill were lost")
        #expect(afterKill.count < count, "the import finished before it could be killed; nothing was tested")
        // Each batch is one transaction: the stories stored are whole batches of the pages in order.
        #expect(afterKill.count % batch == 0, "\(afterKill.count) stories is not a whole number of batches of \(batch)")
        let numbers = Set(afterKill.compactMap { Int($0.headline.split(separator: " ")[3]) })
        #expect(numbers == Set(1...afterKill.count), "the stories stored are not the first pages in order")
        for story in afterKill {
            #expect(story.body.count == 40, "story \(story.slug) is missing paragraphs")
            #expect(story.highlights.count == 2, "story \(story.slug) is missing highlights")
            #expect(story.topics.count == 2, "story \(story.slug) is missing topics")
        }

        let rerun = try CommandRunner.run(["import", "--database", database, scratch.path("pages")])
        #expect(rerun.status == 0, "stderr: \(rerun.standardError.suffix(500))")
        #expect(
            rerun.standardError.contains(
                "\(count) pages: \(count - afterKill.count) created, 0 updated, \(afterKill.count) unchanged, 0 failed"),
            "stderr: \(rerun.standardError.suffix(300))")
        #expect(try await store.storyCount() == count)
        let afterRerun = try await allPublished(in: store)
        #expect(afterRerun.count == count)
        #expect(Set(afterRerun.map(\.headline)).count == count, "a page was stored twice")
        #expect(
            afterRerun.allSatisfy { $0.body.count == 40 && $0.highlights.count == 2 && $0.topics.count == 2 },
            "a re-run left partial stories")
    }

    @Test func unknownDatabaseLocationsGiveAClearError() throws {
        let scratch = try ScratchFolder()
        let page = try scratch.write("ferry.txt", StoryPageFixture.page(number: 1))
        let outcome = try CommandRunner.run(["import", "--database", "/nonexistent-folder/x/site.sqlite", page])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("/nonexistent-folder/x/site.sqlite"))
    }

    @Test func databaseComesFromTheEnvironmentWhenNoFlagIsGiven() async throws {
        let scratch = try ScratchFolder()
        let page = try scratch.write("ferry.txt", StoryPageFixture.page(number: 1))
        let database = scratch.path("from-env.sqlite")
        let outcome = try CommandRunner.run(["import", page], environment: ["DATELINE_DATABASE": database])
        #expect(outcome.status == 0)
        #expect(try await SQLiteStoryStore(path: database).storyCount() == 1)
    }

    /// Every published story, page by page.
    private static func allPublished(in store: any StoryStore) async throws -> [Story] {
        var stories: [Story] = []
        while true {
            let page = try await store.publishedStories(StoryQuery(limit: 500, offset: stories.count))
            stories += page
            if page.count < 500 { return stories }
        }
    }
}
