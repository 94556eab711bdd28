import DatelineCore
import DatelineStore
import Foundation
import Testing

extension StoryStoreTests {
    @Test("the change stream pages through every story once, then picks up later writes", arguments: StoreBackend.all)
    func changeStreamPagesAndResumes(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            var created: [Story] = []
            for number in 1...7 {
                let status: StoryStatus = number == 3 ? .draft : .published
                created.append(try await store.create(.sample("Change \(number)"), status: status))
            }
            var seen: [Int64] = []
            var cursor: StoryChangeCursor?
            for _ in 0..<10 {
                let batch = try await store.storyChanges(after: cursor, limit: 3)
                if batch.stories.isEmpty {
                    #expect(batch.cursor == cursor)
                    break
                }
                #expect(batch.stories.count <= 3)
                seen += batch.stories.map(\.id)
                cursor = batch.cursor
            }
            #expect(seen.sorted() == created.map(\.id).sorted(), "every story once, drafts included")

            var changed = created[1].draft
            changed.headline = "Change 2, revised"
            let revised = try await store.update(id: created[1].id, with: changed)
            let later = try await store.storyChanges(after: cursor, limit: 10)
            #expect(later.stories.map(\.id) == [revised.id])
            #expect(later.stories.first?.headline == "Change 2, revised")
            #expect(try await store.storyChanges(after: later.cursor, limit: 10).stories.isEmpty)
        }
    }
}
