import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import Synchronization
import Testing

@testable import DatelineWeb

/// The in-memory models behind reader pages: kept between requests, never kept across a change,
/// and dropped when another instance changes the archive or when this one answers a newsroom write.
@Suite("Reader model cache")
struct ReaderModelCacheTests {
    /// Counts how many times a load ran.
    final class Loads: Sendable {
        private let count = Mutex(0)
        func load(_ value: String) -> String {
            count.withLock { $0 += 1 }
            return value
        }
        var total: Int { count.withLock { $0 } }
    }

    @Test("a model is loaded once and then served from memory until the cache is dropped")
    func keepsUntilInvalidated() async throws {
        let cache = ReaderModelCache()
        let loads = Loads()
        #expect(try await cache.value("story:a") { loads.load("first") } == "first")
        #expect(try await cache.value("story:a") { loads.load("second") } == "first")
        #expect(loads.total == 1)
        #expect((cache.hits, cache.misses) == (1, 1))
        cache.invalidate()
        #expect(try await cache.value("story:a") { loads.load("third") } == "third")
        #expect(loads.total == 2)
    }

    @Test("a load that began before a change is used once but not kept; a failed load is not kept")
    func loadAcrossInvalidationIsNotKept() async throws {
        let cache = ReaderModelCache()
        let stale = try await cache.value("story:a") { () async throws -> String in
            cache.invalidate()  // the archive changed while this model was being read
            return "read before the change"
        }
        #expect(stale == "read before the change")
        #expect(cache.count == 0)
        #expect(try await cache.value("story:a") { "read after" } == "read after")

        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            _ = try await cache.value("story:b", as: String.self) { throw Failure() }
        }
        #expect(try await cache.value("story:b") { "loaded" } == "loaded")
    }

    /// Holds loads until the test lets them go.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))
        func wait() async {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    if state.open { return true }
                    state.waiting.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }
        func open() {
            let waiting = state.withLock { state in
                state.open = true
                defer { state.waiting = [] }
                return state.waiting
            }
            for continuation in waiting { continuation.resume() }
        }
    }

    /// Polls `condition` until it holds or `limit` has passed, and says which: with `pause`, waiting
    /// that long between polls (for a change signal that arrives on its own schedule), else only
    /// letting other tasks run.
    static func eventually(
        within limit: Duration = .seconds(10), pause: Duration? = nil, _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            if try await condition() { return true }
            if let pause { try await clock.sleep(for: pause) } else { await Task.yield() }
        }
        return try await condition()
    }

    /// Waits (up to ten seconds, then says so) until `count` lookups are waiting for another's read.
    static func waitUntilShared(_ cache: ReaderModelCache, reach count: Int) async throws {
        let joined = try await eventually { cache.shared >= count }
        #expect(joined, "only \(cache.shared) of \(count) lookups joined the read under way")
    }

    @Test("readers of the same model wait for one read of the store, and get its model")
    func concurrentReadersShareOneLoad() async throws {
        let cache = ReaderModelCache()
        let loads = Loads()
        let gate = Gate()
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.value("home") { () async throws -> String in
                        await gate.wait()
                        return loads.load("front page")
                    }
                }
            }
            try await Self.waitUntilShared(cache, reach: 19)
            gate.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: "front page", count: 20))
        #expect(loads.total == 1)
        #expect((cache.misses, cache.shared) == (1, 19))
        #expect(try await cache.value("home") { "again" } == "front page", "the shared read is kept")
    }

    @Test("waiters share the read's error; when the loader's request is cancelled they read for themselves")
    func waitersShareErrorsButNotCancellation() async throws {
        struct Missing: Error {}
        let cache = ReaderModelCache()
        let gate = Gate()
        let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    do {
                        _ = try await cache.value("story:none", as: String.self) {
                            await gate.wait()
                            throw Missing()
                        }
                        return false
                    } catch is Missing { return true }
                }
            }
            try await Self.waitUntilShared(cache, reach: 4)
            gate.open()
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(failures == 5)
        #expect(cache.misses == 1, "a story that is not there is looked up once, not once per reader")

        let loads = Loads()
        let second = Gate()
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    try await cache.value("story:a") { () async throws -> String in
                        await second.wait()
                        // The first load's reader hung up; every later load succeeds.
                        _ = loads.load("")
                        if loads.total == 1 { throw CancellationError() }
                        return "story"
                    }
                }
            }
            try await Self.waitUntilShared(cache, reach: 4 + 4)
            second.open()
            var results: [String] = []
            while let next = await group.nextResult() {
                if case .success(let value) = next { results.append(value) }
            }
            return results
        }
        #expect(results == Array(repeating: "story", count: 4), "the four waiters read again: \(results)")
        #expect(loads.total == 2)
    }

    @Test("a reader who comes after a change does not wait for a read begun before it")
    func readAfterInvalidationDoesNotJoinOlderRead() async throws {
        let cache = ReaderModelCache()
        let gate = Gate()
        let loads = Loads()
        let older = Task {
            try await cache.value("story:a") { () async throws -> String in
                _ = loads.load("")
                await gate.wait()
                return "before the change"
            }
        }
        #expect(try await Self.eventually { loads.total == 1 }, "the first read began")
        cache.invalidate()
        #expect(try await cache.value("story:a") { "after the change" } == "after the change")
        gate.open()
        #expect(try await older.value == "before the change")
        #expect(try await cache.value("story:a") { "read again" } == "after the change")
        #expect(cache.shared == 0)
    }

    @Test("the cache holds at most its limit, keeping the models used most recently")
    func bounded() async throws {
        let cache = ReaderModelCache(maximumEntries: 10)
        for index in 0..<10 { _ = try await cache.value("k\(index)") { index } }
        _ = try await cache.value("k9") { -1 }  // used again: the newest
        _ = try await cache.value("k10") { 10 }
        #expect(cache.count <= 10)
        #expect(try await cache.value("k9") { -1 } == 9, "the most recently used model stays")
    }

    @Test("only newsroom and Admin API writes drop the models; reading and readers' own forms do not")
    func whichRequestsInvalidate() {
        #expect(ModelCacheWriteMiddleware.mayChangeModels(method: .post, path: "/newsroom/stories/3"))
        #expect(ModelCacheWriteMiddleware.mayChangeModels(method: .delete, path: "/api/v1/admin/stories/3"))
        #expect(ModelCacheWriteMiddleware.mayChangeModels(method: .post, path: "/newsroom"))
        #expect(!ModelCacheWriteMiddleware.mayChangeModels(method: .get, path: "/newsroom/stories"))
        #expect(!ModelCacheWriteMiddleware.mayChangeModels(method: .post, path: "/preferences/font"))
        #expect(!ModelCacheWriteMiddleware.mayChangeModels(method: .post, path: "/newsroomx"))
        #expect(!ModelCacheWriteMiddleware.mayChangeModels(method: .post, path: "/newsroom/login"))
        #expect(!ModelCacheWriteMiddleware.mayChangeModels(method: .post, path: "/newsroom/setup/abc"))
        // Only a write that was carried out counts.
        #expect(ModelCacheWriteMiddleware.answered(status: .seeOther, location: "/newsroom/stories/3"))
        #expect(ModelCacheWriteMiddleware.answered(status: .ok, location: nil))
        #expect(!ModelCacheWriteMiddleware.answered(status: .seeOther, location: "/newsroom/login?next=%2F"))
        #expect(!ModelCacheWriteMiddleware.answered(status: .forbidden, location: nil))
        #expect(!ModelCacheWriteMiddleware.answered(status: .tooManyRequests, location: nil))
    }

    static func modelCachingSite() throws -> ReaderTestSite {
        var configuration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"))
        configuration.cachesModels = true
        return try ReaderTestSite(configuration: configuration)
    }

    /// The value of one sample line of `/metrics`, e.g. `dateline_model_cache_lookups{result="hit"}`.
    static func metric(_ name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    @Test("story pages for readers with cookies come from the models; another instance's unpublishing ends them")
    func servesUntilAnotherInstanceUnpublishes() async throws {
        let site = try Self.modelCachingSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.publish(Fixtures.bakery)
        let registry = PrometheusCollectorRegistry()
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger,
            metrics: registry)
        try await app.test(.live) { client in
            var reader = Browser(client: client)
            reader.setCookie(ReaderCookies.fontName, "2")
            let path = "/story/\(story.slug)"
            let first = try await reader.get(path)
            #expect(first.status == .ok)
            let second = try await reader.get(path)
            #expect(second.status == .ok)
            #expect(second.html.contains(Fixtures.lighthouse.headline))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(Self.metric(#"dateline_model_cache_lookups{result="hit"}"#, in: text) ?? 0 >= 1, "\(text)")

            // Another instance (another store on the same file) takes the story down.
            let other = try SQLiteStoryStore(path: site.store.path)
            _ = try await other.setStatus(id: story.id, to: .draft, publishedAt: nil)
            let gone = try await Self.eventually(pause: .milliseconds(50)) {
                try await reader.get(path).status == .notFound
            }
            #expect(gone, "the story page is gone once the change is signalled")
            for _ in 0..<5 {
                #expect(try await reader.get(path).status == .notFound, "an unpublished story is never served again")
            }
        }
    }

    @Test("searches are kept until the archive changes; a story another instance publishes is then found")
    func searchesAreKeptUntilAChange() async throws {
        let site = try Self.modelCachingSite()
        try await site.publish(Fixtures.lighthouse)
        let registry = PrometheusCollectorRegistry()
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger,
            metrics: registry)
        try await app.test(.live) { client in
            var reader = Browser(client: client)
            reader.setCookie(ReaderCookies.fontName, "2")
            let path = "/search?q=bakery+sales"
            let first = try await reader.get(path)
            #expect(first.status == .ok)
            #expect(first.html.contains("No stories match"))
            _ = try await reader.get("/search?q=%20bakery%20%20sales")  // the same search, spaced otherwise
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(Self.metric(#"dateline_search_cache_lookups{result="hit"}"#, in: text) == 1, "\(text)")
            #expect(Self.metric(#"dateline_search_cache_lookups{result="miss"}"#, in: text) == 1, "\(text)")

            // Another instance (another store on the same file) publishes a story that matches.
            let other = try SQLiteStoryStore(path: site.store.path)
            _ = try await other.create(Fixtures.bakery, status: .published)
            let found = try await Self.eventually(pause: .milliseconds(50)) {
                try await reader.get(path).html.contains("1 story matches.")
            }
            #expect(found, "the kept search is dropped once the change is signalled")
        }
    }

    @Test("a refused newsroom write, or a reader's own form, leaves the models alone")
    func newsroomWriteInvalidates() async throws {
        let site = try Self.modelCachingSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let registry = PrometheusCollectorRegistry()
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger,
            metrics: registry)
        try await app.test(.router) { client in
            func invalidations() async throws -> Double {
                let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                return Self.metric("dateline_model_cache_invalidations", in: text) ?? -1
            }
            _ = try await client.execute(uri: "/story/\(story.slug)", method: .get)
            let before = try await invalidations()
            #expect(before >= 0)
            // Refused (no session, no form token): nothing changed, so a stranger's posts cannot
            // be used to empty the caches.
            let refused = try await client.execute(uri: "/newsroom/stories/\(story.id)", method: .post)
            #expect(refused.status.code >= 300)
            #expect(try await invalidations() == before)
            // A reader's own form leaves them alone too.
            _ = try await client.execute(uri: "/search", method: .get)
            _ = try await client.execute(uri: "/preferences/font", method: .post)
            #expect(try await invalidations() == before)
        }
    }
}
