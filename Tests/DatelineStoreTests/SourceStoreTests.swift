import DatelineCore
import Foundation
import Testing

@testable import DatelineStore

/// Followed feed sources on both backends (issue 17 item 1).
@Suite("SourceStore")
struct SourceStoreTests {
    @Test("a source is added once, checked, and bad input stores nothing", arguments: StoreBackend.all)
    func adding(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try #require(fixture.store as? any SourceStore)
            let added = try await store.addFeedSource(
                NewFeedSource(url: " https://valley.example/feed.xml ", section: " Local ", intervalMinutes: 30),
                now: Times.base)
            #expect(added.url == "https://valley.example/feed.xml" && added.section == "Local")
            #expect(added.intervalMinutes == 30 && !added.allowPrivate && !added.paused)
            #expect(added.nextPollAt == Times.base && added.failureCount == 0 && added.name == nil)
            #expect(added.displayName == "valley.example")
            for bad in [
                NewFeedSource(url: "https://valley.example/feed.xml"),
                NewFeedSource(url: "file:///etc/passwd"),
                NewFeedSource(url: "https://user:secret@valley.example/feed"),
                NewFeedSource(url: "https://valley.example/other", intervalMinutes: 0),
            ] {
                await #expect(throws: StoreError.self) { try await store.addFeedSource(bad, now: Times.base) }
            }
            #expect(try await store.feedSources().map(\.id) == [added.id])
            #expect(
                try await store.feedLog(sourceID: added.id, limit: 10).map(\.message) == [
                    "Following https://valley.example/feed.xml"
                ])
        }
    }

    @Test("a due source is handed to exactly one of two instances claiming at once", arguments: StoreBackend.all)
    func claimOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try #require(fixture.store as? any SourceStore)
            let other = try #require(try await fixture.openAnother() as? any SourceStore)
            let source = try await store.addFeedSource(
                NewFeedSource(url: "https://valley.example/feed.xml"), now: Times.base)
            async let first = store.claimFeedSource(.due, now: Times.base, excluding: [])
            async let second = other.claimFeedSource(.due, now: Times.base, excluding: [])
            let claims = [try await first, try await second].compactMap { $0 }
            #expect(claims.map(\.id) == [source.id])
            // Leased: not handed out again, even on request, until the lease runs out.
            #expect(try await store.claimFeedSource(.now, now: Times.base + 60, excluding: []) == nil)
            #expect(
                try await other.claimFeedSource(.due, now: Times.base + SourceRules.lease + 1, excluding: [])?.id
                    == source.id)
        }
    }

    @Test("a read schedules the next poll; failures back off, honouring Retry-After", arguments: StoreBackend.all)
    func finishing(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try #require(fixture.store as? any SourceStore)
            let source = try await store.addFeedSource(
                NewFeedSource(url: "https://valley.example/feed.xml", intervalMinutes: 10), now: Times.base)
            _ = try await store.claimFeedSource(.due, now: Times.base, excluding: [])
            let read = try #require(
                try await store.finishFeedPoll(
                    id: source.id,
                    outcome: FeedPollOutcome(
                        kind: .read, etag: "\"v1\"", lastModified: "Sun, 17 Feb 2008 12:00:00 GMT",
                        feedTitle: "Valley Gazette", result: "1 new",
                        log: [FeedLogEntry(level: .info, message: "new item", time: Times.base)]),
                    now: Times.base))
            #expect(read.etag == "\"v1\"" && read.lastModified == "Sun, 17 Feb 2008 12:00:00 GMT")
            #expect(read.name == "Valley Gazette" && read.lastResult == "1 new")
            #expect(read.nextPollAt == Times.base + 600 && read.backoffUntil == nil)
            #expect(try await store.claimFeedSource(.due, now: Times.base + 599, excluding: []) == nil)
            // On request it is polled at once.
            #expect(try await store.claimFeedSource(.now, now: Times.base + 1, excluding: [])?.id == source.id)

            let retryAfter = Times.base + 7_200
            let limited = try #require(
                try await store.finishFeedPoll(
                    id: source.id,
                    outcome: FeedPollOutcome(
                        kind: .failed(retryAfter: retryAfter), feedTitle: "Another title", result: "429", log: []),
                    now: Times.base + 1))
            #expect(limited.failureCount == 1 && limited.backoffUntil == retryAfter && limited.nextPollAt == retryAfter)
            #expect(limited.etag == "\"v1\"" && limited.name == "Valley Gazette")
            #expect(try await store.claimFeedSource(.now, now: Times.base + 7_199, excluding: []) == nil)
            _ = try #require(try await store.claimFeedSource(.now, now: retryAfter, excluding: []))
            // Without Retry-After: the interval doubled for each failure after the first.
            let failed = try #require(
                try await store.finishFeedPoll(
                    id: source.id, outcome: FeedPollOutcome(kind: .failed(retryAfter: nil), result: "500", log: []),
                    now: retryAfter))
            #expect(failed.failureCount == 2 && failed.backoffUntil == retryAfter + 1_200)
            _ = try #require(try await store.claimFeedSource(.due, now: retryAfter + 1_200, excluding: []))
            let unchanged = try #require(
                try await store.finishFeedPoll(
                    id: source.id, outcome: FeedPollOutcome(kind: .unchanged, result: "304", log: []),
                    now: retryAfter + 1_200))
            #expect(unchanged.failureCount == 0 && unchanged.backoffUntil == nil && unchanged.etag == "\"v1\"")
        }
    }

    @Test(
        "the log keeps the newest lines, newest first; paused and removed sources are not polled",
        arguments: StoreBackend.all)
    func logAndPause(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try #require(fixture.store as? any SourceStore)
            let source = try await store.addFeedSource(
                NewFeedSource(url: "https://valley.example/feed.xml"), now: Times.base)
            let lines = (1...(SourceRules.logLimit + 20)).map {
                FeedLogEntry(level: .warning, message: "line \($0)", time: Times.base)
            }
            try await store.finishFeedPoll(
                id: source.id, outcome: FeedPollOutcome(kind: .read, result: "read", log: lines), now: Times.base)
            let log = try await store.feedLog(sourceID: source.id, limit: 1_000)
            #expect(log.count == SourceRules.logLimit)
            #expect(log.first?.message == "line \(SourceRules.logLimit + 20)" && log.first?.level == .warning)
            try await store.recordFeedItem(
                sourceID: source.id, guid: "vg-1", state: FeedItemState(fingerprint: "abc", version: 2),
                now: Times.base)
            #expect(
                try await store.feedItemStates(sourceID: source.id, guids: ["vg-1", "vg-2"])
                    == ["vg-1": FeedItemState(fingerprint: "abc", version: 2)])
            try await store.pauseFeedSource(id: source.id, paused: true, now: Times.base)
            #expect(try await store.claimFeedSource(.now, now: Times.day(1), excluding: []) == nil)
            try await store.pauseFeedSource(id: source.id, paused: false, now: Times.day(1))
            #expect(try await store.claimFeedSource(.due, now: Times.day(1), excluding: [])?.id == source.id)
            try await store.removeFeedSource(id: source.id)
            #expect(try await store.feedSources().isEmpty)
            #expect(try await store.feedLog(sourceID: source.id, limit: 10).isEmpty)
            await #expect(throws: StoreError.notFound(id: source.id)) {
                try await store.removeFeedSource(id: source.id)
            }
        }
    }
}
