import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

@Suite("Story page")
struct StoryControllerTests {
    /// A site holding the fixture stories; returns it with the lead story.
    private func siteWithStories() async throws -> (ReaderTestSite, lead: Story, others: [String: Story]) {
        let site = try ReaderTestSite()
        let lead = try await site.publish(Fixtures.lighthouse)
        var others: [String: Story] = [:]
        others["fishing"] = try await site.publish(Fixtures.fishingFleet)
        others["rail"] = try await site.publish(Fixtures.railTunnel)
        others["bakery"] = try await site.publish(Fixtures.bakery)
        others["rowing"] = try await site.publish(Fixtures.rowing)
        others["draft"] = try await site.file(Fixtures.secretDraft)
        return (site, lead, others)
    }

    @Test("carries every feature of the seed page")
    func everyFeature() async throws {
        let (site, lead, others) = try await siteWithStories()
        let fishing = try #require(others["fishing"])
        let rowing = try #require(others["rowing"])
        let draft = try #require(others["draft"])
        let page = try await site.withBrowser { try await $0.get("/story/\(lead.slug)") }
        let html = page.html
        #expect(page.status == .ok)
        #expect(page.headers[.contentType] == "text/html; charset=utf-8")
        #expect(html.contains("<html lang=\"en\""))

        // Skip link to the main landmark.
        #expect(html.contains("<a class=\"skip-link\" href=\"#main\">Skip to main content</a>"))
        #expect(html.contains("<main id=\"main\""))
        // One h1, the headline.
        #expect(page.count(of: "<h1") == 1)
        #expect(html.contains(">Island council rejects plan to sell lighthouse</h1>"))

        // Story Highlights box with its items, in an aside.
        #expect(html.contains("<aside class=\"highlights\""))
        #expect(html.contains(">Story Highlights</h2>"))
        for highlight in Fixtures.lighthouse.highlights { #expect(html.contains("<li>\(escaped(highlight))</li>")) }

        // Dateline printed before the first paragraph, then the body.
        #expect(
            html.contains("<p><strong class=\"dateline\">KESTREL HARBOR, Norland (AP) --</strong> The island council"))
        #expect(html.contains("enough to paint the gallery rail.</p>"))
        #expect(html.contains("By Maren Holt"))
        #expect(html.contains("<time datetime=\"2008-02-15T12:00:00Z\">12:00 p.m. GMT, Fri February 15, 2008</time>"))

        // Next Article: the next older story in World by time.
        #expect(html.contains("<a href=\"/story/\(fishing.slug)\" rel=\"next\">Next Article in World »</a>"))

        // Font controls: two forms with accessible names and the form token.
        #expect(page.count(of: "action=\"/preferences/font\"") == 2)
        #expect(html.contains("<span class=\"visually-hidden\">Decrease font</span>"))
        #expect(html.contains("<span class=\"visually-hidden\">Enlarge font</span>"))

        // Don't Miss: related stories (shared topic first), never the story itself or drafts.
        #expect(html.contains(">Don't Miss</h2>"))
        let dontMiss = try #require(
            html.components(separatedBy: "class=\"dont-miss\"").last?
                .components(separatedBy: "</aside>").first)
        #expect(dontMiss.contains("href=\"/story/\(fishing.slug)\""))
        #expect(dontMiss.contains("href=\"/story/\(rowing.slug)\""))
        #expect(!dontMiss.contains("href=\"/story/\(lead.slug)\""))
        #expect(!html.contains(draft.headline))

        // All About topic links.
        #expect(html.contains(">All About</h2>"))
        #expect(html.contains("<a href=\"/topic/norland\">Norland</a>"))
        #expect(html.contains("<a href=\"/topic/lighthouses\">Lighthouses</a>"))

        // Save form and Print link.
        #expect(html.contains("<form class=\"save-form\" method=\"post\" action=\"/saved\">"))
        #expect(html.contains("name=\"slug\" value=\"\(lead.slug)\""))
        #expect(html.contains("href=\"/story/\(lead.slug)/print\""))
        #expect(html.contains("media=\"print\""))

        // No dead E-mail tool until mail exists.
        #expect(!html.localizedCaseInsensitiveContains("e-mail"))
        #expect(!html.localizedCaseInsensitiveContains("mailto:"))

