import DatelineCore
import DatelineStore
import Foundation
import Testing

@Suite("dateline highlights --signal")
struct HighlightsSignalCommandTests {
    @Test("reports how often suggestions were kept and writes each record with its story's text")
    func signalReport() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let store = try SQLiteStoryStore(path: database)
        let user = try await store.createUser(email: "e@example.com", name: "Ed", role: .editor, passwordHash: "h")
        var draft = StoryDraft(
            headline: "Sea wall works begin", body: ["Work on the **sea wall** starts on Monday.", "It takes a year."])
        draft.section = "Local"
        let story = try await store.createStory(draft, status: .draft, author: user.id)
        try await store.recordSuggestionSignal(
            SuggestionSignal(
                storyID: story.id, kind: .highlights, account: user.id,
                suggested: ["Work on the sea wall starts on Monday.", "It takes a year."],
                saved: ["Work on the sea wall starts on Monday.", "The road stays open."], recordedAt: Date()))
        try await store.recordSuggestionSignal(
            SuggestionSignal(
                storyID: story.id, kind: .topics, account: user.id, suggested: ["Sea wall"], saved: ["Sea wall"],
                recordedAt: Date()))

        let records = folder.path("signal.jsonl")
        let outcome = try CommandRunner.run(["highlights", "--signal", "--database", database, "--out", records])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("| highlights | 1 | 0 | 2 | 1 | 1 | 1 | 50.0 |"))
        #expect(outcome.standardOutput.contains("| topics | 1 | 1 | 1 | 1 | 0 | 0 | 100.0 |"))
        let lines = try String(contentsOfFile: records, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["kind"] as? String == "highlights")
        #expect(first["story_id"] as? Int == Int(story.id))
        #expect(first["article"] as? String == "Work on the sea wall starts on Monday.\n\nIt takes a year.")
        #expect(first["removed"] as? [String] == ["It takes a year."])
        #expect(first["account"] == nil, "no personal data in the export, not even the account")

        let both = try CommandRunner.run(["highlights", "--signal", "story.txt", "--database", database])
        #expect(both.status != 0)
        #expect(both.standardError.contains("--signal reads the database"))
    }
}
