import DatelineCore
import Foundation
import Testing

@testable import DatelineStore

/// Full-text search, part of the ``StoryStore`` contract: relevance, filters, windows, and
/// hostile reader input.
@Suite("StoryStore contract: search")
struct StoryStoreSearchTests {
    /// A small archive where "Kosovo" and "independence" are spread across stories, so ranking matters.
    private struct SearchArchive {
        let declaration: Story
        let football: Story
        let markets: Story
        let lighthouse: Story
        let draft: Story

        init(in store: any StoryStore) async throws {
            declaration = try await store.create(
                StoryDraft(
                    headline: "Kosovo declares independence from Serbia",
                    section: "World",
                    dateline: Dateline(place: "PRISTINA, Kosovo", source: "DL"),
                    byline: "By Ilir Doda",
                    body: [
                        "Kosovo's parliament voted on Sunday to declare independence, a step Serbia called illegal.",
                        "Crowds filled the capital's squares until late in the evening.",
                    ],
                    highlights: ["Parliament declares Kosovo independent", "Serbia says it will never accept it"],
                    topics: ["Kosovo", "Serbia"],
                    publishedAt: Times.day(1)),
                status: .published)
            football = try await store.create(
                StoryDraft(
                    headline: "Pristina side wins the cup",
                    section: "Sport",
                    body: [
                        "The cup final drew fans from across Kosovo.",
                        "The club's independence from its sponsor was not discussed.",
                    ],
                    highlights: ["Home side takes the trophy"],
                    topics: ["Football"],
                    publishedAt: Times.day(2)),
                status: .published)
            markets = try await store.create(
                StoryDraft(
                    headline: "Markets steady after a quiet week",
                    section: "Business",
                    body: ["Traders said the café on the corner was busier than the floor."],
                    highlights: ["Bond prices barely moved"],
                    topics: ["Markets"],
                    publishedAt: Times.day(3)),
                status: .published)
            lighthouse = try await store.create(
                StoryDraft(
                    headline: "Island keeps its lighthouse",
                    section: "World",
                    body: ["The council voted to keep the tower in public hands."],
                    highlights: ["Council votes 7-2"],
                    topics: ["Lighthouses", "Kosovo"],
                    publishedAt: Times.day(4)),
                status: .published)
            draft = try await store.create(
                StoryDraft(
                    headline: "Kosovo independence draft analysis",
                    section: "World",
                    body: ["Not for readers yet: Kosovo independence explained."],
                    topics: ["Kosovo"],
                    publishedAt: Times.day(5)),
                status: .draft)
        }
    }

