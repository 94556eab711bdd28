import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

@Suite("Feeds")
struct FeedControllerTests {
    /// A site with the fixture stories (and a hostile one), returning the published stories newest first.
    private func siteWithStories() async throws -> (ReaderTestSite, [Story]) {
        let site = try ReaderTestSite()
        var stories: [Story] = []
        for draft in [
            Fixtures.lighthouse, Fixtures.fishingFleet, Fixtures.railTunnel, Fixtures.bakery, Fixtures.rowing,
        ] {
            stories.append(try await site.publish(draft))
        }
        stories.append(try await site.publish(Fixtures.hostile))
        try await site.file(Fixtures.secretDraft)
        stories.sort { ($0.publishedAt ?? .distantPast) > ($1.publishedAt ?? .distantPast) }
        return (site, stories)
    }

    @Test(
        "every feed is well-formed XML with the right stories, newest first",
        arguments: [
            ("/feeds/rss.xml", nil), ("/feeds/atom.xml", nil), ("/section/world/rss.xml", "World"),
            ("/section/world/atom.xml", "World"), ("/topic/norland/rss.xml", "Norland"),
            ("/topic/norland/atom.xml", "Norland"),
        ] as [(String, String?)])
    func wellFormed(path: String, filter: String?) async throws {
        let (site, stories) = try await siteWithStories()
        let expected = stories.filter { story in
            guard let filter else { return true }
            return story.section.name == filter || story.topics.contains { $0.name == filter }
        }
        let page = try await site.withBrowser { try await $0.get(path) }
        #expect(page.status == .ok)
        let tree = try XMLTree(page.html)
        let isAtom = path.hasSuffix("atom.xml")
        #expect(page.headers[.contentType] == "application/xml; charset=utf-8")
        // A browser that opens the feed styles it with feed.css; the style sheet is served as CSS.
        let stylesheet = try #require(
            page.html.firstMatch(of: /<\?xml-stylesheet type="text\/css" href="([^"]+)"\?>/)?.1)
        #expect(stylesheet.hasPrefix("/static/feed.css?v="))
        #expect(page.html.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-stylesheet"))
        let css = try await site.withBrowser { try await $0.get(String(stylesheet)) }
        #expect(css.status == .ok)
        #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
        #expect(css.html.contains("feed reader"))
        #expect(page.headers[.cacheControl] == CachePolicy.shared.cacheControl)
        #expect(page.headers[.eTag] != nil)
        #expect(page.headers[.lastModified] != nil)
        let base = "https://news.example.test"
        let links: [String]
        let titles: [String]
        if isAtom {
            #expect(tree.root.name == "feed")
            let entries = tree.root.all("entry")
            links = entries.compactMap { $0.first("link")?.attributes["href"] }
            titles = entries.compactMap { $0.text(of: "title") }
            #expect(entries.allSatisfy { $0.first("id") != nil && $0.first("updated") != nil })
            #expect(entries.allSatisfy { $0.first("summary") != nil && $0.first("content") != nil })
        } else {
            #expect(tree.root.name == "rss")
            let channel = try #require(tree.root.first("channel"))
            let items = channel.all("item")
            links = items.compactMap { $0.text(of: "link") }
            titles = items.compactMap { $0.text(of: "title") }
            #expect(items.allSatisfy { $0.text(of: "guid") == $0.text(of: "link") })
            #expect(items.allSatisfy { $0.first("pubDate") != nil && $0.first("description") != nil })
        }
        #expect(links == expected.map { base + "/story/\($0.slug)" })
        #expect(titles == expected.map(\.headline))
    }

    @Test("an item carries its author, topics as categories, and the highlights as escaped HTML")
    func itemContent() async throws {
        let (site, stories) = try await siteWithStories()
        let lighthouse = try #require(stories.first { $0.headline == Fixtures.lighthouse.headline })
        try await site.withBrowser { browser async throws in
            let rss = try XMLTree(try await browser.get("/feeds/rss.xml").html)
            let item = try #require(
                rss.root.first("channel")?.all("item").first { $0.text(of: "title") == lighthouse.headline })
            #expect(item.text(of: "dc:creator") == "Maren Holt")
            #expect(item.all("category").map(\.text) == ["Norland", "Lighthouses"])
            #expect(item.all("category").first?.attributes["domain"] == "https://news.example.test/topic/norland")
            let description = try #require(item.text(of: "description"))
            for highlight in Fixtures.lighthouse.highlights {
                #expect(description.contains("<li>\(escaped(highlight))</li>"))
            }
            #expect(description.contains("<p>The island council of Kestrel Harbor"))

            let atom = try XMLTree(try await browser.get("/feeds/atom.xml").html)
            let entry = try #require(atom.root.all("entry").first { $0.text(of: "title") == lighthouse.headline })
            #expect(entry.first("author")?.text(of: "name") == "Maren Holt")
            #expect(entry.all("category").map { $0.attributes["label"] } == ["Norland", "Lighthouses"])
            #expect(entry.text(of: "published") == "2008-02-15T12:00:00Z")
            #expect(entry.first("content")?.attributes["type"] == "html")
        }
    }

    @Test("hostile titles and text stay escaped text in both formats")
    func hostileText() async throws {
        let (site, _) = try await siteWithStories()
        try await site.withBrowser { browser async throws in
            for path in ["/feeds/rss.xml", "/feeds/atom.xml"] {
                let text = try await browser.get(path).html
                let tree = try XMLTree(text)
                let entries =
                    tree.root.name == "feed" ? tree.root.all("entry") : tree.root.first("channel")?.all("item")
                let hostile = try #require(entries?.first { $0.text(of: "title") == Fixtures.hostileHeadline })
                let html = hostile.text(of: "description") ?? hostile.text(of: "content") ?? ""
                // Highlights are stored as plain text: the tags are gone, the ampersand escaped.
                #expect(html.contains("Highlight with tags &amp;"))
                #expect(html.contains("Second &quot;highlight&quot;"))
                #expect(!html.contains("<script>"))
                #expect(!text.contains("<script>"))
            }
        }
    }

    @Test("pages point to their feeds with link rel=alternate")
    func discovery() async throws {
        let (site, stories) = try await siteWithStories()
        try await site.withBrowser { browser async throws in
            let home = try await browser.get("/")
            #expect(
                home.html.contains(
                    "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Dateline (RSS)\" href=\"/feeds/rss.xml\">"
                ))
            #expect(
                home.html.contains("type=\"application/atom+xml\" title=\"Dateline (Atom)\" href=\"/feeds/atom.xml\""))
            let section = try await browser.get("/section/world")
            #expect(section.html.contains("href=\"/section/world/rss.xml\""))
            #expect(section.html.contains("href=\"/section/world/atom.xml\""))
            let topic = try await browser.get("/topic/norland")
            #expect(topic.html.contains("href=\"/topic/norland/rss.xml\""))
            let story = try await browser.get("/story/\(stories[0].slug)")
            #expect(story.html.contains("href=\"/section/\(stories[0].section.slug)/atom.xml\""))
            #expect(story.html.contains("href=\"/feeds/rss.xml\""))
        }
    }

    @Test("unknown sections and topics have no feed")
    func unknownFeeds() async throws {
        let (site, _) = try await siteWithStories()
        try await site.withBrowser { browser async throws in
            #expect(try await browser.get("/section/nowhere/rss.xml").status == .notFound)
            #expect(try await browser.get("/topic/nothing/atom.xml").status == .notFound)
        }
    }

    @Test("without a public URL, links use the listening address, not a Host that is not allowed")
    func hostHeader() async throws {
        let site = try ReaderTestSite(configuration: WebConfiguration())
        try await site.publish(Fixtures.lighthouse)
        let page = try await site.withBrowser { try await $0.get("/feeds/rss.xml") }
        // The router test client asks for "localhost" without a port: not the bound address.
        #expect(page.html.contains("<link>http://127.0.0.1:8080/story/"))
        #expect(!page.html.contains("http://localhost/"))
    }
}