        // Canonical link from the public base URL.
        #expect(html.contains("<link rel=\"canonical\" href=\"https://news.example.test/story/\(lead.slug)\">"))
    }

    @Test("every state-changing form carries the reader's token")
    func formsCarryToken() async throws {
        let (site, lead, _) = try await siteWithStories()
        try await site.withBrowser { browser in
            let page = try await browser.get("/story/\(lead.slug)")
            let token = try #require(browser.cookies[ReaderCookies.csrfName])
            #expect(page.count(of: "<form") == 4)  // three posting forms and the masthead search
            #expect(page.count(of: "name=\"csrf_token\" value=\"\(token)\"") == 3)
            #expect(page.count(of: "method=\"post\"") == 3)
        }
    }

    @Test("the oldest story in a section links to the newest as its next article")
    func nextArticleWrapsAround() async throws {
        let (site, lead, others) = try await siteWithStories()
        let rail = try #require(others["rail"])
        let page = try await site.withBrowser { try await $0.get("/story/\(rail.slug)") }
        #expect(page.html.contains("<a href=\"/story/\(lead.slug)\" rel=\"next\">Next Article in World »</a>"))
    }

    @Test("a story alone in its section has no next article and no highlights box when it has none")
    func loneStory() async throws {
        let (site, _, others) = try await siteWithStories()
        let rowing = try #require(others["rowing"])
        let page = try await site.withBrowser { try await $0.get("/story/\(rowing.slug)") }
        #expect(page.status == .ok)
        #expect(!page.html.contains("Next Article in"))
        #expect(!page.html.contains("Story Highlights"))
        #expect(!page.html.contains("class=\"dateline\""))
    }

    @Test("unknown, draft and malformed story addresses get proper error pages")
    func badAddresses() async throws {
        let (site, _, others) = try await siteWithStories()
        let draft = try #require(others["draft"])
        try await site.withBrowser { browser in
            let unknown = try await browser.get("/story/no-such-story")
            #expect(unknown.status == .notFound)
            #expect(unknown.html.contains("<h1 class=\"page-heading\">Page not found</h1>"))
            #expect(unknown.html.contains("<a class=\"home-link\" href=\"/\">"))

            #expect(try await browser.get("/story/\(draft.slug)").status == .notFound)
            #expect(try await browser.get("/story/\(draft.slug)/print").status == .notFound)
            #expect(try await browser.get("/story/%ZZ").status == .badRequest)
            #expect(try await browser.get("/story/Island-Council").status == .badRequest)
            #expect(try await browser.get("/story/a--b").status == .badRequest)
            #expect(try await browser.get("/story/\(String(repeating: "a", count: 200))").status == .badRequest)
            #expect(try await browser.get("/story/%3Cscript%3E").status == .badRequest)
        }
    }

    @Test("a malformed query string on a story page is a 400")
    func malformedQuery() async throws {
        let (site, lead, _) = try await siteWithStories()
        let cases: [(String, HTTPResponse.Status)] = [
            ("?ref=%E0%A4%A", .badRequest), ("?ref=%FF", .badRequest), ("?ref=%zz", .badRequest),
            ("?utm_source=feed", .ok),
        ]
        try await site.withBrowser { browser in
            for (query, status) in cases {
                let page = try await browser.get("/story/\(lead.slug)\(query)")
                #expect(page.status == status, "\(query)")
            }
        }
    }

    @Test("print view shows the story and its address without page furniture")
    func printView() async throws {
        let (site, lead, _) = try await siteWithStories()
        let page = try await site.withBrowser { try await $0.get("/story/\(lead.slug)/print") }
        let html = page.html
        #expect(page.status == .ok)
        #expect(html.contains(">Island council rejects plan to sell lighthouse</h1>"))
        #expect(html.contains("<strong class=\"dateline\">KESTREL HARBOR, Norland (AP) --</strong>"))
        for highlight in Fixtures.lighthouse.highlights { #expect(html.contains(escaped(highlight))) }
        #expect(html.contains("https://news.example.test/story/\(lead.slug)"))
        #expect(!html.contains("<nav"))
        #expect(!html.contains("<form"))
        #expect(!html.contains("Don't Miss"))
        #expect(!html.contains("Skip to main content"))
        #expect(html.contains("<html lang=\"en\""))
    }

    @Test("an unchanged story page revalidates with 304, and an edit changes its ETag")
    func entityTags() async throws {
        let (site, lead, _) = try await siteWithStories()
        try await site.withBrowser { browser in
            let first = try await browser.get("/story/\(lead.slug)")
            let tag = try #require(first.headers[.eTag])
            var conditional = HTTPFields()
            conditional[.ifNoneMatch] = tag
            let again = try await browser.get("/story/\(lead.slug)", headers: conditional)
            #expect(again.status == .notModified)
            #expect(again.response.body.readableBytes == 0)

            var draft = lead.draft
            draft.headline = "Island council keeps its lighthouse"
            _ = try await site.store.update(id: lead.id, with: draft)
            let edited = try await browser.get("/story/\(lead.slug)", headers: conditional)
            #expect(edited.status == .ok)
            #expect(edited.headers[.eTag] != tag)
            #expect(edited.html.contains("Island council keeps its lighthouse"))
        }
    }

    @Test("pages are private to the reader and vary by cookie")
    func cacheHeaders() async throws {
        let (site, lead, _) = try await siteWithStories()
        let page = try await site.withBrowser { try await $0.get("/story/\(lead.slug)") }
        #expect(page.headers[.cacheControl] == "private, no-cache")
        #expect(page.headers[.vary] == "Cookie")
    }

    @Test("HEAD answers like GET without a body, and writes to a story are refused with 405")
    func methods() async throws {
        let (site, lead, _) = try await siteWithStories()
        try await site.withBrowser { browser in
            let head = try await browser.send("/story/\(lead.slug)", method: .head, body: nil)
            #expect(head.status == .ok)
            let post = try await browser.send("/story/\(lead.slug)", method: .post, body: nil)
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "GET, HEAD")
            #expect(post.html.contains("Not allowed"))
            let delete = try await browser.send("/story/\(lead.slug)", method: .delete, body: nil)
            #expect(delete.status == .methodNotAllowed)
        }
        #expect(try await site.store.story(id: lead.id) == lead)
    }
}
