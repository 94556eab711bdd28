import DatelineCore
import DatelineStore
import Foundation
import Testing

extension StoryStoreTests {
    @Test("a new page is created as a published story", arguments: StoreBackend.all)
    func importCreates(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let draft = StoryDraft.imported(url: "file:///pages/one.txt", checksum: "c1", publishedAt: Times.day(2))
            let outcome = try await fixture.store.importStory(draft)
            guard case .created(let story) = outcome else {
                Issue.record("expected .created, got \(outcome)")
                return
            }
            #expect(story.status == .published)
            #expect(story.publishedAt == Times.day(2))
            #expect(story.source == StorySource(url: "file:///pages/one.txt", checksum: "c1"))
            #expect(story.highlightsOrigin == .source)
            #expect(try await fixture.store.story(id: story.id) == story)
        }
    }

    @Test("an undated page is published now", arguments: StoreBackend.all)
    func importWithoutDateIsPublishedNow(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let outcome = try await fixture.store.importStory(
                .imported(url: "file:///pages/undated.txt", checksum: "u"))
            #expect(outcome.story.status == .published)
            #expect(outcome.story.publishedAt != nil)
            #expect(try await fixture.store.countPublished(StoryQuery()) == 1)
        }
    }

    @Test("re-importing an unchanged page writes nothing", arguments: StoreBackend.all)
    func reimportUnchanged(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let draft = StoryDraft.imported(url: "file:///pages/one.txt", checksum: "c1", publishedAt: Times.day(2))
            let first = try await fixture.store.importStory(draft).story
            let again = try await fixture.store.importStory(draft)
            #expect(again == .unchanged(first))
            #expect(try await fixture.store.storyCount() == 1)
        }
    }

    @Test("re-importing a changed page updates the same story", arguments: StoreBackend.all)
    func reimportChanged(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            var draft = StoryDraft.imported(
                "Ferry service resumes", url: "file:///pages/ferry.txt", checksum: "v1", publishedAt: Times.day(1))
            draft.topics = ["Ferries"]
            let first = try await store.importStory(draft).story

            draft.headline = "Ferry service resumes after storm"
            draft.body = ["Corrected first paragraph."]
            draft.topics = ["Ferries", "Storms"]
            draft.source = StorySource(url: "file:///pages/ferry.txt", checksum: "v2")
            let outcome = try await store.importStory(draft)
            guard case .updated(let updated) = outcome else {
                Issue.record("expected .updated, got \(outcome)")
                return
            }
            #expect(updated.id == first.id)
            #expect(updated.slug == first.slug)
            #expect(updated.createdAt == first.createdAt)
            #expect(updated.headline == "Ferry service resumes after storm")
            #expect(updated.body == ["Corrected first paragraph."])
            #expect(updated.topics.map(\.name) == ["Ferries", "Storms"])
            #expect(updated.source?.checksum == "v2")
            #expect(try await store.storyCount() == 1)
            #expect(try await store.story(id: first.id) == updated)

            #expect(try await store.importStory(draft) == .unchanged(updated))
        }
    }

    @Test("a page moved to a new address is recognised by its checksum", arguments: StoreBackend.all)
    func identityFallsBackToChecksum(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let first = try await store.importStory(.imported(url: "file:///old/page.txt", checksum: "same")).story
            let moved = try await store.importStory(.imported(url: "file:///new/page.txt", checksum: "same"))
            #expect(moved == .unchanged(first))
            #expect(try await store.storyCount() == 1)

            let other = try await store.importStory(.imported(url: "file:///new/other.txt", checksum: "different"))
            guard case .created(let created) = other else {
                Issue.record("expected .created, got \(other)")
                return
            }
            #expect(created.id != first.id)
            #expect(try await store.storyCount() == 2)
        }
    }

    @Test("the address wins over the checksum", arguments: StoreBackend.all)
    func identityPrefersURL(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let byURL = try await store.importStory(.imported("Page A", url: "file:///a.txt", checksum: "a1")).story
            _ = try await store.importStory(.imported("Page B", url: "file:///b.txt", checksum: "b1"))
            // Page A now carries page B's bytes: it is still page A, updated.
            let outcome = try await store.importStory(.imported("Page A again", url: "file:///a.txt", checksum: "b1"))
            guard case .updated(let updated) = outcome else {
                Issue.record("expected .updated, got \(outcome)")
                return
            }
            #expect(updated.id == byURL.id)
            #expect(try await store.storyCount() == 2)
        }
    }

    @Test("a draft without a source cannot be imported", arguments: StoreBackend.all)
    func importNeedsSource(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let error = try #require(await #expect(throws: StoreError.self) { try await store.importStory(.sample()) })
            #expect(error.invalidFields == ["source"])
            let blank = StoryDraft.imported(url: "  ", checksum: "x")
            let blankError = try #require(await #expect(throws: StoreError.self) { try await store.importStory(blank) })
            #expect(blankError.invalidFields == ["source"])
            #expect(try await store.storyCount() == 0)
        }
    }

    @Test("a story taken down stays down when its page is re-imported", arguments: StoreBackend.all)
    func reimportKeepsEditorialStatus(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let story = try await store.importStory(.imported(url: "file:///x.txt", checksum: "1")).story
            _ = try await store.setStatus(id: story.id, to: .unpublished, publishedAt: nil)
            let outcome = try await store.importStory(.imported("Changed", url: "file:///x.txt", checksum: "2"))
            #expect(outcome.story.status == .unpublished)
            #expect(outcome.story.headline == "Changed")
        }
    }

    @Test("two stories never share a source address", arguments: StoreBackend.all)
    func sourceURLIsUnique(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            _ = try await store.importStory(.imported("Page A", url: "file:///a.txt", checksum: "a"))
            let other = try await store.importStory(.imported("Page B", url: "file:///b.txt", checksum: "b")).story
            var stolen = other.draft
            stolen.source = StorySource(url: "file:///a.txt", checksum: "b")
            let error = try #require(
                await #expect(throws: StoreError.self) { try await store.update(id: other.id, with: stolen) })
            #expect(error.failedMessage != nil)
            #expect(try await store.story(id: other.id) == other)
        }
    }
}
