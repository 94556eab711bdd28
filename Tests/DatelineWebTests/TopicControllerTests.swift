import DatelineCore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Topic pages")
struct TopicControllerTests {
    @Test("All About a topic lists every published story with that topic across sections")
    func allAbout() async throws {
        let site = try ReaderTestSite()
        let lead = try await site.publish(Fixtures.lighthouse)
        let fishing = try await site.publish(Fixtures.fishingFleet)
        let rowing = try await site.publish(Fixtures.rowing)
        let rail = try await site.publish(Fixtures.railTunnel)
        let page = try await site.withBrowser { try await $0.get("/topic/norland") }
        let html = page.html
        #expect(page.status == .ok)
        #expect(html.contains("<h1 class=\"page-heading\">All About Norland</h1>"))
        #expect(html.contains("<title>All About Norland - Dateline</title>"))
        for story in [lead, fishing, rowing] { #expect(html.contains("href=\"/story/\(story.slug)\"")) }
        #expect(!html.contains(rail.headline))
        // Topic pages cross sections, so each story names its own.
        #expect(html.contains("<p class=\"kicker\"><a href=\"/section/sports\">Sports</a></p>"))
    }

    @Test(
        "a topic or section known only from drafts is a 404 on pages and feeds, its name nowhere; so is an unknown one")
    func emptyAndUnknown() async throws {
        let site = try ReaderTestSite()
        try await site.file(
            StoryDraft(
                headline: "Draft about glaciers", section: "Embargoed Science", body: ["Not yet."],
                topics: ["Glaciers"]))
        try await site.withBrowser { browser in
            for path in [
                "/topic/glaciers", "/topic/glaciers/rss.xml", "/topic/glaciers/atom.xml", "/section/embargoed-science",
                "/section/embargoed-science/rss.xml", "/section/embargoed-science/atom.xml",
            ] {
                let page = try await browser.get(path)
                #expect(page.status == .notFound, "\(path)")
                #expect(!page.html.contains("Glaciers") && !page.html.contains("Embargoed"), "\(path)")
            }
            #expect(try await browser.get("/topic/no-such-topic").status == .notFound)
            #expect(try await browser.get("/topic/no_such").status == .badRequest)
            #expect(try await browser.get("/topic/norland?page=abc").status == .badRequest)
        }
    }
}
