import DatelineStore
import Foundation
import Testing

/// `dateline newsletters import` and `export`, end to end as child processes, on SQLite and (when
/// `DATELINE_TEST_POSTGRES_URL` names a server) PostgreSQL.
@Suite("dateline newsletters import and export")
struct NewslettersCSVCommandTests {
    @Test("import on SQLite: summary line, refused lines on stderr, suppression and idempotence; export reads back")
    func sqlite() async throws {
        let folder = try ScratchFolder()
        try importAndExport(database: folder.path("d.sqlite"), folder: folder)
    }

    @Test("the same on PostgreSQL", .enabled(if: PostgresCommandTests.isWanted))
    func postgres() async throws {
        let serverURL = try #require(
            PostgresCommandTests.serverURL,
            "CI is set but \(PostgresCommandTests.variable) is not: start ./scripts/postgres start and export its URL")
        let server = try PostgresLocation(url: serverURL)
        let database = server.with(database: "dateline_test_" + UUID().uuidString.prefix(8).lowercased())
        try await PostgresTestServer.admin(server, "CREATE DATABASE \(database.database)")
        let outcome = Result(catching: {
            try importAndExport(database: database.urlWithPassword, folder: try ScratchFolder())
        })
        try await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
        try outcome.get()
    }

    private func importAndExport(database: String, folder: ScratchFolder) throws {
        let added = try CommandRunner.run(
            [
                "newsletters", "add", "--database", database, "--name", "Morning", "--slug", "morning", "--front",
                "--from-address", "desk@news.example.test",
            ])
        #expect(added.status == 0, "\(added.standardError)")
        let file = try folder.write(
            "people.csv",
            [
                "email,subscribed_at",
                "ann@example.com,2026-01-02T03:04:05Z",
                "Bob@Example.com,",
                "ann@example.com,",
                "\"x@example.com\nBcc: all@example.com\",",
                "раураl@example.com,",
                "c@example.com,2026-01-01,extra",
                "\"open@example.com,",
                "dan@example.com,",
            ].joined(separator: "\r\n") + "\r\n")
        let first = try CommandRunner.run(["newsletters", "import", "--database", database, "morning", file])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput == "3 added, 1 already subscribed, 0 suppressed (not added), 4 refused\n")
        let refused = first.standardError.split(separator: "\n").map(String.init)
        #expect(refused.count == 4)
        #expect(
            refused[0].hasSuffix("people.csv:5: a line break or control character in the address (header injection)"))
        #expect(refused[1].contains(":7: ") && refused[1].contains("look-alike"))
        #expect(refused[2].contains(":8: ") && refused[2].contains("too many columns"))
        #expect(refused[3].contains(":9: ") && refused[3].contains("never closed"))

        // Idempotent: the same file again adds nothing.
        let again = try CommandRunner.run(["newsletters", "import", "--database", database, "morning", file])
        #expect(again.standardOutput == "0 added, 4 already subscribed, 0 suppressed (not added), 4 refused\n")

        let exported = try CommandRunner.run(["newsletters", "export", "--database", database, "morning"])
        #expect(exported.status == 0, "\(exported.standardError)")
        let lines = exported.standardOutput.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "email,status,subscribed_at")
        #expect(
            lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" } == [
                "ann@example.com", "bob@example.com", "dan@example.com",
            ])
        #expect(lines.contains("ann@example.com,confirmed,2026-01-02T03:04:05Z"))

        // The export imports back into another list unchanged.
        _ = try CommandRunner.run(
            [
                "newsletters", "add", "--database", database, "--name", "Evening", "--slug", "evening", "--breaking",
                "--from-address", "desk@news.example.test",
            ])
        let exportFile = try folder.write("export.csv", exported.standardOutput)
        let copied = try CommandRunner.run(["newsletters", "import", "--database", database, "evening", exportFile])
        #expect(copied.standardOutput == "3 added, 0 already subscribed, 0 suppressed (not added), 0 refused\n")

        // Refused whole: an unknown column, a missing file, an unknown list.
        let named = try folder.write("named.csv", "email,name\r\nann@example.com,Ann\r\n")
        let column = try CommandRunner.run(["newsletters", "import", "--database", database, "morning", named])
        #expect(column.status != 0 && column.standardError.contains("“name” is not imported"))
        #expect(column.standardError.contains("nothing was imported"))
        let huge = folder.path("huge.csv")
        try Data(repeating: UInt8(ascii: "a"), count: NewsletterCSV.maximumBytes + 1).write(
            to: URL(fileURLWithPath: huge))
        let tooLarge = try CommandRunner.run(["newsletters", "import", "--database", database, "morning", huge])
        #expect(tooLarge.status != 0 && tooLarge.standardError.contains("the limit is 20 MB"))
        #expect(tooLarge.standardError.contains("nothing was imported"))
        let missing = try CommandRunner.run(
            ["newsletters", "import", "--database", database, "morning", folder.path("none.csv")])
        #expect(missing.status != 0 && missing.standardError.contains("no such file"))
        let unknown = try CommandRunner.run(["newsletters", "import", "--database", database, "nope", file])
        #expect(unknown.status != 0 && unknown.standardError.contains("there is no newsletter “nope”"))
        let noList = try CommandRunner.run(["newsletters", "export", "--database", database, "nope"])
        #expect(noList.status != 0 && noList.standardOutput.isEmpty)
    }
}