    @Test("the declaration story ranks first for \"Kosovo independence\"", arguments: StoreBackend.all)
    func relevance(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let archive = try await SearchArchive(in: fixture.store)
            let results = try await fixture.store.search(SearchQuery(text: "Kosovo independence"))
            #expect(results.hits.first?.story.id == archive.declaration.id)
            #expect(results.hits.map(\.story.id).contains(archive.football.id))
            #expect(results.total == 2)
            #expect(!results.hits.map(\.story.id).contains(archive.draft.id))
        }
    }

    @Test("headline and snippet mark the matched words", arguments: StoreBackend.all)
    func marks(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let archive = try await SearchArchive(in: fixture.store)
            let results = try await fixture.store.search(SearchQuery(text: "crowds"))
            let hit = try #require(results.hits.first)
            #expect(hit.story.id == archive.declaration.id)
            #expect(hit.headline.plainText == archive.declaration.headline)
            #expect(!hit.headline.hasMatch)
            #expect(hit.snippet.segments.contains { $0.isMatch && $0.text.lowercased() == "crowds" })
            #expect(!hit.snippet.plainText.contains("\u{E000}"))
            #expect(!hit.snippet.plainText.contains("\n"))

            let headline = try #require(try await fixture.store.search(SearchQuery(text: "lighthouse")).hits.first)
            #expect(headline.headline.segments.contains { $0.isMatch && $0.text == "lighthouse" })
        }
    }

    @Test("stems, diacritics, prefixes, phrases, OR and NOT", arguments: StoreBackend.all)
    func operators(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let archive = try await SearchArchive(in: fixture.store)
            func ids(_ text: String) async throws -> Set<Int64> {
                Set(try await fixture.store.search(SearchQuery(text: text, limit: 50)).hits.map(\.story.id))
            }
            #expect(try await ids("independent") == [archive.declaration.id, archive.football.id])
            #expect(try await ids("cafe") == [archive.markets.id])
            #expect(try await ids("lightho*") == [archive.lighthouse.id])
            #expect(try await ids("\"declare independence\"") == [archive.declaration.id])
            #expect(try await ids("\"independence declare\"").isEmpty)
            #expect(try await ids("trophy OR traders") == [archive.football.id, archive.markets.id])
            #expect(try await ids("kosovo -serbia") == [archive.football.id, archive.lighthouse.id])
            #expect(try await ids("kosovo NOT cup") == [archive.declaration.id, archive.lighthouse.id])
            // Topic names are searchable too.
            #expect(try await ids("lighthouses") == [archive.lighthouse.id])
        }
    }

    @Test(
        "hostile input gives results or nothing, never an error",
        arguments: StoreBackend.all.flatMap { backend in
            [
                "\"unbalanced kosovo", "*", "**", "kosovo*", "NEAR(kosovo serbia)", "NEAR(", "headline:kosovo",
                "kosovo)", "(kosovo", "\"", "- -", "-", "OR", "AND NOT OR", "NOT", "kosovo OR", "^kosovo",
                "\u{0}kosovo\u{1}", "kosovo\u{2028}serbia", "';DROP TABLE stories;--", "{headline}: kosovo",
                "x AND", "\u{E000}kosovo\u{E001}", String(repeating: "kosovo independence ", count: 600),
                String(repeating: "é", count: 10_000), "🙂", "\"\"*",
            ].map { (backend, $0) }
        })
    func hostileInput(_ backend: StoreBackend, text: String) async throws {
        try await backend.withStore { fixture in
            _ = try await SearchArchive(in: fixture.store)
            let results = try await fixture.store.search(SearchQuery(text: text))
            #expect(results.hits.count <= results.total)
            #expect(results.hits.allSatisfy { $0.story.status == .published })
        }
    }

    @Test(
        "past the candidate bound only the newest matches are ranked, the count is an estimate, drafts never count",
        arguments: StoreBackend.all)
    func boundedRanking(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            // Ten published stories mention the ferry, oldest first; a draft does too. The oldest
            // has "ferry" in its headline, so with every match ranked it would come first.
            var published: [Story] = []
            for index in 0..<10 {
                published.append(
                    try await store.create(
                        StoryDraft(
                            headline: index == 0 ? "Ferry to the islands" : "Harbour notes \(index)", section: "World",
                            body: ["The ferry ran late again on day \(index), the harbour master said."],
                            publishedAt: Times.day(index)),
                        status: .published))
            }
            _ = try await store.create(
                StoryDraft(headline: "Ferry draft", section: "World", body: ["Ferry plans, not for readers."]),
                status: .draft)

            var everything = SearchQuery(text: "ferry", limit: 20)
            let full = try await store.search(everything)
            #expect(full.total == 10 && !full.isEstimate && full.reachable == 10)
            #expect(full.hits.first?.story.id == published[0].id, "the headline match ranks first")

            everything.candidateLimit = 4
            let bounded = try await store.search(everything)
            #expect(bounded.isEstimate)
            #expect(bounded.reachable == 4)
            #expect(bounded.total > 4, "an estimate past the bound, not the window's size")
            // The newest four published matches (the draft is newer still, and never counts).
            #expect(Set(bounded.hits.map(\.story.id)) == Set(published.suffix(4).map(\.id)))

            // The bound reached exactly is still exact.
            everything.candidateLimit = 10
            let exact = try await store.search(everything)
            #expect(exact.total == 10 && !exact.isEstimate)

            // Paging stays inside the window: no repeats, and nothing past it.
            var paged = SearchQuery(text: "ferry", limit: 3)
            paged.candidateLimit = 4
            let first = try await store.search(paged)
            paged.offset = 3
            let second = try await store.search(paged)
            #expect(first.hits.count == 3 && second.hits.count == 1)
            #expect(Set(first.hits.map(\.story.id)).isDisjoint(with: second.hits.map(\.story.id)))
        }
    }

    @Test("the estimate scales the matches found by the share of ids they span, to two figures")
    func estimate() {
        #expect(SearchWindow.estimate(found: 1_000, lowestID: 50_001, highestID: 100_000) == 2_000)
        #expect(SearchWindow.estimate(found: 1_000, lowestID: 99_001, highestID: 100_000) == 100_000)
        #expect(SearchWindow.estimate(found: 1_000, lowestID: 1, highestID: 1_000) == 1_001, "never below the found")
        #expect(SearchWindow.estimate(found: 1_000, lowestID: 76_544, highestID: 100_000) == 4_300)
    }

    @Test("pages through the results without repeats or gaps", arguments: StoreBackend.all)
    func pagination(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            for day in 0..<7 {
                _ = try await fixture.store.create(
                    .sample("Tide report \(day)", publishedAt: Times.day(day)), status: .published)
            }
            var seen: [Int64] = []
            for page in 0..<4 {
                let results = try await fixture.store.search(SearchQuery(text: "tide", limit: 2, offset: page * 2))
                #expect(results.total == 7)
                seen += results.hits.map(\.story.id)
            }
            #expect(seen.count == 7)
            #expect(Set(seen).count == 7)
            let past = try await fixture.store.search(SearchQuery(text: "tide", limit: 2, offset: 40))
            #expect(past.hits.isEmpty && past.total == 7)
        }
    }

    @Test("filters by section and publication date", arguments: StoreBackend.all)
    func filters(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let archive = try await SearchArchive(in: fixture.store)
            let world = try await fixture.store.search(SearchQuery(text: "kosovo", section: try slug("world")))
            #expect(Set(world.hits.map(\.story.id)) == [archive.declaration.id, archive.lighthouse.id])
            let late = try await fixture.store.search(SearchQuery(text: "kosovo", publishedSince: Times.day(2)))
            #expect(Set(late.hits.map(\.story.id)) == [archive.football.id, archive.lighthouse.id])
            let early = try await fixture.store.search(SearchQuery(text: "kosovo", publishedBefore: Times.day(2)))
            #expect(early.hits.map(\.story.id) == [archive.declaration.id])
            #expect(early.total == 1)
        }
    }

    @Test("edits, topic changes, status changes and deletes show at once", arguments: StoreBackend.all)
    func staysCurrent(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let archive = try await SearchArchive(in: store)
            func ids(_ text: String) async throws -> [Int64] {
                try await store.search(SearchQuery(text: text)).hits.map(\.story.id)
            }
            #expect(try await ids("zeppelin").isEmpty)

            var draft = archive.markets.draft
            draft.headline = "Zeppelin maker lifts markets"
            draft.topics = ["Airships"]
            _ = try await store.update(id: archive.markets.id, with: draft)
            #expect(try await ids("zeppelin") == [archive.markets.id])
            #expect(try await ids("airships") == [archive.markets.id])
            #expect(try await ids("cafe") == [archive.markets.id])
            #expect(try await ids("steady").isEmpty)

            _ = try await store.setStatus(id: archive.markets.id, to: .unpublished, publishedAt: nil)
            #expect(try await ids("zeppelin").isEmpty)
            _ = try await store.setStatus(id: archive.draft.id, to: .published, publishedAt: nil)
            #expect(try await ids("analysis") == [archive.draft.id])

            try await store.delete(id: archive.lighthouse.id)
            #expect(try await ids("lighthouse").isEmpty)
        }
    }

    @Test("imported pages are found, and re-imports replace what is found", arguments: StoreBackend.all)
    func imports(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let first = StoryDraft.imported(
                "Glacier retreat measured", url: "https://example.org/glacier", checksum: "one",
                publishedAt: Times.day(1))
            let story = try await fixture.store.importStory(first).story
            #expect(try await fixture.store.search(SearchQuery(text: "glacier")).hits.map(\.story.id) == [story.id])
            var second = StoryDraft.imported(
                "Ice shelf retreat measured", url: "https://example.org/glacier", checksum: "two",
                publishedAt: Times.day(1))
            second.topics = ["Antarctica"]
            _ = try await fixture.store.importStory(second)
            #expect(try await fixture.store.search(SearchQuery(text: "glacier")).hits.isEmpty)
            #expect(try await fixture.store.search(SearchQuery(text: "antarctica")).total == 1)
        }
    }

    @Test("sitemap stamps and topics list only published stories", arguments: StoreBackend.all)
    func stampsAndTopics(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let archive = try await SearchArchive(in: fixture.store)
            let stamps = try await fixture.store.publishedStoryStamps(since: nil, limit: 10, offset: 0)
            #expect(
                stamps.map(\.slug)
                    == [archive.lighthouse, archive.markets, archive.football, archive.declaration].map(\.slug))
            #expect(stamps.first?.updatedAt == archive.lighthouse.updatedAt)
            let recent = try await fixture.store.publishedStoryStamps(since: Times.day(3), limit: 10, offset: 0)
            #expect(recent.map(\.slug) == [archive.lighthouse.slug, archive.markets.slug])
            let paged = try await fixture.store.publishedStoryStamps(since: nil, limit: 2, offset: 2)
            #expect(paged.map(\.slug) == [archive.football.slug, archive.declaration.slug])
            let topics = try await fixture.store.publishedTopics().map(\.name)
            #expect(topics == ["Football", "Kosovo", "Lighthouses", "Markets", "Serbia"])
        }
    }
}
