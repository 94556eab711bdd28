import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

@Suite("Sitemaps")
struct SitemapControllerTests {
    private let base = "https://news.example.test"

    @Test("the index lists the sections, news and story sitemaps, and each is well-formed and complete")
    func complete() async throws {
        let site = try ReaderTestSite()
        var stories: [Story] = []
        for draft in [Fixtures.lighthouse, Fixtures.fishingFleet, Fixtures.bakery, Fixtures.rowing, Fixtures.hostile] {
            stories.append(try await site.publish(draft))
        }
        let draft = try await site.file(Fixtures.secretDraft)
        let published = stories
        try await site.withBrowser { browser async throws in
            let indexPage = try await browser.get("/sitemap.xml")
            #expect(indexPage.status == .ok)
            #expect(indexPage.headers[.contentType] == "application/xml; charset=utf-8")
            #expect(indexPage.headers[.cacheControl] == CachePolicy.shared.cacheControl)
            let index = try XMLTree(indexPage.html)
            #expect(index.root.name == "sitemapindex")
            let locations = index.root.all("sitemap").compactMap { $0.text(of: "loc") }
            #expect(
                locations == [
                    "\(base)/sitemaps/sections.xml", "\(base)/sitemaps/news.xml", "\(base)/sitemaps/stories-1.xml",
                ])

            let storiesMap = try XMLTree(try await browser.get("/sitemaps/stories-1.xml").html)
            #expect(storiesMap.root.name == "urlset")
            let urls = storiesMap.root.all("url")
            #expect(Set(urls.compactMap { $0.text(of: "loc") }) == Set(published.map { "\(base)/story/\($0.slug)" }))
            #expect(!urls.contains { $0.text(of: "loc")?.contains(draft.slug.rawValue) ?? false })
            #expect(urls.allSatisfy { $0.text(of: "lastmod")?.hasSuffix("Z") ?? false })

            let sections = try XMLTree(try await browser.get("/sitemaps/sections.xml").html)
            let sectionURLs = sections.root.all("url").compactMap { $0.text(of: "loc") }
            #expect(sectionURLs.first == "\(base)/")
            for path in ["/section/world", "/section/business", "/section/sports", "/topic/norland", "/topic/rowing"] {
                #expect(sectionURLs.contains(base + path))
            }
            #expect(sectionURLs.contains(base + "/topic/lighthouses"))

            #expect(try await browser.get("/sitemaps/stories-2.xml").status == .notFound)
            #expect(try await browser.get("/sitemaps/stories-x.xml").status == .notFound)
            #expect(try await browser.get("/sitemaps/other.xml").status == .notFound)
        }
    }

    @Test("the news sitemap holds only the last two days, with publication, date and title")
    func news() async throws {
        let site = try ReaderTestSite()
        var fresh = Fixtures.hostile
        fresh.publishedAt = Date().addingTimeInterval(-3600)
        let recent = try await site.publish(fresh)
        try await site.publish(Fixtures.lighthouse)  // 2008: far outside the window
        let page = try await site.withBrowser { try await $0.get("/sitemaps/news.xml") }
        let tree = try XMLTree(page.html)
        let urls = tree.root.all("url")
        #expect(urls.count == 1)
        let url = try #require(urls.first)
        #expect(url.text(of: "loc") == "\(base)/story/\(recent.slug)")
        let news = try #require(url.first("news:news"))
        #expect(news.first("news:publication")?.text(of: "news:name") == "Dateline")
        #expect(news.first("news:publication")?.text(of: "news:language") == "en")
        #expect(news.text(of: "news:title") == Fixtures.hostileHeadline)
        #expect(news.text(of: "news:publication_date") == recent.publishedAt?.ISO8601Format())
    }

    @Test("story sitemaps are paged by the page-size constant")
    func paging() {
        #expect(SitemapController.storyPage("stories-1.xml") == 1)
        #expect(SitemapController.storyPage("stories-12.xml") == 12)
        #expect(SitemapController.storyPage("stories-0.xml") == nil)
        #expect(SitemapController.storyPage("stories-.xml") == nil)
        #expect(SitemapController.storyPage("stories-1.xml.gz") == nil)
        #expect(SitemapController.storyPage("stories-99999999.xml") == nil)
        #expect(SitemapController.storiesPerSitemap <= 50_000)
    }
}
