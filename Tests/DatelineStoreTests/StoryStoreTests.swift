import DatelineCore
import DatelineStore
import Foundation
import Testing

/// The ``StoryStore`` contract: every test runs against every backend in ``StoreBackend/all``.
@Suite("StoryStore contract")
struct StoryStoreTests {
    @Test("a created story reads back with every field", arguments: StoreBackend.all)
    func createdStoryRoundTrips(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let draft = StoryDraft(
                headline: "  Serbia   defiant as Kosovo breakaway looms ",
                section: "World",
                dateline: Dateline(place: "BELGRADE, Serbia", source: "CNN"),
                byline: "By Mira Stojan",
                body: [
                    "Serbia told the council \"no\" — again.", "Ünïcödé, slashes / and 'quotes' survive.", "Third.",
                ],
                highlights: ["Serbia says it will never accept it", "Vote expected Sunday"],
                highlightsOrigin: .source,
                topics: ["Kosovo", "Serbia", "Hashim Thaci"],
                topicsOrigin: .machine,
                publishedAt: Times.day(0),
                source: StorySource(url: "https://example.org/world/serbia", checksum: "abc123"))
            let created = try await fixture.store.create(draft, status: .published)

            #expect(created.slug == Slug(from: "Serbia defiant as Kosovo breakaway looms"))
            #expect(created.headline == "Serbia defiant as Kosovo breakaway looms")
            #expect(created.section == Section(name: "World", slug: try slug("world")))
            #expect(created.dateline == draft.dateline)
            #expect(created.byline == "By Mira Stojan")
            #expect(created.body == draft.body)
            #expect(created.highlights == draft.highlights)
            #expect(created.highlightsOrigin == .source)
            #expect(created.topics.map(\.name) == ["Kosovo", "Serbia", "Hashim Thaci"])
            #expect(created.topics.map(\.slug.rawValue) == ["kosovo", "serbia", "hashim-thaci"])
            #expect(created.topicsOrigin == .machine)
            #expect(created.status == .published)
            #expect(created.publishedAt == Times.day(0))
            #expect(created.source == draft.source)
            #expect(created.createdAt <= created.updatedAt)

            #expect(try await fixture.store.story(id: created.id) == created)
            #expect(try await fixture.store.story(slug: created.slug) == created)
            #expect(try await fixture.store.storyCount() == 1)
        }
    }

    @Test("optional fields stay absent", arguments: StoreBackend.all)
    func optionalFieldsStayAbsent(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let draft = StoryDraft(headline: "Plain story", section: "Business", body: ["Only a body."])
            let created = try await fixture.store.create(draft, status: .draft)
            let read = try #require(try await fixture.store.story(id: created.id))
            #expect(read.dateline.isEmpty)
            #expect(read.byline == nil)
            #expect(read.highlights.isEmpty)
            #expect(read.topics.isEmpty)
            #expect(read.source == nil)
            #expect(read.publishedAt == nil)
            #expect(read.status == .draft)
        }
    }

    @Test("a story published without a date is dated when stored", arguments: StoreBackend.all)
    func publishingWithoutDateUsesNow(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let before = Date().addingTimeInterval(-1)
            let story = try await fixture.store.create(.sample(), status: .published)
            let after = Date().addingTimeInterval(1)
            let publishedAt = try #require(story.publishedAt)
            #expect(publishedAt >= before && publishedAt <= after)
        }
    }

    @Test("unknown ids and slugs read as nil", arguments: StoreBackend.all)
    func unknownKeysReadAsNil(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture async throws in
            #expect(try await fixture.store.story(id: 4242) == nil)
            #expect(try await fixture.store.story(slug: try slug("no-such-story")) == nil)
            #expect(try await fixture.store.section(slug: try slug("nowhere")) == nil)
            #expect(try await fixture.store.topic(slug: try slug("nothing")) == nil)
        }
    }

    @Test("an invalid draft is refused with its problems and writes nothing", arguments: StoreBackend.all)
    func invalidDraftWritesNothing(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let bad = StoryDraft(headline: "   ", section: nil, body: ["  ", ""], topics: ["Kosovo"])
            let error = try #require(
                await #expect(throws: StoreError.self) { try await store.create(bad, status: .published) })
            #expect(error.invalidFields.contains("headline"))
            #expect(error.invalidFields.contains("section"))
            #expect(error.invalidFields.contains("body"))

            var tooManyHighlights = StoryDraft.sample(topics: ["Kosovo"])
            tooManyHighlights.highlights = (1...(StoryLimits.highlightCount + 1)).map { "Highlight \($0)" }
            let second = try #require(
                await #expect(throws: StoreError.self) { try await store.importStory(tooManyHighlights) })
            #expect(second.invalidFields == ["highlights"])

            #expect(try await store.storyCount() == 0)
            #expect(try await store.sections().isEmpty)
            #expect(try await store.section(slug: try slug("world")) == nil)
            #expect(try await store.topic(slug: try slug("kosovo")) == nil)
        }
    }

    @Test("an invalid update leaves the story as it was", arguments: StoreBackend.all)
    func invalidUpdateChangesNothing(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let story = try await store.create(.sample(topics: ["Kosovo"]), status: .published)
            var bad = story.draft
            bad.body = []
            let error = try #require(
                await #expect(throws: StoreError.self) { try await store.update(id: story.id, with: bad) })
            #expect(error.invalidFields == ["body"])
            #expect(try await store.story(id: story.id) == story)
        }
    }

    @Test("stories with one headline get numbered slugs", arguments: StoreBackend.all)
    func slugsAreNumberedOnCollision(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let first = try await store.create(.sample("Storm hits coast"), status: .published)
            let second = try await store.create(.sample("Storm hits coast"), status: .draft)
            let third = try await store.create(.sample("Storm hits coast 4"), status: .published)
            let fourth = try await store.create(.sample("Storm Hits Coast!"), status: .published)
            let fifth = try await store.create(.sample("storm hits coast"), status: .published)
            #expect(first.slug.rawValue == "storm-hits-coast")
            #expect(second.slug.rawValue == "storm-hits-coast-2")
            #expect(third.slug.rawValue == "storm-hits-coast-4")
            #expect(fourth.slug.rawValue == "storm-hits-coast-3")
            #expect(fifth.slug.rawValue == "storm-hits-coast-5")
            #expect(Set([first, second, third, fourth, fifth].map(\.id)).count == 5)
        }
    }

    @Test("an update replaces content and keeps slug, status and creation time", arguments: StoreBackend.all)
    func updateReplacesContent(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let original = try await store.create(
                .sample("Bridge vote delayed", topics: ["Harbour", "Council"], publishedAt: Times.day(1)),
                status: .published)
            var draft = original.draft
            draft.headline = "Bridge vote delayed again"
            draft.section = "Business"
            draft.body = ["A new first paragraph."]
            draft.highlights = []
            draft.topics = ["Council", "Budget"]
            draft.publishedAt = nil
            let updated = try await store.update(id: original.id, with: draft)

            #expect(updated.id == original.id)
            #expect(updated.slug == original.slug)
            #expect(updated.createdAt == original.createdAt)
            #expect(updated.updatedAt >= original.updatedAt)
            #expect(updated.status == .published)
            #expect(updated.publishedAt == Times.day(1))
            #expect(updated.headline == "Bridge vote delayed again")
            #expect(updated.section.name == "Business")
            #expect(updated.body == ["A new first paragraph."])
            #expect(updated.highlights.isEmpty)
            #expect(updated.topics.map(\.name) == ["Council", "Budget"])
            #expect(try await store.story(id: original.id) == updated)
            let harbour = StoryQuery(topic: Slug(from: "Harbour"))
            #expect(try await store.countPublished(harbour) == 0)
        }
    }

    @Test("changing status moves a story in and out of reader lists", arguments: StoreBackend.all)
    func statusChanges(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let draft = try await store.create(.sample("Quiet filing"), status: .draft)
            #expect(draft.publishedAt == nil)
            #expect(try await store.countPublished(StoryQuery()) == 0)

            let published = try await store.setStatus(id: draft.id, to: .published, publishedAt: nil)
            #expect(published.status == .published)
            #expect(published.publishedAt != nil)
            #expect(published.headline == draft.headline)
            #expect(try await store.publishedStories(StoryQuery()).map(\.id) == [draft.id])

            let redated = try await store.setStatus(id: draft.id, to: .published, publishedAt: Times.day(3))
            #expect(redated.publishedAt == Times.day(3))

            let pulled = try await store.setStatus(id: draft.id, to: .unpublished, publishedAt: nil)
            #expect(pulled.status == .unpublished)
            #expect(pulled.publishedAt == Times.day(3))
            #expect(try await store.countPublished(StoryQuery()) == 0)
            #expect(try await store.story(id: draft.id)?.status == .unpublished)
        }
    }

    @Test("changing, updating or deleting an unknown story says which", arguments: StoreBackend.all)
    func unknownStoriesAreNotFound(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let missing: Int64 = 987_654
            let statusError = try #require(
                await #expect(throws: StoreError.self) {
                    try await store.setStatus(id: missing, to: .published, publishedAt: nil)
                })
            #expect(statusError.isNotFound(missing))
            let updateError = try #require(
                await #expect(throws: StoreError.self) { try await store.update(id: missing, with: .sample()) })
            #expect(updateError.isNotFound(missing))
            let deleteError = try #require(
                await #expect(throws: StoreError.self) { try await store.delete(id: missing) })
            #expect(deleteError.isNotFound(missing))
            #expect(try await store.storyCount() == 0)
        }
    }

    @Test("deleting a story removes it and its topic links", arguments: StoreBackend.all)
    func deleteCascadesTopicLinks(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let doomed = try await store.create(
                .sample("Doomed story", topics: ["Kosovo", "Serbia"]), status: .published)
            let kept = try await store.create(.sample("Kept story", topics: ["Serbia"]), status: .published)
            try await store.delete(id: doomed.id)

            #expect(try await store.story(id: doomed.id) == nil)
            #expect(try await store.story(slug: doomed.slug) == nil)
            #expect(try await store.storyCount() == 1)
            #expect(try await store.countPublished(StoryQuery(topic: Slug(from: "Kosovo"))) == 0)
            #expect(try await store.publishedStories(StoryQuery(topic: Slug(from: "Serbia"))).map(\.id) == [kept.id])
            #expect(try await store.story(id: kept.id)?.topics.map(\.name) == ["Serbia"])
            #expect(try await store.relatedStories(to: kept, limit: 10).isEmpty)
        }
    }

    @Test("the story count covers every status", arguments: StoreBackend.all)
    func storyCountCoversEveryStatus(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            for (index, status) in StoryStatus.allCases.enumerated() {
                _ = try await fixture.store.create(.sample("Story number \(index)"), status: status)
            }
            #expect(try await fixture.store.storyCount() == StoryStatus.allCases.count)
            #expect(try await fixture.store.countPublished(StoryQuery()) == 1)
        }
    }
}
