import DatelineCore
import DatelineStore
import Foundation
import Testing

@Suite("dateline trash")
struct TrashCommandTests {
    @Test("trash add, list, restore and empty work on the database, with clear refusals")
    func trashFromTheCommandLine() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let store = try SQLiteStoryStore(path: database)
        let user = try await store.createUser(email: "e@example.com", name: "Ed", role: .editor, passwordHash: "h")
        var draft = StoryDraft(headline: "Sea wall works begin", body: ["Work starts on Monday."])
        draft.section = "Local"
        draft.highlights = ["Work starts Monday"]
        let story = try await store.createStory(draft, status: .published, author: user.id)
        let other = try await store.createStory(draft, status: .draft, author: user.id)

        let added = try CommandRunner.run(["trash", "add", "--database", database, String(story.id)])
        #expect(added.status == 0, "\(added.standardError)")
        #expect(added.standardOutput.contains("Moved “Sea wall works begin” to the trash"))
        let listed = try CommandRunner.run(["trash", "list", "--database", database])
        #expect(listed.standardOutput.hasPrefix("\(story.id)\t"))
        #expect(listed.standardOutput.contains("\tpublished\tSea wall works begin"))
        let again = try CommandRunner.run(["trash", "add", "--database", database, String(story.id)])
        #expect(again.status != 0)
        #expect(again.standardError.contains("no story \(story.id) outside the trash"))

        let restored = try CommandRunner.run(["trash", "restore", "--database", database, String(story.id)])
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(restored.standardOutput.contains("as unpublished"))
        let notThere = try CommandRunner.run(["trash", "restore", "--database", database, String(story.id)])
        #expect(notThere.status != 0)
        #expect(notThere.standardError.contains("not in the trash"))

        // Emptying keeps recent deletions unless told --all.
        _ = try CommandRunner.run(["trash", "add", "--database", database, String(other.id)])
        let kept = try CommandRunner.run(["trash", "empty", "--database", database])
        #expect(kept.standardOutput.contains("Deleted 0 stories"))
        let emptied = try CommandRunner.run(["trash", "empty", "--all", "--database", database])
        #expect(emptied.standardOutput.contains("Deleted 1 story for good."))
        #expect(try await store.story(id: other.id) == nil)
        #expect(try await store.story(id: story.id) != nil)
    }
}
