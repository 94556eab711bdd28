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
}
