import DatelineCore
import DatelineStore
import Foundation
import Testing

extension StoryStoreTests {
    @Test("fifty concurrent imports give fifty stories", arguments: StoreBackend.all)
    func concurrentImports(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let outcomes = try await withThrowingTaskGroup(of: ImportOutcome.self) { group in
                for number in 1...50 {
                    group.addTask {
                        try await store.importStory(
                            .imported(
                                "Concurrent story \(number)", url: "file:///concurrent/\(number).txt",
                                checksum: "sum-\(number)", publishedAt: Times.day(number)))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count == 50)
            #expect(outcomes.allSatisfy { if case .created = $0 { true } else { false } })
            #expect(Set(outcomes.map(\.story.id)).count == 50)
            #expect(Set(outcomes.map(\.story.slug)).count == 50)
            #expect(try await store.storyCount() == 50)
            #expect(try await store.countPublished(StoryQuery()) == 50)
        }
    }

    @Test("the same page imported concurrently is stored once", arguments: StoreBackend.all)
    func concurrentImportsOfOnePage(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let draft = StoryDraft.imported(url: "file:///one/page.txt", checksum: "only")
            let outcomes = try await withThrowingTaskGroup(of: ImportOutcome.self) { group in
                for _ in 1...10 {
                    group.addTask { try await store.importStory(draft) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let created = outcomes.filter { if case .created = $0 { true } else { false } }
            #expect(created.count == 1)
            #expect(Set(outcomes.map(\.story.id)).count == 1)
            #expect(try await store.storyCount() == 1)
        }
    }

    @Test("two instances on the same data see each other's writes", arguments: StoreBackend.all)
    func twoInstancesShareData(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let first = fixture.store
            let second = try await fixture.openAnother()

            let written = try await first.create(
                .sample("Written by the first", topics: ["Kosovo"]), status: .published)
            #expect(try await second.story(id: written.id) == written)

            let imported = try await second.importStory(.imported(url: "file:///second.txt", checksum: "s"))
            #expect(try await first.story(id: imported.story.id) == imported.story)
            #expect(
                try await first.importStory(.imported(url: "file:///second.txt", checksum: "s"))
                    == .unchanged(imported.story))

            // Both write at once; neither write is lost.
            async let fromFirst = first.create(.sample("Racing headline"), status: .published)
            async let fromSecond = second.create(.sample("Racing headline"), status: .published)
            let racers = try await [fromFirst, fromSecond]
            #expect(Set(racers.map(\.slug)).count == 2)
            #expect(try await first.storyCount() == 4)
            #expect(try await second.storyCount() == 4)
            #expect(try await second.countPublished(StoryQuery(topic: Slug(from: "Kosovo"))) == 1)
        }
    }
}
