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
            var gone = false
            for _ in 0..<100 {
                if try await reader.get(path).status == .notFound {
                    gone = true
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(gone, "the story page is gone once the change is signalled")
            for _ in 0..<5 {
                #expect(try await reader.get(path).status == .notFound, "an unpublished story is never served again")
            }
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
