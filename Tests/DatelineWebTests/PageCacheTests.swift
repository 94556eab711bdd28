import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

/// The per-instance page cache: shared pages come from memory, a story change empties it (through
/// the store's change signal, as when another instance publishes), and private pages never enter it.
@Suite("Page cache")
struct PageCacheTests {
    static func cachingSite() throws -> ReaderTestSite {
        var configuration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"))
        configuration.cachesPages = true
        return try ReaderTestSite(configuration: configuration)
    }

    @Test("a page stays cached until a story changes, then shows the change without a restart")
    func invalidation() async throws {
        let site = try Self.cachingSite()
        try await site.publish(Fixtures.lighthouse)
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await app.test(.live) { client in
            var browser = Browser(client: client)
            browser.forgetCookies()
            let first = try await browser.get("/")
            #expect(first.html.contains("Island council rejects plan to sell lighthouse"))
            #expect(first.headers[.cacheControl]?.contains("public") == true)
            let again = try await browser.get("/")
            #expect(again.html == first.html)
            let conditional = try await browser.get("/", headers: [.ifNoneMatch: try #require(first.headers[.eTag])])
            #expect(conditional.status == .notModified)

            // Another instance (here: another store on the same file) publishes a story.
            let other = try SQLiteStoryStore(path: site.store.path)
            try await other.create(Fixtures.bakery, status: .published)
            var fresh = false
            for _ in 0..<100 {
                if try await browser.get("/").html.contains(Fixtures.bakery.headline) {
                    fresh = true
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(fresh, "the home page shows the new story once the change is signalled")
        }
    }

    @Test("pages for readers with cookies are neither served from nor stored in the cache")
    func privatePages() async throws {
        let site = try Self.cachingSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await app.test(.router) { client in
            var anonymous = Browser(client: client)
            anonymous.forgetCookies()
            let shared = try await anonymous.get("/story/\(story.slug)")
            #expect(shared.formToken == nil || shared.formToken == "")
            var reader = Browser(client: client)
            reader.forgetCookies()
            reader.setCookie(ReaderCookies.fontName, "3")
            let personal = try await reader.get("/story/\(story.slug)")
            #expect(personal.html != shared.html, "a reader with a text size gets their own page")
            #expect(personal.headers[.cacheControl]?.contains("private") == true)
            let sharedAgain = try await anonymous.get("/story/\(story.slug)")
            #expect(sharedAgain.html == shared.html, "the private page did not replace the shared one")
        }
    }

    @Test("the cache keeps at most its limits and forgets the least recently used page first")
    func limits() async {
        let cache = PageCache(maximumEntries: 2, maximumBytes: 1_000_000)
        let generation = cache.generation
        for key in ["/a", "/b"] {
            cache.store(key, status: .ok, headers: [:], body: ByteBuffer(string: key), generation: generation)
        }
        _ = cache.lookup("/a")
        cache.store("/c", status: .ok, headers: [:], body: ByteBuffer(string: "c"), generation: generation)
        #expect(cache.lookup("/b") == nil, "the least recently used page went")
        #expect(cache.lookup("/a") != nil)
        cache.invalidate()
        cache.store("/d", status: .ok, headers: [:], body: ByteBuffer(string: "d"), generation: generation)
        #expect(cache.lookup("/d") == nil, "a page rendered before an invalidation is not kept")
        #expect(cache.count == 0)
    }
}
