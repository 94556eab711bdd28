import DatelineCore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Front page")
struct HomeControllerTests {
    @Test("lists the latest stories grouped by section, freshest section first, lead with highlights")
    func groupedBySection() async throws {
        let site = try ReaderTestSite()
        let lead = try await site.publish(Fixtures.lighthouse)
        let fishing = try await site.publish(Fixtures.fishingFleet)
        let bakery = try await site.publish(Fixtures.bakery)
        let rowing = try await site.publish(Fixtures.rowing)
        let draft = try await site.file(Fixtures.secretDraft)
        let page = try await site.withBrowser { try await $0.get("/") }
        let html = page.html
        #expect(page.status == .ok)
        #expect(page.count(of: "<h1") == 1)

        // Blocks in order of their newest story: World (noon), Business (11:30), Sports (9:00).
        let world = try #require(html.range(of: "id=\"section-world\""))
        let business = try #require(html.range(of: "id=\"section-business\""))
        let sports = try #require(html.range(of: "id=\"section-sports\""))
        #expect(world.lowerBound < business.lowerBound)
        #expect(business.lowerBound < sports.lowerBound)

        // The World lead shows its highlights; the next story is a headline link.
        let worldBlock = String(html[world.lowerBound..<business.lowerBound])
        #expect(worldBlock.contains("<h3 class=\"lead-headline\"><a href=\"/story/\(lead.slug)\">"))
        #expect(worldBlock.contains("<li>\(escaped(Fixtures.lighthouse.highlights[0]))</li>"))
        #expect(worldBlock.contains("<li><a href=\"/story/\(fishing.slug)\">\(fishing.headline)</a></li>"))
        #expect(worldBlock.contains("href=\"/section/world\">More World »</a>"))
        #expect(html.contains("href=\"/story/\(bakery.slug)\""))
        #expect(html.contains("href=\"/story/\(rowing.slug)\""))
        #expect(!html.contains(draft.headline))

        // Masthead navigation names every section.
        #expect(html.contains("<nav class=\"sections\" aria-label=\"Sections\">"))
        for name in ["World", "Business", "Sports"] {
            #expect(html.contains(">\(name)</a></li>"))
        }
    }

    @Test("an empty archive says so instead of showing an empty page")
    func emptyArchive() async throws {
        let site = try ReaderTestSite()
        let page = try await site.withBrowser { try await $0.get("/") }
        #expect(page.status == .ok)
        #expect(page.html.contains("No stories have been published yet."))
    }

    @Test("a malformed query string on the front page is a 400 page")
    func malformedQuery() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let page = try await browser.get("/?q=%")
            #expect(page.status == .badRequest)
            #expect(page.html.contains("broken %-escape"))
            #expect(try await browser.get("/?a=1&a=2").status == .ok)
        }
    }
}
