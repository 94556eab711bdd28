import DatelineCore
import DatelineStore
import Foundation
import Testing

/// Saves that carry the revision they were based on, and workflow steps taken with the edits in
/// the same transaction (issue 15: no silent overwrites, no edits lost by "Publish now").
@Suite("NewsroomStore saving")
struct NewsroomStoreSavingTests {
    @Test("a save based on an older revision is refused and writes nothing", arguments: StoreBackend.all)
    func staleSave(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let bob = try await store.createUser(
                email: "bob@example.com", name: "Bob", role: .editor, passwordHash: "h")
            let story = try await store.createStory(.sample("Ferry timetable changes"), status: .draft, author: ann.id)
            #expect(try await store.revisions(ofStory: story.id).first?.number == 1)

            var annDraft = story.draft
            annDraft.body = ["Ann's paragraph."]
            var bobDraft = story.draft
            bobDraft.body = ["Bob's paragraph."]
            let saved = try await store.saveStory(id: story.id, with: annDraft, author: ann.id, basedOn: 1, then: nil)
            #expect(saved.body == ["Ann's paragraph."])

            let error = try await #require(throws: StoreError.self) {
                try await store.saveStory(id: story.id, with: bobDraft, author: bob.id, basedOn: 1, then: nil)
            }
            #expect(error == .stale(latestRevision: 2))
            #expect(try await store.story(id: story.id)?.body == ["Ann's paragraph."])
            #expect(try await store.revisions(ofStory: story.id).count == 2)

            // Based on the latest, Bob's save goes through; Ann's stays in the history.
            let kept = try await store.saveStory(id: story.id, with: bobDraft, author: bob.id, basedOn: 2, then: nil)
            #expect(kept.body == ["Bob's paragraph."])
            let history = try await store.revisions(ofStory: story.id)
            #expect(history.map(\.number) == [3, 2, 1])
            #expect(history[1].content.body == ["Ann's paragraph."])
        }
    }

    @Test(
        "publishing with edits saves them and publishes in one step; an invalid edit does neither",
        arguments: StoreBackend.all)
    func saveThenPublish(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            let story = try await store.createStory(.sample("Bridge reopens"), status: .draft, author: ann.id)
            var broken = story.draft
            broken.headline = " "
            broken.body = ["An edit that must not be lost."]
            await #expect(throws: StoreError.self) {
                try await store.saveStory(
                    id: story.id, with: broken, author: ann.id, basedOn: 1,
                    then: StoryStatusChange(status: .published, publishedAt: nil))
            }
            let unchanged = try #require(try await store.story(id: story.id))
            #expect(unchanged.status == .draft)
            #expect(unchanged.body == story.body)

            var edited = story.draft
            edited.body = ["The edit made just before publishing."]
            let published = try await store.saveStory(
                id: story.id, with: edited, author: ann.id, basedOn: 1,
                then: StoryStatusChange(status: .published, publishedAt: nil))
            #expect(published.status == .published)
            #expect(published.publishedAt != nil)
            #expect(published.body == ["The edit made just before publishing."])
            #expect(try await store.revisions(ofStory: story.id).count == 2)

            // A workflow step without changes records no empty revision.
            let unpublished = try await store.saveStory(
                id: story.id, with: edited, author: ann.id, basedOn: 2,
                then: StoryStatusChange(status: .unpublished, publishedAt: nil))
            #expect(unpublished.status == .unpublished)
            #expect(try await store.revisions(ofStory: story.id).count == 2)
        }
    }

    @Test("the newsroom's section list holds every section, drafts' too, by name", arguments: StoreBackend.all)
    func newsroomSections(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try fixture.newsroom()
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .editor, passwordHash: "h")
            _ = try await store.createStory(.sample("A", section: "world"), status: .published, author: ann.id)
            _ = try await store.createStory(.sample("B", section: "Science"), status: .draft, author: ann.id)
            #expect(try await store.newsroomSections().map(\.name) == ["Science", "world"])
            #expect(try await store.sections().map(\.name) == ["world"], "readers see only published sections")
        }
    }
}
