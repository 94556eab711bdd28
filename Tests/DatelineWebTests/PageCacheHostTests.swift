import DatelineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

/// The shared page cache cannot be poisoned through `Host` (issue 12): a request naming another
/// host, sent once after a story change, must not put that host into the links every later reader
/// gets from the cache — in feeds, sitemaps, the Content API or a story page's structured data.
@Suite("Page cache and Host")
struct PageCacheHostTests {
    /// Pages that carry absolute links, each asked for first with a hostile `Host`.
    static let pages = [
        "/topic/norland/rss.xml", "/feeds/rss.xml", "/feeds/atom.xml", "/sitemap.xml", "/api/v1/stories?per_page=1",
        "/story/island-council-rejects-plan-to-sell-lighthouse",
    ]

    static func site(allowedHosts: [String] = []) throws -> ReaderTestSite {
        // The default a new user gets: no public URL.
        var configuration = WebConfiguration(host: "127.0.0.1", port: 0)
        configuration.cachesPages = true
        configuration.allowedHosts = allowedHosts
        return try ReaderTestSite(configuration: configuration)
    }

    @Test("a hostile Host reaches neither its own answer nor any later reader's", arguments: pages)
    func hostileHost(path: String) async throws {
        let site = try Self.site()
        try await site.publish(Fixtures.lighthouse)
        try await site.publish(Fixtures.bakery)
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let poisoned = try await RawHTTP.exchange(
                port: port, "GET \(path) HTTP/1.1\r\nHost: evil.test\r\nConnection: close\r\n\r\n")
            #expect(poisoned.hasPrefix("HTTP/1.1 200"), "\(poisoned.prefix(200))")
            #expect(!poisoned.contains("evil.test"), "the hostile host is in its own answer")
            #expect(poisoned.contains("http://127.0.0.1:\(port)/"), "links use the listening address")
            for _ in 0..<2 {
                let reader = try await client.execute(uri: path, method: .get)
                #expect(reader.status == .ok)
                let body = String(buffer: reader.body)
                #expect(!body.contains("evil.test"), "a later reader got the hostile host from the cache")
            }
        }
    }

    @Test("two allowed hosts each get their own links; the cache never mixes them")
    func allowedHostsDoNotMix() async throws {
        let site = try Self.site(allowedHosts: ["news.example.test", "www.news.example.test"])
        try await site.publish(Fixtures.lighthouse)
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            for host in ["www.news.example.test", "news.example.test", "www.news.example.test", "evil.test"] {
                let answer = try await RawHTTP.exchange(
                    port: port, "GET /feeds/rss.xml HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
                #expect(answer.hasPrefix("HTTP/1.1 200"))
                if host == "evil.test" {
                    #expect(!answer.contains("evil.test"))
                    #expect(!answer.contains("news.example.test/story"))
                } else {
                    #expect(answer.contains("<link>http://\(host)/"), "links for \(host)")
                    let other = host.hasPrefix("www.") ? "http://news.example.test/" : "http://www.news.example.test/"
                    #expect(!answer.contains(other), "\(host) got another host's links")
                }
            }
        }
    }
}
