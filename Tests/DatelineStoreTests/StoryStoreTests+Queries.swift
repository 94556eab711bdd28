import DatelineCore
import DatelineStore
import Foundation
import Testing

extension StoryStoreTests {
    @Test("published stories come newest first, filtered by section, topic and time", arguments: StoreBackend.all)
    func queryFilters(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let archive = try await SampleArchive(in: store)
            func ids(_ query: StoryQuery) async throws -> [Int64] {
                try await store.publishedStories(query).map(\.id)
            }
            #expect(try await ids(StoryQuery()) == archive.published.map(\.id))
            #expect(try await store.publishedStories(StoryQuery()) == archive.published)

            let world = StoryQuery(section: Slug(from: "World"))
            #expect(
                try await ids(world) == [archive.councilMeets, archive.serbiaRecalls, archive.kosovoDeclares].map(\.id))
            let serbia = StoryQuery(topic: Slug(from: "Serbia"))
            #expect(
                try await ids(serbia) == [archive.bondsFall, archive.serbiaRecalls, archive.kosovoDeclares].map(\.id))
            let both = StoryQuery(section: Slug(from: "Business"), topic: Slug(from: "Serbia"))
            #expect(try await ids(both) == [archive.bondsFall.id])
            let window = StoryQuery(publishedSince: Times.day(2), publishedBefore: Times.day(4))
            #expect(try await ids(window) == [archive.serbiaRecalls, archive.marketsSteady].map(\.id))
            let nowhere = StoryQuery(section: Slug(from: "Nowhere"))
            #expect(try await ids(nowhere).isEmpty)
            let sportOnlyDraft = StoryQuery(section: Slug(from: "Sport"))
            #expect(try await ids(sportOnlyDraft).isEmpty)
        }
    }

    @Test("counts ignore the window and match the filters", arguments: StoreBackend.all)
    func queryCounts(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let archive = try await SampleArchive(in: store)
            #expect(try await store.countPublished(StoryQuery(limit: 1, offset: 3)) == archive.published.count)
            #expect(try await store.countPublished(StoryQuery(section: Slug(from: "World"))) == 3)
            #expect(try await store.countPublished(StoryQuery(topic: Slug(from: "Kosovo"))) == 2)
            #expect(try await store.countPublished(StoryQuery(publishedSince: Times.day(4))) == 2)
            #expect(try await store.storyCount() == 9)
        }
    }

    @Test("pages of a query add up to the whole list", arguments: StoreBackend.all)
    func queryPagination(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let archive = try await SampleArchive(in: store)
            var pages: [[Int64]] = []
            for offset in stride(from: 0, to: 6, by: 2) {
                pages.append(try await store.publishedStories(StoryQuery(limit: 2, offset: offset)).map(\.id))
            }
            #expect(pages.map(\.count) == [2, 2, 1])
            #expect(pages.flatMap { $0 } == archive.published.map(\.id))
            #expect(try await store.publishedStories(StoryQuery(limit: 2, offset: 50)).isEmpty)
        }
    }

    @Test("stories published at the same moment page without gaps or repeats", arguments: StoreBackend.all)
    func paginationIsStableOnTies(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            var created: Set<Int64> = []
            for number in 1...5 {
                let story = try await store.create(
                    .sample("Same moment \(number)", publishedAt: Times.day(0)), status: .published)
                created.insert(story.id)
            }
            var seen: [Int64] = []
            for offset in stride(from: 0, to: 5, by: 2) {
                seen += try await store.publishedStories(StoryQuery(limit: 2, offset: offset)).map(\.id)
            }
            #expect(seen.count == 5)
            #expect(Set(seen) == created)
        }
    }

    @Test("drafts, submitted, scheduled and unpublished stories never reach readers", arguments: StoreBackend.all)
    func unpublishedStoriesStayHidden(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let archive = try await SampleArchive(in: store)
            let hidden = [archive.sportDraft, archive.pulledStory, archive.scheduledStory, archive.submittedStory]
            let hiddenIDs = Set(hidden.map(\.id))

            let kosovo = try await store.publishedStories(StoryQuery(topic: Slug(from: "Kosovo")))
            #expect(kosovo.allSatisfy { !hiddenIDs.contains($0.id) })
            #expect(try await store.publishedStories(slugs: hidden.map(\.slug)).isEmpty)
            let related = try await store.relatedStories(to: archive.kosovoDeclares, limit: 50)
            #expect(related.allSatisfy { !hiddenIDs.contains($0.id) })
            for story in archive.published {
                let next = try await store.nextStory(after: story)
                #expect(next.map { !hiddenIDs.contains($0.id) } ?? true)
            }
            // Hidden stories are still there for the newsroom.
            for story in hidden {
                #expect(try await store.story(id: story.id) == story)
            }
        }
    }

    @Test("stories by slug come in the order asked, skipping unknown and unpublished", arguments: StoreBackend.all)
    func publishedStoriesBySlug(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let archive = try await SampleArchive(in: store)
            let unknown = try slug("never-filed")
            let asked = [
                archive.marketsSteady.slug, unknown, archive.sportDraft.slug, archive.councilMeets.slug,
                archive.kosovoDeclares.slug,
            ]
            let found = try await store.publishedStories(slugs: asked)
            #expect(found == [archive.marketsSteady, archive.councilMeets, archive.kosovoDeclares])
            #expect(try await store.publishedStories(slugs: []).isEmpty)
        }
    }

    @Test("sections list only those with published stories, by name", arguments: StoreBackend.all)
    func sectionsWithPublishedStories(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            _ = try await SampleArchive(in: store)
            #expect(try await store.sections().map(\.name) == ["Business", "World"])
            #expect(try await store.section(slug: try slug("world"))?.name == "World")
        }
    }

    @Test(
        "a section or topic only unpublished stories use is not found until a story using it is published",
        arguments: StoreBackend.all)
    func unpublishedNamesStayUnknown(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let archive = try await SampleArchive(in: store)
            #expect(try await store.section(slug: try slug("sport")) == nil, "the Sport section has only a draft")
            for status in [StoryStatus.draft, .submitted, .scheduled, .unpublished] {
                let secret = try await store.create(
                    .sample(
                        "Embargoed \(status.rawValue)", section: "Embargo \(status.rawValue)", topics: ["Merger Talks"]),
                    status: status)
                #expect(try await store.section(slug: secret.section.slug) == nil, "\(status)")
                #expect(try await store.topic(slug: try slug("merger-talks")) == nil, "\(status)")
            }
            _ = try await store.setStatus(id: archive.sportDraft.id, to: .published, publishedAt: nil)
            #expect(try await store.section(slug: try slug("sport"))?.name == "Sport")
            #expect(try await store.topic(slug: try slug("kosovo"))?.name == "Kosovo")
        }
    }

    @Test("one topic per slug, named as first seen", arguments: StoreBackend.all)
    func topicIdentityIsTheSlug(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let first = try await store.create(.sample("First", topics: ["U.N.", "Kosovo"]), status: .published)
            let second = try await store.create(
                .sample("Second", topics: ["UN", "kosovo", "U.N."]), status: .published)
            #expect(first.topics.map(\.name) == ["U.N.", "Kosovo"])
            #expect(second.topics.map(\.name) == ["U.N.", "Kosovo"])
            #expect(second.topics == first.topics)
            let un = try slug("un")
            #expect(try await store.topic(slug: un) == Topic(name: "U.N.", slug: un))
            #expect(try await store.publishedStories(StoryQuery(topic: un)).map(\.id) == [second.id, first.id])
        }
    }

    @Test("one section per slug, named as first seen", arguments: StoreBackend.all)
    func sectionIdentityIsTheSlug(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let first = try await store.create(.sample("First", section: "U.S."), status: .published)
            let second = try await store.create(.sample("Second", section: "US"), status: .published)
            #expect(first.section == second.section)
            #expect(second.section.name == "U.S.")
            #expect(try await store.sections().count == 1)
        }
    }
}
