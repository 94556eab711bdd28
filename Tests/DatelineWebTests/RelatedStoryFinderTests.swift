import DatelineCore
import DatelineStore
import Foundation
import Testing

@testable import DatelineWeb

@Suite("Don't Miss similarity") struct RelatedStoryFinderTests {
    /// Two stories about the same ferry strike, in different sections and with no topic in
    /// common: only text similarity can tie them together.
    private static func ferryStrike(_ headline: String, section: String, topic: String) -> StoryDraft {
        StoryDraft(
            headline: headline, section: section,
            body: [
                "Ferry crews on the Kestrel Sound crossing walked out on Monday over rosters and overtime pay.",
                "The ferry operator said the strike stranded commuters and delivery vans on both shores.",
                "Union negotiators said the ferry crews would return once the overtime rosters were settled.",
            ],
            highlights: ["Ferry crews strike over overtime rosters"], topics: [topic], publishedAt: Fixtures.noon)
    }

    @Test func findsTheStoryWithTheMostWordsInCommonAcrossSections() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(
            Self.ferryStrike("Ferry crews strike on Kestrel Sound", section: "World", topic: "Labour"))
        let alike = try await site.publish(
            Self.ferryStrike(
                "Commuters stranded as ferry strike enters second day", section: "Business", topic: "Commuting"))
        _ = try await site.publish(Fixtures.railTunnel)
        let finder = RelatedStoryFinder(store: site.store, refreshInterval: .zero)
        let related = try await finder.related(to: story, limit: 3)
        #expect(related.first?.id == alike.id)
        #expect(!related.contains { $0.id == story.id })
    }

    @Test func neverOffersAnUnpublishedStoryAndSeesNewOnesAfterARefresh() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(
            Self.ferryStrike("Ferry crews strike on Kestrel Sound", section: "World", topic: "Labour"))
        let alike = try await site.publish(
            Self.ferryStrike(
                "Commuters stranded as ferry strike enters second day", section: "Business", topic: "Commuting"))
        let finder = RelatedStoryFinder(store: site.store, refreshInterval: .zero)
        #expect(try await finder.related(to: story, limit: 3).map(\.id).contains(alike.id))

        _ = try await site.store.setStatus(id: alike.id, to: .unpublished, publishedAt: nil)
        #expect(!(try await finder.related(to: story, limit: 3).map(\.id).contains(alike.id)))

        let later = try await site.publish(
            Self.ferryStrike("Ferry strike talks resume on Kestrel Sound", section: "U.S.", topic: "Talks"))
        #expect(try await finder.related(to: story, limit: 3).map(\.id).contains(later.id))
    }

    @Test func answersAtOnceWhileALargeBacklogIsReadBesideTheRequests() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(
            Self.ferryStrike("Ferry crews strike on Kestrel Sound", section: "World", topic: "Labour"))
        for index in 0..<5 {
            var other = Fixtures.railTunnel
            other.headline = "Rail tunnel works, part \(index + 1)"
            _ = try await site.publish(other)
        }
        let alike = try await site.publish(
            Self.ferryStrike(
                "Commuters stranded as ferry strike enters second day", section: "Business", topic: "Commuting"))
        // Two changes per batch: the first request reads one batch and leaves the rest to a task.
        let finder = RelatedStoryFinder(store: site.store, refreshInterval: .zero, batchSize: 2)
        let first = try await finder.related(to: story, limit: 3)
        #expect(!first.contains { $0.id == story.id })
        for _ in 0..<200 where await finder.isCatchingUp {
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(await !finder.isCatchingUp)
        #expect(await finder.indexedCount == 7)
        #expect(try await finder.related(to: story, limit: 3).first?.id == alike.id)
    }
}
