import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

@Suite("robots.txt")
struct RobotsControllerTests {
    @Test("allows the site, keeps crawlers out of search and the newsroom, and names the sitemap")
    func rules() async throws {
        let site = try ReaderTestSite()
        let page = try await site.withBrowser { try await $0.get("/robots.txt") }
        #expect(page.status == .ok)
        #expect(page.headers[.contentType] == "text/plain; charset=utf-8")
        #expect(page.headers[.cacheControl] == CachePolicy.shared.cacheControl)
        let lines = page.html.split(separator: "\n").map(String.init)
        #expect(lines.first == "User-agent: *")
        #expect(lines.contains("Allow: /"))
        for path in ["/search", "/newsroom/", "/api/v1/admin", "/saved"] {
            #expect(lines.contains("Disallow: \(path)"))
        }
        #expect(lines.contains("Sitemap: https://news.example.test/sitemap.xml"))
    }
}
