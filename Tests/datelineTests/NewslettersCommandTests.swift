import DatelineCore
import DatelineStore
import Foundation
import Testing

@Suite("dateline newsletters")
struct NewslettersCommandTests {
    @Test("newsletters add makes front, section and topic lists; list shows them; bad input is refused clearly")
    func addAndList() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let store = try SQLiteStoryStore(path: database)
        var draft = StoryDraft(headline: "Ferry timetable changes", body: ["The winter timetable starts."])
        draft.section = "Local News"
        draft.topics = ["Ferries"]
        draft.highlights = ["Winter timetable starts"]
        _ = try await store.create(draft, status: .published)

        let front = try CommandRunner.run(
            [
                "newsletters", "add", "--database", database, "--name", "Morning Briefing", "--slug", "morning",
                "--front",
            ],
            environment: ["DATELINE_SMTP_URL": "smtp://127.0.0.1:9?from=desk@news.example.test"])
        #expect(front.status == 0, "\(front.standardError)")
        #expect(
            front.standardOutput.contains("“Morning Briefing”")
                && front.standardOutput.contains("desk@news.example.test"))
        let section = try CommandRunner.run(
            [
                "newsletters", "add", "--database", database, "--name", "Local", "--slug", "local", "--section",
                "Local News",
            ])
        #expect(section.status == 0, "\(section.standardError)")
        let topic = try CommandRunner.run(
            [
                "newsletters", "add", "--database", database, "--name", "Ferries", "--slug", "ferries", "--topic",
                "Ferries",
                "--send-time", "18:30", "--time-zone", "Europe/Oslo",
            ])
        #expect(topic.status == 0, "\(topic.standardError)")

        let listed = try CommandRunner.run(["newsletters", "list", "--database", database])
        let lines = listed.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.contains { $0.hasSuffix("\tferries\ttopic:ferries\t18:30\tEurope/Oslo\t0\tFerries") })
        #expect(lines.contains { $0.contains("\tlocal\tsection:local-news\t07:00\tUTC\t0\tLocal") })

        let unknown = try CommandRunner.run(
            ["newsletters", "add", "--database", database, "--name", "Sport", "--slug", "sport", "--section", "Sport"])
        #expect(unknown.status != 0 && unknown.standardError.contains("there is no section sport"))
        let two = try CommandRunner.run(
            [
                "newsletters", "add", "--database", database, "--name", "Both", "--slug", "both", "--front", "--topic",
                "Ferries",
            ])
        #expect(two.status != 0 && two.standardError.contains("choose exactly one"))
        let taken = try CommandRunner.run(
            ["newsletters", "add", "--database", database, "--name", "Again", "--slug", "morning", "--front"])
        #expect(taken.status != 0 && taken.standardError.contains("exists already"))
        #expect(try await store.newsletters().count == 3)
    }

    @Test("newsletters send makes the issue, queues one message per confirmed subscriber and says how many")
    func send() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let store = try SQLiteStoryStore(path: database)
        var draft = StoryDraft(headline: "Ferry timetable changes", body: ["The winter timetable starts."])
        draft.section = "Local News"
        draft.highlights = ["Winter timetable starts"]
        _ = try await store.create(draft, status: .published)
        let list = try await store.addNewsletter(
            NewsletterInput(
                name: "Morning Briefing", slug: "morning", source: .front, fromName: "Desk",
                fromAddress: "desk@news.example.test"), now: Date())
        for (index, email) in ["ann@example.org", "bob@example.org", "gone@example.org"].enumerated() {
            _ = try await store.requestSubscription(
                email: email, newsletterIDs: [list.id], confirmationDigest: "digest-\(index)", now: Date(),
                expiresAt: Date().addingTimeInterval(3600))
            _ = try await store.confirmSubscription(digest: "digest-\(index)", now: Date())
        }
        try await store.suppress(email: "gone@example.org", reason: .complained, now: Date())

        let noOrigin = try CommandRunner.run(
            ["newsletters", "send", "morning", "--database", database], environment: [:])
        #expect(noOrigin.status != 0 && noOrigin.standardError.contains("--public-url"))
        let unknown = try CommandRunner.run(
            ["newsletters", "send", "evening", "--database", database, "--public-url", "https://news.example.test"])
        #expect(unknown.status != 0 && unknown.standardError.contains("no newsletter “evening”"))

        let sent = try CommandRunner.run(
            ["newsletters", "send", "morning", "--database", database, "--public-url", "https://news.example.test"])
        #expect(sent.status == 0, "\(sent.standardError)")
        #expect(sent.standardOutput.contains("Made issue 1 of “Morning Briefing” with 1 story."))
        #expect(sent.standardOutput.hasSuffix("Queued 2 messages.\n"))
        #expect(try await store.mailCounts().pending == 2)
        let issue = try #require(try await store.latestNewsletterIssue(newsletterID: list.id))
        #expect(issue.state == .queued && issue.stories.map(\.headline) == ["Ferry timetable changes"])

        let again = try CommandRunner.run(
            ["newsletters", "send", "morning", "--database", database],
            environment: ["DATELINE_PUBLIC_URL": "https://news.example.test"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("No stories were published since the last issue"))
        #expect(again.standardOutput.hasSuffix("Queued 0 messages.\n"))
        #expect(try await store.mailCounts().pending == 2)
    }
}
