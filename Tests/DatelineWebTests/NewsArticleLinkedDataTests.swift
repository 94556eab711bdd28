import DatelineCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

@Suite("Structured data and social tags")
struct NewsArticleLinkedDataTests {
    /// The JSON-LD block of a page, parsed.
    private func linkedData(in html: String) throws -> [String: Any] {
        let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
        let rest = html[start.upperBound...]
        let end = try #require(rest.range(of: "</script>"))
        let json = String(rest[..<end.lowerBound])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("a story page carries NewsArticle JSON-LD with every field")
    func fields() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let page = try await site.withBrowser { try await $0.get("/story/\(story.slug)") }
        let data = try linkedData(in: page.html)
        let url = "https://news.example.test/story/\(story.slug)"
        #expect(data["@context"] as? String == "https://schema.org")
        #expect(data["@type"] as? String == "NewsArticle")
        #expect(data["headline"] as? String == story.headline)
        let description = try #require(data["description"] as? String)
        for highlight in story.highlights { #expect(description.contains(highlight)) }
        #expect(data["datePublished"] as? String == "2008-02-15T12:00:00Z")
        #expect(data["dateModified"] as? String == story.updatedAt.ISO8601Format())
        let author = try #require(data["author"] as? [String: Any])
        #expect(author["@type"] as? String == "Person")
        #expect(author["name"] as? String == "Maren Holt")
        let publisher = try #require(data["publisher"] as? [String: Any])
        #expect(publisher["@type"] as? String == "Organization")
        #expect(publisher["name"] as? String == "Dateline")
        let logo = try #require((publisher["logo"] as? [String: Any])?["url"] as? String)
        #expect(logo.hasPrefix("https://news.example.test/static/icons/logo.png"))
        #expect(data["articleSection"] as? String == "World")
        #expect(data["keywords"] as? [String] == ["Norland", "Lighthouses"])
        #expect(data["url"] as? String == url)
        #expect((data["mainEntityOfPage"] as? [String: Any])?["@id"] as? String == url)
        #expect(data["image"] == nil)

        // The logo it names is served.
        let logoPath = String(logo.dropFirst("https://news.example.test".count))
        let logoResponse = try await site.withBrowser { try await $0.get(logoPath) }
        #expect(logoResponse.status == .ok)
        #expect(logoResponse.headers[.contentType] == "image/png")
    }

    @Test("a story without a byline is credited to the site")
    func organizationAuthor() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.railTunnel)
        let page = try await site.withBrowser { try await $0.get("/story/\(story.slug)") }
        let author = try #require(try linkedData(in: page.html)["author"] as? [String: Any])
        #expect(author["@type"] as? String == "Organization")
        #expect(author["name"] as? String == "Dateline")
    }

    @Test("Open Graph, Twitter card and canonical tags")
    func socialTags() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let html = try await site.withBrowser { try await $0.get("/story/\(story.slug)") }.html
        let url = "https://news.example.test/story/\(story.slug)"
        for tag in [
            "<meta property=\"og:type\" content=\"article\">",
            "<meta property=\"og:title\" content=\"\(escaped(story.headline))\">",
            "<meta property=\"og:url\" content=\"\(url)\">",
            "<meta property=\"og:site_name\" content=\"Dateline\">",
            "<meta property=\"article:published_time\" content=\"2008-02-15T12:00:00Z\">",
            "<meta property=\"article:section\" content=\"World\">",
            "<meta property=\"article:tag\" content=\"Norland\">",
            "<meta property=\"article:tag\" content=\"Lighthouses\">",
            "<meta name=\"twitter:card\" content=\"summary\">",
            "<link rel=\"canonical\" href=\"\(url)\">",
        ] {
            #expect(html.contains(tag), "missing \(tag)")
        }
        #expect(html.contains("<meta property=\"og:description\" content=\"Council votes 7-2"))
    }

    @Test("a headline with </script> stays inert in JSON-LD, tags and text")
    func hostileHeadline() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.hostile)
        let page = try await site.withBrowser { try await $0.get("/story/\(story.slug)") }
        let html = page.html
        // Exactly the site's own script elements: the deferred reader.js and the JSON-LD block.
        #expect(page.count(of: "<script") == 2)
        #expect(page.count(of: "</script>") == 2)
        #expect(!html.contains("alert(1)</script>"))
        let data = try linkedData(in: html)
        #expect(data["headline"] as? String == Fixtures.hostileHeadline)
        #expect(html.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"))
        #expect(html.contains("<meta property=\"og:title\" content=\"\(escaped(Fixtures.hostileHeadline))\">"))
        #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
    }

    @Test("the JSON escaping keeps values and removes every character that could end a script")
    func scriptSafeJSON() throws {
        let value = ["text": "</script><!-- & \u{2028}\u{2029} > done"]
        let json = try ScriptSafeJSON(encoding: value).text
        for forbidden in ["<", ">", "&", "\u{2028}", "\u{2029}"] { #expect(!json.contains(forbidden)) }
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        #expect(decoded == value)
    }
}
