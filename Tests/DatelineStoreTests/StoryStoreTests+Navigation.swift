import DatelineCore
import DatelineStore
import Foundation
import Testing

extension StoryStoreTests {
    @Test("next article steps back in time through the section and wraps to the newest", arguments: StoreBackend.all)
    func nextStoryWalksTheSection(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let archive = try await SampleArchive(in: store)
            // World, newest first: councilMeets (day 5), serbiaRecalls (3), kosovoDeclares (1).
            #expect(try await store.nextStory(after: archive.councilMeets) == archive.serbiaRecalls)
            #expect(try await store.nextStory(after: archive.serbiaRecalls) == archive.kosovoDeclares)
            #expect(try await store.nextStory(after: archive.kosovoDeclares) == archive.councilMeets)
            #expect(try await store.nextStory(after: archive.bondsFall) == archive.marketsSteady)
            #expect(try await store.nextStory(after: archive.marketsSteady) == archive.bondsFall)
        }
    }

    @Test("next article is nil for the only story in its section", arguments: StoreBackend.all)
    func nextStoryOfOnlyStory(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let lonely = try await store.create(.sample("Lonely", section: "Weather"), status: .published)
            _ = try await store.create(.sample("Elsewhere", section: "World"), status: .published)
            _ = try await store.create(.sample("Unseen", section: "Weather"), status: .draft)
            #expect(try await store.nextStory(after: lonely) == nil)
        }
    }

    @Test("next article breaks ties in publication time without skipping anyone", arguments: StoreBackend.all)
    func nextStoryOnTies(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            var stories: [Story] = []
            for number in 1...3 {
                stories.append(
                    try await store.create(.sample("Tie \(number)", publishedAt: Times.day(0)), status: .published))
            }
            var visited: Set<Int64> = []
            var current = stories[0]
            for _ in stories {
                visited.insert(current.id)
                current = try #require(try await store.nextStory(after: current))
            }
            #expect(visited == Set(stories.map(\.id)))
            #expect(current.id == stories[0].id)
        }
    }

    @Test("related stories rank shared topics first, then the section", arguments: StoreBackend.all)
    func relatedStoriesRanking(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            func add(_ headline: String, _ section: String, _ topics: [String], day: Int) async throws -> Story {
                try await store.create(
                    .sample(headline, section: section, topics: topics, publishedAt: Times.day(day)), status: .published
                )
            }
            let subject = try await add("Subject", "World", ["Kosovo", "Serbia", "U.N."], day: 10)
            let sharesTwo = try await add("Shares two", "Business", ["Serbia", "Kosovo"], day: 1)
            let sharesOneHere = try await add("Shares one, same section", "World", ["UN"], day: 2)
            let sharesOneElsewhere = try await add("Shares one, elsewhere", "Sport", ["Serbia"], day: 3)
            let sameSection = try await add("Same section", "World", ["Weather"], day: 4)
            let sameSectionOlder = try await add("Same section, older", "World", [], day: 0)
            _ = try await add("Unrelated", "Business", ["Markets"], day: 5)
            _ = try await store.create(
                .sample("Draft sharing all", topics: ["Kosovo", "Serbia", "U.N."]), status: .draft)

            let related = try await store.relatedStories(to: subject, limit: 10)
            let expected = [sharesTwo, sharesOneHere, sharesOneElsewhere, sameSection, sameSectionOlder]
            #expect(related.map(\.id) == expected.map(\.id))
            for limit in 1...expected.count {
                let top = try await store.relatedStories(to: subject, limit: limit)
                #expect(top.map(\.id) == expected.prefix(limit).map(\.id))
            }
            #expect(try await store.relatedStories(to: subject, limit: 0).isEmpty)
        }
    }

    @Test("related stories of a story without topics come from its section, newest first", arguments: StoreBackend.all)
    func relatedStoriesWithoutTopics(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let archive = try await SampleArchive(in: store)
            let bare = try await store.create(
                .sample("Bare", section: "World", publishedAt: Times.day(6)), status: .published)
            let related = try await store.relatedStories(to: bare, limit: 10)
            #expect(
                related.map(\.id) == [archive.councilMeets, archive.serbiaRecalls, archive.kosovoDeclares].map(\.id))
            #expect(!related.contains { $0.id == bare.id })
        }
    }
}
