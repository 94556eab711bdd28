import DatelineArchive
import DatelineCore
import DatelineStore
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `dateline backup` and `dateline restore`: the restore drill (back up under write load, restore
/// into a new database, everything present at the backup is there and the site serves) on SQLite
/// and PostgreSQL, and the refusals that keep a restore from overwriting or trusting a bad file.
@Suite struct BackupRestoreCommandTests {
    @Test func sqliteDrillUnderWriteLoad() async throws {
        let scratch = try ScratchFolder()
        try await Self.drill(
            site: scratch.path("site.sqlite"), restoredInto: scratch.path("restored.sqlite"),
            backup: scratch.path("site.backup"), open: { try SQLiteStoryStore(path: $0) })
        #expect(SQLiteStoryStore.isSQLiteFile(atPath: scratch.path("site.backup")))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).allSatisfy {
                !$0.hasSuffix(".partial")
            })
    }

    @Test(.enabled(if: PostgresCommandTests.isWanted))
    func postgresDrillUnderWriteLoad() async throws {
        let serverURL = try #require(
            PostgresCommandTests.serverURL,
            "CI is set but \(PostgresCommandTests.variable) is not: start ./scripts/postgres start and export its URL")
        let server = try PostgresLocation(url: serverURL)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let site = server.with(database: "dateline_drill_\(suffix)")
        let restored = server.with(database: "dateline_drill_restored_\(suffix)")
        for database in [site, restored] {
            try await PostgresTestServer.admin(server, "CREATE DATABASE \(database.database)")
        }
        func dropBoth() async {
            for database in [site, restored] {
                try? await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
            }
        }
        do {
            let scratch = try ScratchFolder()
            try await Self.drill(
                site: site.urlWithPassword, restoredInto: restored.urlWithPassword,
                backup: scratch.path("site.jsonl"), open: { try await PostgresStoryStore(url: $0) })
            #expect(!SQLiteStoryStore.isSQLiteFile(atPath: scratch.path("site.jsonl")))
            // The PostgreSQL backup is an archive: it also restores into SQLite.
            let intoSQLite = try CommandRunner.run(
                ["restore", scratch.path("site.jsonl"), "--database", scratch.path("from-pg.sqlite")])
            #expect(intoSQLite.status == 0, "stderr: \(intoSQLite.standardError)")
        } catch {
            await dropBoth()
            throw error
        }
        await dropBoth()
    }

    @Test func restoreRefusesANonEmptyTargetAndADamagedBackup() async throws {
        let scratch = try ScratchFolder()
        let site = scratch.path("site.sqlite")
        let store = try SQLiteStoryStore(path: site)
        let editor = try await store.createUser(
            email: "ed@example.com", name: "Ed Editor", role: .editor, passwordHash: "$2b$04$edhash")
        for number in 1...3 {
            _ = try await store.createStory(Self.draft(number), status: .published, author: editor.id)
        }
        let backedUp = try CommandRunner.run(["backup", "--database", site, "--out", scratch.path("site.backup")])
        #expect(backedUp.status == 0, "stderr: \(backedUp.standardError)")
        #expect(backedUp.standardError.contains("3 stories"), "\(backedUp.standardError)")

        // A target that already holds a site is never overwritten.
        let busy = scratch.path("busy.sqlite")
        let busyStore = try SQLiteStoryStore(path: busy)
        _ = try await busyStore.create(Self.draft(99), status: .published)
        let onto = try CommandRunner.run(["restore", scratch.path("site.backup"), "--database", busy])
        #expect(onto.status == 1)
        #expect(onto.standardError.contains("already holds 1 stories"), "\(onto.standardError)")
        #expect(try await busyStore.storyCount() == 1)
        #expect(try await busyStore.userCount() == 0)

        // A backup damaged after it was written is refused before the target is touched.
        var damaged = try Data(contentsOf: URL(fileURLWithPath: scratch.path("site.backup")))
        let pageSize = 4_096
        #expect(damaged.count > 3 * pageSize)
        for offset in (pageSize + 100)..<(damaged.count - 100) where offset % 7 == 0 { damaged[offset] ^= 0x5A }
        try damaged.write(to: URL(fileURLWithPath: scratch.path("damaged.backup")))
        let fresh = scratch.path("fresh.sqlite")
        let fromDamaged = try CommandRunner.run(["restore", scratch.path("damaged.backup"), "--database", fresh])
        #expect(fromDamaged.status == 1)
        #expect(
            fromDamaged.standardError.contains("integrity") || fromDamaged.standardError.contains("damaged"),
            "\(fromDamaged.standardError)")
        #expect(!FileManager.default.fileExists(atPath: fresh))

        // A cut archive is not a backup either.
        let exported = try CommandRunner.run(["export", "--database", site, "--out", scratch.path("site.jsonl")])
        #expect(exported.status == 0, "stderr: \(exported.standardError)")
        let lines = try String(contentsOfFile: scratch.path("site.jsonl"), encoding: .utf8).split(separator: "\n")
        try scratch.write("cut.jsonl", lines.dropLast(2).joined(separator: "\n") + "\n")
        let fromCut = try CommandRunner.run(["restore", scratch.path("cut.jsonl"), "--database", fresh])
        #expect(fromCut.status == 1)
        #expect(
            fromCut.standardError.contains("ends after line \(lines.count - 2) without its trailer"),
            "\(fromCut.standardError)")
        #expect(!FileManager.default.fileExists(atPath: fresh))

        let missingOut = try CommandRunner.run(["backup", "--database", site])
        #expect(missingOut.status != 0)
        #expect(missingOut.standardError.contains("--out"))
    }

    // MARK: The drill

    /// Fills the site at `site`, keeps writing stories to it while `dateline backup` runs, then
    /// restores the backup into `restoredInto` (a new database) and checks that everything the
    /// site held at the backup's moment is there, nothing half-written, and that it serves.
    static func drill(
        site: String, restoredInto target: String, backup: String,
        open: @escaping @Sendable (String) async throws -> any NewsroomStore
    ) async throws {
        let store = try await open(site)
        defer { Task { await Self.close(store) } }
        let editor = try await store.createUser(
            email: "ed@example.com", name: "Ed Editor", role: .editor, passwordHash: "$2b$04$edhash")
        _ = try await store.createUser(
            email: "wes@example.com", name: "Wes Writer", role: .writer, passwordHash: "$2b$04$weshash")
        for number in 1...20 {
            let story = try await store.createStory(draft(number), status: .published, author: editor.id)
            _ = try await store.updateStory(id: story.id, with: draft(number, edited: true), author: editor.id)
        }
        let token = try CommandRunner.run(
            ["users", "token", "--database", site, "--email", "ed@example.com", "--name", "Drill"])
        #expect(token.status == 0, "stderr: \(token.standardError)")
        let secret = token.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("dl_"))

        // Writers keep going for the whole backup: each story and its first revision in one
        // transaction, as the newsroom writes them.
        let writer = Task {
            var number = 1_000
            while !Task.isCancelled && number < 100_000 {
                number += 1
                _ = try await store.createStory(draft(number), status: .published, author: editor.id)
            }
        }
        let before = try await store.storyCount()
        try await waitUntil("the writer has started") { try await store.storyCount() > before }
        let started = try await store.storyCount()
        let outcome = try await runOffThePool(["backup", "--database", site, "--out", backup])
        let finished = try await store.storyCount()
        writer.cancel()
        _ = await writer.result
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.contains("backed up"), "\(outcome.standardError)")
        #expect(finished > started, "stories were written while the backup ran")

        let restore = try CommandRunner.run(["restore", backup, "--database", target])
        #expect(restore.status == 0, "stderr: \(restore.standardError)")
        #expect(restore.standardError.contains("restored"), "\(restore.standardError)")

        let restored = try await open(target)
        defer { Task { await Self.close(restored) } }
        // One consistent moment: exactly the stories the site had then, the first in id order.
        let sourceStories = try await store.newsroomStories(NewsroomStoryFilter(limit: 100_000)).map(\.story)
            .sorted { $0.id < $1.id }
        let restoredStories = try await restored.newsroomStories(NewsroomStoryFilter(limit: 100_000)).map(\.story)
            .sorted { $0.id < $1.id }
        #expect(restoredStories.count >= started && restoredStories.count <= finished)
        #expect(restoredStories.map(\.id) == Array(sourceStories.prefix(restoredStories.count)).map(\.id))
        for (moved, original) in zip(restoredStories, sourceStories) {
            #expect(Self.millisecond(moved) == Self.millisecond(original))
            let movedRevisions = try await restored.revisions(ofStory: moved.id)
            let originalRevisions = try await store.revisions(ofStory: original.id)
            #expect(movedRevisions.map(\.id) == originalRevisions.map(\.id))
            #expect(movedRevisions.map(\.content) == originalRevisions.map(\.content))
        }
        #expect(try await restored.users().map(\.email) == (try await store.users()).map(\.email))
        for user in try await store.users() {
            #expect(
                try await restored.credentials(email: user.email)?.passwordHash
                    == (try await store.credentials(email: user.email))?.passwordHash)
            #expect(
                try await restored.apiTokens(ofUser: user.id).map { "\($0.id) \($0.prefix) \($0.name)" }
                    == (try await store.apiTokens(ofUser: user.id)).map { "\($0.id) \($0.prefix) \($0.name)" })
        }
        #expect(try await restored.apiTokens(ofUser: editor.id).count == 1)

        // The restored site serves its stories, and the token made before the backup still works.
        let first = try #require(restoredStories.first)
        try await serving(target) { base in
            let (page, status) = try await fetch(base.appendingPathComponent("story/\(first.slug.rawValue)"))
            #expect(status == 200)
            #expect(page.contains(first.headline))
            var request = URLRequest(url: base.appendingPathComponent("api/v1/admin/stories"))
            request.setValue("Bearer \(secret)", forHTTPHeaderField: "Authorization")
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
        }
    }

    static func draft(_ number: Int, edited: Bool = false) -> StoryDraft {
        StoryDraft(
            headline: "Drill story number \(number)", section: number % 2 == 0 ? "World" : "Business",
            body: ["The drill wrote paragraph \(number).", edited ? "An editor added this." : "First draft."],
            highlights: ["Drill highlight \(number)"], topics: ["Drills"])
    }

    /// The story with its times to the millisecond, the precision both backends keep in common.
    static func millisecond(_ story: Story) -> Story {
        func time(_ date: Date) -> Date { ArchiveTime(date).roundedToMilliseconds.date }
        var story = story
        story.publishedAt = story.publishedAt.map(time)
        story.createdAt = time(story.createdAt)
        story.updatedAt = time(story.updatedAt)
        return story
    }

    static func close(_ store: any NewsroomStore) async {
        if let postgres = store as? PostgresStoryStore { await postgres.shutdown() }
    }

    /// Polls `condition` every 20 ms for up to 30 s.
    static func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw CommandFailureForTest("timed out waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs `dateline` on a thread of its own, so the cooperative pool stays free for the writer.
    static func runOffThePool(_ arguments: [String]) async throws -> CommandRunner.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try CommandRunner.run(arguments) }) }
        }
    }

    /// Starts `dateline serve` on `database`, runs `body` with its URL and stops it.
    static func serving(_ database: String, _ body: (URL) async throws -> Void) async throws {
        let child = try CommandRunner.start(["serve", "--port", "0", "--no-demo", "--database", database])
        defer { if child.process.isRunning { child.process.terminate() } }
        // Reading the pipe blocks; a child that never prints its URL is killed after 60 s, which
        // ends the read, so the wait below has a deadline too.
        let pid = child.process.processIdentifier
        let watchdog = Task {
            do { try await Task.sleep(for: .seconds(60)) } catch { return }
            kill(pid, SIGKILL)
        }
        defer { watchdog.cancel() }
        var printed = ""
        var home: URL?
        let deadline = ContinuousClock.now + .seconds(60)
        while home == nil && ContinuousClock.now < deadline && child.process.isRunning {
            let chunk = child.outputPipe.fileHandleForReading.availableData
            if chunk.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            printed += String(decoding: chunk, as: UTF8.self)
            if let range = printed.range(of: #"http://[^\s]+/"#, options: .regularExpression) {
                home = URL(string: String(printed[range]))
            }
        }
        let base = try #require(home, "serve printed no URL; stdout so far: \(printed)")
        try await body(base)
        kill(child.process.processIdentifier, SIGTERM)
        child.process.waitUntilExit()
        #expect(child.process.terminationStatus == 0)
    }

    static func fetch(_ url: URL) async throws -> (String, Int) {
        let (data, response) = try await URLSession.shared.data(from: url)
        return (String(decoding: data, as: UTF8.self), (response as? HTTPURLResponse)?.statusCode ?? 0)
    }
}
