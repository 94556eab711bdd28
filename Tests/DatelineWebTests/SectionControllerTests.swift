import DatelineCore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Section pages")
struct SectionControllerTests {
    @Test("a section page lists only its published stories, newest first")
    func listsSection() async throws {
        let site = try ReaderTestSite()
        let lead = try await site.publish(Fixtures.lighthouse)
        let fishing = try await site.publish(Fixtures.fishingFleet)
        let rail = try await site.publish(Fixtures.railTunnel)
        let bakery = try await site.publish(Fixtures.bakery)
        let draft = try await site.file(Fixtures.secretDraft)
        let page = try await site.withBrowser { try await $0.get("/section/world") }
        let html = page.html
        #expect(page.status == .ok)
        #expect(html.contains("<h1 class=\"page-heading\">World</h1>"))
        let positions = try [lead, fishing, rail].map { story in
            try #require(html.range(of: "href=\"/story/\(story.slug)\"")).lowerBound
        }
        #expect(positions == positions.sorted())
        #expect(!html.contains(bakery.headline))
        #expect(!html.contains(draft.headline))
        #expect(html.contains("<a href=\"/section/world\" aria-current=\"page\">World</a>"))
        #expect(!html.contains("class=\"pagination\""))
    }

    @Test("long sections are paginated with newer and older links")
    func pagination() async throws {
        let site = try ReaderTestSite(
            configuration: WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"), storiesPerPage: 3))
        var published: [Story] = []
        for number in 1...7 { published.append(try await site.publish(Fixtures.filler(number))) }
        let stories = published
        try await site.withBrowser { browser in
            let first = try await browser.get("/section/science")
            #expect(first.html.contains("Page 1 of 3"))
            #expect(first.html.contains("href=\"/section/science?page=2\" rel=\"next\""))
            #expect(!first.html.contains("rel=\"prev\""))
            #expect(first.html.contains(stories[0].headline))
            #expect(!first.html.contains(stories[3].headline))

            let second = try await browser.get("/section/science?page=2")
            #expect(second.status == .ok)
            #expect(second.html.contains("href=\"/section/science\" rel=\"prev\""))
            #expect(second.html.contains("href=\"/section/science?page=3\" rel=\"next\""))
            for story in stories[3...5] { #expect(second.html.contains(story.headline)) }
            #expect(!second.html.contains(stories[2].headline))
            #expect(
                second.html.contains(
                    "<link rel=\"canonical\" href=\"https://news.example.test/section/science?page=2\">"))

            let last = try await browser.get("/section/science?page=3")
            #expect(last.html.contains(stories[6].headline))
            #expect(!last.html.contains("rel=\"next\""))

            let beyond = try await browser.get("/section/science?page=4")
            #expect(beyond.status == .notFound)
        }
    }

    @Test(
        "bad page numbers and section addresses get 400 and 404 pages",
        arguments: [
            ("/section/world?page=abc", 400), ("/section/world?page=-1", 400), ("/section/world?page=0", 400),
            ("/section/world?page=1.5", 400), ("/section/world?page=", 400), ("/section/world?page=%31", 200),
            ("/section/world?page=99999999999999999999999", 400), ("/section/world?page=10001", 400),
            ("/section/world?page=1&page=2", 400), ("/section/world?page=%", 400), ("/section/World", 400),
            ("/section/no-such-desk", 404), ("/section/world?page=+1", 400),
        ])
    func badRequests(path: String, status: Int) async throws {
        let site = try ReaderTestSite()
        try await site.publish(Fixtures.lighthouse)
        for number in 1...10 { try await site.publish(Fixtures.filler(number, section: "World")) }
        let page = try await site.withBrowser { try await $0.get(path) }
        #expect(page.status.code == status)
        if status >= 400 {
            #expect(page.html.contains("<h1 class=\"page-heading\">"))
            #expect(page.html.contains("href=\"/\""))
        }
    }
}
