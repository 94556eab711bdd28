import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// Author pages, their feeds and redirects, author links and `Person` JSON-LD on story pages, and
/// the SEO title and description in a story page's head (issue 15, items 5 and 6).
@Suite("Author pages and SEO fields")
struct AuthorPagesTests {
    /// A site with two authors credited together on the lighthouse story and Jane alone on an older one.
    private func siteWithAuthors() async throws -> (ReaderTestSite, jane: Author, tom: Author, Story, Story) {
        let site = try ReaderTestSite()
        let jane = try await site.store.addAuthor(
            AuthorInput(name: "Jane Arden", bio: "Jane covers the islands & their councils.")
        ).author
        let tom = try await site.store.addAuthor(AuthorInput(name: "Tom <b>Reyes</b>")).author
        var lead = Fixtures.lighthouse
        lead.authorIDs = [jane.id, tom.id]
        let leadStory = try await site.publish(lead)
        var older = Fixtures.fishingFleet
        older.authorIDs = [jane.id]
        older.publishedAt = Date(timeIntervalSince1970: 1_000_000_000)
        let olderStory = try await site.publish(older)
        return (site, jane, tom, leadStory, olderStory)
    }

    private func linkedData(in html: String) throws -> [String: Any] {
        let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
        let rest = html[start.upperBound...]
        let end = try #require(rest.range(of: "</script>"))
        let object = try JSONSerialization.jsonObject(with: Data(String(rest[..<end.lowerBound]).utf8))
        return try #require(object as? [String: Any])
    }

    @Test("an author page shows the name, bio and published stories newest first, with feeds")
    func authorPage() async throws {
        let (site, jane, _, lead, older) = try await siteWithAuthors()
        var hidden = StoryDraft(headline: "Unpublished draft by Jane", section: "World", body: ["Not yet."])
        hidden.authorIDs = [jane.id]
        try await site.file(hidden)
        try await site.withBrowser { browser in
            let page = try await browser.get("/author/jane-arden")
            #expect(page.status == .ok)
            let html = page.html
            #expect(html.contains("<h1 class=\"page-heading\">Jane Arden</h1>"))
            #expect(html.contains("Jane covers the islands &amp; their councils."))
            let leadAt = try #require(html.range(of: "href=\"/story/\(lead.slug)\""))
            let olderAt = try #require(html.range(of: "href=\"/story/\(older.slug)\""))
            #expect(leadAt.lowerBound < olderAt.lowerBound)
            #expect(!html.contains("Unpublished draft by Jane"))
            #expect(html.contains("href=\"/author/jane-arden/rss.xml\""))
            #expect(try await browser.get("/author/jane-arden?page=2").status == .notFound)
            #expect(try await browser.get("/author/nobody").status == .notFound)

            let rss = try await browser.get("/author/jane-arden/rss.xml")
            #expect(rss.status == .ok)
            #expect(rss.html.contains("<title>Dateline: Jane Arden</title>"))
            #expect(rss.html.contains("/story/\(lead.slug)") && rss.html.contains("/story/\(older.slug)"))
            #expect(!rss.html.contains("Unpublished draft"))
            let atom = try await browser.get("/author/jane-arden/atom.xml")
            #expect(atom.status == .ok && atom.html.contains("/story/\(older.slug)"))
        }
    }

    @Test("a renamed author's old page and feeds answer 301 to the new address")
    func renamedAuthor() async throws {
        let (site, jane, _, _, _) = try await siteWithAuthors()
        _ = try await site.store.updateAuthor(id: jane.id, with: AuthorInput(name: "Jane Arden", slug: "jane-holt"))
        try await site.withBrowser { browser in
            let page = try await browser.get("/author/jane-arden")
            #expect(page.status == .movedPermanently)
            #expect(page.headers[.location] == "/author/jane-holt")
            let feed = try await browser.get("/author/jane-arden/atom.xml")
            #expect(feed.status == .movedPermanently)
            #expect(feed.headers[.location] == "/author/jane-holt/atom.xml")
            #expect(try await browser.get("/author/jane-holt").status == .ok)
        }
    }

    @Test("a story page links each author by name and its JSON-LD names them as Person with their page")
    func storyCredits() async throws {
        let (site, _, _, lead, _) = try await siteWithAuthors()
        let page = try await site.withBrowser { try await $0.get("/story/\(lead.slug)") }
        let html = page.html
        #expect(
            html.contains(
                "<span class=\"byline\">By <a href=\"/author/jane-arden\" rel=\"author\">Jane Arden</a> and "
                    + "<a href=\"/author/tom-b-reyes-b\" rel=\"author\">Tom &lt;b&gt;Reyes&lt;/b&gt;</a></span>"))
        let authors = try #require(try linkedData(in: html)["author"] as? [[String: Any]])
        #expect(authors.map { $0["@type"] as? String } == ["Person", "Person"])
        #expect(authors.map { $0["name"] as? String } == ["Jane Arden", "Tom <b>Reyes</b>"])
        #expect(
            authors.map { $0["url"] as? String } == [
                "https://news.example.test/author/jane-arden", "https://news.example.test/author/tom-b-reyes-b",
            ])
    }

    @Test("the sitemap lists authors with published stories")
    func sitemap() async throws {
        let (site, _, _, _, _) = try await siteWithAuthors()
        _ = try await site.store.addAuthor(AuthorInput(name: "Nobody Yet"))
        let xml = try await site.withBrowser { try await $0.get("/sitemaps/sections.xml") }.html
        #expect(xml.contains("<loc>https://news.example.test/author/jane-arden</loc>"))
        #expect(!xml.contains("nobody-yet"))
    }

    @Test("an SEO title and description replace the headline and highlights in the head and the share tags")
    func seoFields() async throws {
        let site = try ReaderTestSite()
        var draft = Fixtures.lighthouse
        draft.seoTitle = "Kestrel Harbor keeps its lighthouse"
        draft.seoDescription = "Councillors vote 7-2 against the sale & keep the 1870 tower."
        let story = try await site.publish(draft)
        let html = try await site.withBrowser { try await $0.get("/story/\(story.slug)") }.html
        #expect(html.contains("<title>Kestrel Harbor keeps its lighthouse - Dateline</title>"))
        #expect(html.contains("<meta property=\"og:title\" content=\"Kestrel Harbor keeps its lighthouse\">"))
        let description = "Councillors vote 7-2 against the sale &amp; keep the 1870 tower."
        #expect(html.contains("<meta name=\"description\" content=\"\(description)\">"))
        #expect(html.contains("<meta property=\"og:description\" content=\"\(description)\">"))
        #expect(try linkedData(in: html)["description"] as? String == draft.seoDescription)
        // The page itself still shows the headline.
        #expect(html.contains(escaped(story.headline)))

        // Without them, the headline and highlights are used as before.
        let plain = try await site.publish(Fixtures.fishingFleet)
        let plainHTML = try await site.withBrowser { try await $0.get("/story/\(plain.slug)") }.html
        #expect(plainHTML.contains("<meta property=\"og:title\" content=\"\(escaped(plain.headline))\">"))
    }
}
