import DatelineStore
import Foundation
import Testing

/// `dateline mail bounces PATH` (issue 18 item 5): an mbox file or a maildir of returned mail puts
/// hard-bounced and complaining addresses on the suppression list; everything else is counted.
@Suite("dateline mail bounces")
struct MailCommandTests {
    /// A delivery status notification laid out as RFC 3464 says, for one recipient.
    static func bounce(_ address: String, action: String = "failed", status: String) -> String {
        [
            "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
            "Subject: Delivery Status Notification",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"",
            "",
            "--r",
            "Content-Type: text/plain",
            "",
            "Your message could not be delivered.",
            "--r",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx.example.net",
            "",
            "Final-Recipient: rfc822; \(address)",
            "Action: \(action)",
            "Status: \(status)",
            "",
            "--r--",
            "",
        ].joined(separator: "\n")
    }

    /// An RFC 5965 abuse report from `address`.
    static func complaint(_ address: String) -> String {
        [
            "From: <fbl@isp.example.net>",
            "Subject: Abuse report",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=feedback-report; boundary=\"f\"",
            "",
            "--f",
            "Content-Type: text/plain",
            "",
            "A reader marked this as spam.",
            "--f",
            "Content-Type: message/feedback-report",
            "",
            "Feedback-Type: abuse",
            "User-Agent: ExampleFBL/1.0",
            "Version: 1",
            "Original-Rcpt-To: <\(address)>",
            "",
            "--f--",
            "",
        ].joined(separator: "\n")
    }

    static func mbox(_ messages: [String]) -> String {
        // Writers end every message with a blank line before the next postmark.
        messages.map { "From MAILER-DAEMON Thu Dec  3 09:15:00 2026\n" + $0 + ($0.hasSuffix("\n") ? "\n" : "\n\n") }
            .joined()
    }

    /// The messages every test reads: 2 hard, 1 soft, 1 complaint, 3 unreadable.
    static let messages = [
        bounce("Gone@Example.org", status: "5.1.1"),
        bounce("full@example.org", status: "4.2.2"),
        bounce("moved@example.org", status: "5.1.6"),
        complaint("angry@example.org"),
        "Subject: Out of office\n\nI am away until Monday.",
        "Content-Type: multipart/mixed\nSubject: broken\n\nno boundary",
        bounce("nobody@example.org", status: "five-one-one"),
        bounce("fine@example.org", action: "delivered", status: "2.0.0"),
    ]

    static func checkSuppressions(_ store: any NewsletterStore) async throws {
        #expect(try await store.suppression(email: "gone@example.org") == .bounced)
        #expect(try await store.suppression(email: "moved@example.org") == .bounced)
        #expect(try await store.suppression(email: "angry@example.org") == .complained)
        #expect(try await store.suppression(email: "full@example.org") == nil, "a soft bounce suppresses nothing")
        #expect(try await store.suppression(email: "fine@example.org") == nil)
    }

    @Test("an mbox file: hard bounces and complaints suppressed, the rest counted, reasons shown")
    func mboxFile() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        _ = try SQLiteStoryStore(path: database)
        let path = try folder.write("bounces.mbox", Self.mbox(Self.messages))
        let dry = try CommandRunner.run(["mail", "bounces", "--database", database, "--dry-run", path])
        #expect(dry.status == 0, "\(dry.standardError)")
        #expect(dry.standardOutput.contains("dry run: nothing was suppressed"))
        #expect(try await SQLiteStoryStore(path: database).suppression(email: "gone@example.org") == nil)

        let run = try CommandRunner.run(["mail", "bounces", "--database", database, path])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.last == "2 hard, 1 soft, 1 complaints, 3 unreadable")
        #expect(lines.contains { $0.hasPrefix("unreadable message 5: not a bounce or complaint report") })
        #expect(lines.contains { $0.hasPrefix("unreadable message 6:") && $0.contains("no boundary parameter") })
        #expect(lines.contains { $0.hasPrefix("unreadable message 7:") && $0.contains("is not a code such as 5.1.1") })
        try await Self.checkSuppressions(try SQLiteStoryStore(path: database))
        // Reading the same returned mail again changes nothing.
        let again = try CommandRunner.run(["mail", "bounces", "--database", database, path])
        #expect(again.standardOutput.hasSuffix("2 hard, 1 soft, 1 complaints, 3 unreadable\n"))
    }

    @Test("a maildir folder: new/ and cur/ read, dot files and tmp/ skipped, an oversized file unreadable")
    func maildir() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        _ = try SQLiteStoryStore(path: database)
        for (number, message) in Self.messages.enumerated() {
            try folder.write("Maildir/\(number % 2 == 0 ? "new" : "cur")/17000\(number).mx:2,S", message)
        }
        try folder.write("Maildir/tmp/incoming", Self.bounce("tmp@example.org", status: "5.1.1"))
        try folder.write("Maildir/new/.hidden", Self.bounce("hidden@example.org", status: "5.1.1"))
        try folder.write(
            "Maildir/new/19999.huge",
            Self.bounce("huge@example.org", status: "5.1.1") + String(repeating: "padding line\n", count: 200_000))
        let run = try CommandRunner.run(
            ["mail", "bounces", "--database", database, "--maximum-message-kilobytes", "1024", folder.path("Maildir")])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("2 hard, 1 soft, 1 complaints, 4 unreadable\n"))
        #expect(run.standardOutput.contains("unreadable new/19999.huge: it is"))
        let store = try SQLiteStoryStore(path: database)
        try await Self.checkSuppressions(store)
        for skipped in ["tmp@example.org", "hidden@example.org", "huge@example.org"] {
            #expect(try await store.suppression(email: skipped) == nil)
        }
    }

    @Test("a missing path or a folder that is not a maildir is refused with what to do")
    func badPaths() throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let missing = try CommandRunner.run(["mail", "bounces", "--database", database, folder.path("nothing")])
        #expect(missing.status != 0 && missing.standardError.contains("there is no file or folder"))
        try folder.write("plain/readme.txt", "hello")
        let plain = try CommandRunner.run(["mail", "bounces", "--database", database, folder.path("plain")])
        #expect(plain.status != 0 && plain.standardError.contains("not a maildir"))
    }

    @Test("on PostgreSQL the same file suppresses the same addresses", .enabled(if: PostgresCommandTests.isWanted))
    func postgres() async throws {
        let serverURL = try #require(PostgresCommandTests.serverURL, "set \(PostgresCommandTests.variable)")
        let server = try PostgresLocation(url: serverURL)
        let database = server.with(database: "dateline_test_" + UUID().uuidString.prefix(8).lowercased())
        try await PostgresTestServer.admin(server, "CREATE DATABASE \(database.database)")
        let outcome = await Result { try await readOnPostgres(database) }
        try? await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
        try outcome.get()
    }

    private func readOnPostgres(_ database: PostgresLocation) async throws {
        let folder = try ScratchFolder()
        let path = try folder.write("bounces.mbox", Self.mbox(Self.messages))
        let run = try CommandRunner.run(
            ["mail", "bounces", path], environment: ["DATELINE_DATABASE": database.urlWithPassword])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("2 hard, 1 soft, 1 complaints, 3 unreadable\n"))
        let store = try await PostgresStoryStore(url: database.urlWithPassword)
        let checked = await Result { try await Self.checkSuppressions(store) }
        await store.shutdown()
        try checked.get()
    }
}

extension Result where Failure == any Error {
    /// The outcome of `body`, so clean-up can run before an error is rethrown.
    init(_ body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
