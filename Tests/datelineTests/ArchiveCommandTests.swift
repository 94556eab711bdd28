import DatelineStore
import Foundation
import Logging
import PostgresNIO
import Testing

/// `dateline export` and `dateline import --archive`: a site moves SQLite → PostgreSQL → SQLite
/// and every record comes back the same.
@Suite struct ArchiveCommandTests {
    @Test func movesASiteBetweenSQLiteFiles() throws {
        let scratch = try ScratchFolder()
        let archive = try Self.exportSampleSite(in: scratch)
        let moved = try Self.importAndExport(archive, database: scratch.path("moved.sqlite"), in: scratch)
        #expect(Self.records(moved) == Self.records(archive))

        let again = try CommandRunner.run(
            ["import", "--archive", scratch.path("site.jsonl"), "--database", scratch.path("moved.sqlite")])
        #expect(again.status == 1)
        #expect(again.standardError.contains("empty database"), "stderr: \(again.standardError)")
    }

    @Test(.enabled(if: PostgresCommandTests.isWanted))
    func movesASiteToPostgresAndBack() async throws {
        let serverURL = try #require(
            PostgresCommandTests.serverURL,
            "CI is set but \(PostgresCommandTests.variable) is not: start ./scripts/postgres start and export its URL")
        let server = try PostgresLocation(url: serverURL)
        let database = server.with(database: "dateline_test_" + UUID().uuidString.prefix(8).lowercased())
        try await PostgresTestServer.admin(server, "CREATE DATABASE \(database.database)")
        do {
            let scratch = try ScratchFolder()
            let archive = try Self.exportSampleSite(in: scratch)
            let fromPostgres = try Self.importAndExport(archive, database: database.urlWithPassword, in: scratch)
            #expect(Self.records(fromPostgres) == Self.records(archive))
            #expect(fromPostgres.first?.contains(#""source":"postgresql""#) == true)
            try Data(fromPostgres.joined(separator: "\n").utf8).write(
                to: URL(fileURLWithPath: scratch.path("pg.jsonl")))
            let back = try Self.importAndExport(
                fromPostgres, database: scratch.path("back.sqlite"), in: scratch, name: "pg.jsonl")
            #expect(Self.records(back) == Self.records(archive))
        } catch {
            try? await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
            throw error
        }
        try await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
    }

    @Test func refusesMalformedArchivesNamingTheLine() throws {
        let scratch = try ScratchFolder()
        let archive = try Self.exportSampleSite(in: scratch)
        var broken = archive
        broken[3] = #"{"type":"story","id":"#
        try scratch.write("broken.jsonl", broken.joined(separator: "\n"))
        var future = archive
        future[0] = future[0].replacingOccurrences(of: #""version":3"#, with: #""version":4"#)
        try scratch.write("future.jsonl", future.joined(separator: "\n"))
        try scratch.write("pages.jsonl", "not json\n")

        for (file, message) in [
            ("broken.jsonl", "broken.jsonl: the archive's bytes do not match the SHA-256"),
            ("future.jsonl", "future.jsonl line 1: archive version 4 is unknown"),
            ("pages.jsonl", "pages.jsonl line 1"),
        ] {
            let target = scratch.path("target-\(file).sqlite")
            let outcome = try CommandRunner.run(["import", "--archive", scratch.path(file), "--database", target])
            #expect(outcome.status == 1)
            #expect(outcome.standardError.contains(message), "stderr: \(outcome.standardError)")
            #expect(!FileManager.default.fileExists(atPath: target), "nothing is opened before the archive is read")
        }

        let mixed = try CommandRunner.run(
            ["import", "--archive", scratch.path("site.jsonl"), scratch.path("pages"), "--database", scratch.path("x")])
        #expect(mixed.status != 0)
        #expect(mixed.standardError.contains("--archive"))
    }

    /// The issue's case: `head -n K` of an export imported with status 0 and silently dropped
    /// stories and API tokens; now it is refused and the database is not even created.
    @Test func refusesAnArchiveCutAtALineBoundary() throws {
        let scratch = try ScratchFolder()
        let archive = try Self.exportSampleSite(in: scratch)
        #expect(archive.last?.contains(#""type":"trailer""#) == true)
        for kept in [archive.count - 1, archive.count / 2] {
            try scratch.write("cut.jsonl", archive.prefix(kept).joined(separator: "\n") + "\n")
            let target = scratch.path("cut-\(kept).sqlite")
            let outcome = try CommandRunner.run([
                "import", "--archive", scratch.path("cut.jsonl"), "--database", target,
            ])
            #expect(outcome.status == 1)
            #expect(
                outcome.standardError.contains(
                    "cut.jsonl: the archive ends after line \(kept) without its trailer: it was cut short; export it again"
                ),
                "stderr: \(outcome.standardError)")
            #expect(!FileManager.default.fileExists(atPath: target))
        }
        let old = archive.dropLast().map { $0.replacingOccurrences(of: #""version":3"#, with: #""version":1"#) }
        try scratch.write("old.jsonl", old.joined(separator: "\n") + "\n")
        let outcome = try CommandRunner.run(
            ["import", "--archive", scratch.path("old.jsonl"), "--database", scratch.path("old.sqlite")])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("version 1 archive"), "stderr: \(outcome.standardError)")
    }

    @Test func exportsToStandardOutput() throws {
        let scratch = try ScratchFolder()
        let archive = try Self.exportSampleSite(in: scratch)
        let printed = try CommandRunner.run(["export", "--database", scratch.path("site.sqlite")])
        #expect(printed.status == 0, "stderr: \(printed.standardError)")
        #expect(Self.records(Self.lines(printed.standardOutput)) == Self.records(archive))
        #expect(printed.standardError.contains("to standard output"))
    }

    /// Exporting again to the same path replaces the earlier archive whole (it once removed the
    /// old file and failed, leaving nothing).
    @Test func exportReplacesAnEarlierArchive() throws {
        let scratch = try ScratchFolder()
        let first = try Self.exportSampleSite(in: scratch)
        let database = scratch.path("site.sqlite")
        _ = try scratch.write("pages/extra.txt", StoryPageFixture.page(number: 4))
        let imported = try CommandRunner.run(["import", scratch.path("pages/extra.txt"), "--database", database])
        #expect(imported.status == 0, "\(imported.standardError)")
        let again = try CommandRunner.run(["export", "--database", database, "--out", scratch.path("site.jsonl")])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardError.contains("exported 4 stories"), "\(again.standardError)")
        let lines = Self.lines(try String(contentsOfFile: scratch.path("site.jsonl"), encoding: .utf8))
        #expect(lines.count > first.count)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
            .filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Newsletters with their people and followed sources move with the archive, so export has
    /// nothing left to warn about.
    @Test func exportCarriesNewslettersAndSources() throws {
        let scratch = try ScratchFolder()
        _ = try Self.exportSampleSite(in: scratch)
        let database = scratch.path("site.sqlite")
        let list = try CommandRunner.run(
            ["newsletters", "add", "--database", database, "--name", "Morning", "--slug", "morning", "--front"])
        #expect(list.status == 0, "\(list.standardError)")
        try scratch.write("people.csv", "email\nreader@example.org\nother@example.net\n")
        let people = try CommandRunner.run([
            "newsletters", "import", "morning", scratch.path("people.csv"), "--database", database,
        ])
        #expect(people.status == 0, "\(people.standardError)")
        let source = try CommandRunner.run(["sources", "add", "https://example.com/feed.xml", "--database", database])
        #expect(source.status == 0, "\(source.standardError)")
        let exported = try CommandRunner.run(["export", "--database", database, "--out", scratch.path("b.jsonl")])
        #expect(exported.status == 0, "\(exported.standardError)")
        #expect(!exported.standardError.contains("warning"), "\(exported.standardError)")
        for counted in ["1 followed source", "1 newsletter", "2 subscribers"] {
            #expect(exported.standardError.contains(counted), "\(counted): \(exported.standardError)")
        }
        let moved = scratch.path("moved.sqlite")
        let imported = try CommandRunner.run(["import", "--archive", scratch.path("b.jsonl"), "--database", moved])
        #expect(imported.status == 0, "\(imported.standardError)")
        let listed = try CommandRunner.run(["newsletters", "list", "--database", moved])
        #expect(listed.status == 0 && listed.standardOutput.contains("morning"), "\(listed.standardOutput)")
        #expect(listed.standardOutput.contains("2"), "\(listed.standardOutput)")
    }

    // MARK: Helpers

    /// Imports three pages into `site.sqlite` and exports it to `site.jsonl`; returns its lines.
    static func exportSampleSite(in scratch: ScratchFolder) throws -> [String] {
        for number in 1...3 { try scratch.write("pages/ferry-\(number).txt", StoryPageFixture.page(number: number)) }
        let database = scratch.path("site.sqlite")
        let imported = try CommandRunner.run(["import", scratch.path("pages"), "--database", database])
        #expect(imported.status == 0, "stderr: \(imported.standardError)")
        let exported = try CommandRunner.run(
            ["export", "--database", database, "--out", scratch.path("site.jsonl")])
        #expect(exported.status == 0, "stderr: \(exported.standardError)")
        #expect(exported.standardError.contains("exported 3 stories, 3 revisions"), "\(exported.standardError)")
        let lines = lines(try String(contentsOfFile: scratch.path("site.jsonl"), encoding: .utf8))
        #expect(lines.first?.contains(#""format":"dateline-archive""#) == true)
        #expect(lines.first?.contains(#""source":"sqlite""#) == true)
        return lines
    }

    /// Imports `name` from the scratch folder into `database`, then exports `database` again.
    static func importAndExport(
        _ archive: [String], database: String, in scratch: ScratchFolder, name: String = "site.jsonl"
    ) throws -> [String] {
        let imported = try CommandRunner.run(["import", "--archive", scratch.path(name), "--database", database])
        #expect(imported.status == 0, "stderr: \(imported.standardError)")
        #expect(imported.standardError.contains("imported 3 stories, 3 revisions"), "\(imported.standardError)")
        let exported = try CommandRunner.run(["export", "--database", database, "--out", "-"])
        #expect(exported.status == 0, "stderr: \(exported.standardError)")
        return lines(exported.standardOutput)
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
    }

    /// Every line but the header, which names the time and backend of the export, and the
    /// trailer, whose digest covers the header.
    static func records(_ lines: [String]) -> [String] { Array(lines.dropFirst().dropLast()) }
}
