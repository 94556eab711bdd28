import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

@Suite("Search page")
struct SearchControllerTests {
    /// A site holding the fixture stories, with the Kosovo-like lead among distractors.
    private func siteWithStories() async throws -> (ReaderTestSite, lighthouse: Story, fishing: Story) {
        let site = try ReaderTestSite()
        let lighthouse = try await site.publish(Fixtures.lighthouse)
        let fishing = try await site.publish(Fixtures.fishingFleet)
        try await site.publish(Fixtures.railTunnel)
        try await site.publish(Fixtures.bakery)
        try await site.publish(Fixtures.rowing)
        try await site.file(Fixtures.secretDraft)
        return (site, lighthouse, fishing)
    }

    private static func query(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    @Test("the best match comes first, with matched words marked and the page kept out of indexes")
    func results() async throws {
        let (site, lighthouse, _) = try await siteWithStories()
        let page = try await site.withBrowser { try await $0.get("/search?q=lighthouse+council") }
        #expect(page.status == .ok)
        let html = page.html
        let results = try #require(html.components(separatedBy: "class=\"story-list search-results\"").last)
        let firstLink = try #require(results.components(separatedBy: "href=\"/story/").dropFirst().first)
        #expect(firstLink.hasPrefix(lighthouse.slug.rawValue))
        #expect(html.contains("<mark>lighthouse</mark>"))
        #expect(html.contains("<mark>council</mark>"))
        #expect(html.contains("<meta name=\"robots\" content=\"noindex, follow\">"))
        #expect(html.contains("1 story matches."))
        #expect(!html.contains(Fixtures.secretDraft.headline))
        // The masthead box keeps the search.
        #expect(html.contains("name=\"q\" value=\"lighthouse council\""))
    }

    @Test("every page has a labelled search form in the masthead that works without script")
    func mastheadForm() async throws {
        let (site, lighthouse, _) = try await siteWithStories()
        let page = try await site.withBrowser { try await $0.get("/story/\(lighthouse.slug)") }
        #expect(
            page.html.contains("<form class=\"masthead-search\" role=\"search\" method=\"get\" action=\"/search\">"))
        #expect(
            page.html.contains("<label class=\"visually-hidden\" for=\"masthead-search-text\">Search stories</label>"))
    }

    @Test(
        "hostile input gives a page with results or a friendly message, never an error",
        arguments: [
            "\"unbalanced lighthouse", "*", "lighthouse*", "NEAR(", "NEAR(lighthouse council, 2)",
            "headline:lighthouse",
            "lighthouse)", "(", "\"", "-", "- -", "OR", "AND OR NOT", "-lighthouse", "NOT lighthouse",
            "\u{1}\u{7}lighthouse", "';DROP TABLE stories;--", "<script>alert(1)</script>", "{ } [ ] ^ : ~",
            String(repeating: "lighthouse council ", count: 600), String(repeating: "x", count: 10_000), "🙂",
            "%", "\u{2028}", "",
        ])
    func hostileQueries(text: String) async throws {
        let (site, _, _) = try await siteWithStories()
        let page = try await site.withBrowser { try await $0.get("/search?q=\(Self.query(text))") }
        #expect(page.status == .ok, "\(text.prefix(40)) gave \(page.status)")
        let html = page.html
        #expect(html.contains("class=\"story-list search-results\"") || html.contains("class=\"notice\""))
        #expect(!html.contains("<script>alert"))
    }

    @Test("the messages explain empty, exclusion-only, long and unmatched searches")
    func messages() async throws {
        let (site, _, _) = try await siteWithStories()
        try await site.withBrowser { browser async throws in
            #expect(try await browser.get("/search").html.contains("Type a word"))
            #expect(try await browser.get("/search?q=-lighthouse").html.contains("add a word to look for"))
            #expect(try await browser.get("/search?q=zeppelin").html.contains("No stories match"))
            let long = try await browser.get("/search?q=\(Self.query(String(repeating: "tide ", count: 100)))")
            #expect(long.html.contains("Try fewer words"))
        }
    }

    @Test("results page with links that keep the search and filters")
    func pagination() async throws {
        let site = try ReaderTestSite()
        for number in 1...23 { try await site.publish(Fixtures.filler(number)) }
        try await site.withBrowser { browser async throws in
            var seen: [String] = []
            var path: String? = "/search?q=tide&section=science"
            var pages = 0
            while let next = path {
                let page = try await browser.get(next)
                #expect(page.status == .ok)
                pages += 1
                let results = try #require(page.html.components(separatedBy: "search-results").last)
                seen += results.components(separatedBy: "<h2 class=\"summary-headline\"><a href=\"").dropFirst()
                    .compactMap { $0.split(separator: "\"").first.map(String.init) }
                path = page.links.first { $0.contains("page=") && page.html.contains("href=\"\($0)\" rel=\"next\"") }?
                    .replacingOccurrences(of: "&amp;", with: "&")
                #expect(pages < 10)
            }
            #expect(pages == 3)
            #expect(seen.count == 23)
            #expect(Set(seen).count == 23)
            let past = try await browser.get("/search?q=tide&page=9")
            #expect(past.status == .ok)
            #expect(past.html.contains("There is no page 9"))
        }
    }

    @Test("section and date filters narrow the results; bad filters are dropped with a note")
    func filters() async throws {
        let (site, lighthouse, fishing) = try await siteWithStories()
        try await site.withBrowser { browser async throws in
            let world = try await browser.get("/search?q=norland&section=world")
            #expect(world.html.contains("/story/\(lighthouse.slug)"))
            #expect(world.html.contains("/story/\(fishing.slug)"))
            #expect(!world.html.contains("rowing"))
            #expect(world.html.contains("<option value=\"world\" selected>World</option>"))
            let sports = try await browser.get("/search?q=norland&section=sports")
            #expect(!sports.html.contains("/story/\(lighthouse.slug)"))
            #expect(sports.html.contains("rowing"))

            let before = try await browser.get("/search?q=norland&to=2008-02-14")
            #expect(before.html.contains("No stories match"))
            let during = try await browser.get("/search?q=norland&from=2008-02-15&to=2008-02-15")
            #expect(during.html.contains("/story/\(lighthouse.slug)"))

            let bad = try await browser.get("/search?q=norland&section=nowhere&from=yesterday&to=2008-02-30")
            #expect(bad.status == .ok)
            #expect(bad.html.contains("There is no such section"))
            #expect(bad.html.contains("The start date was not a date"))
            #expect(bad.html.contains("The end date was not a date"))
            #expect(bad.html.contains("/story/\(lighthouse.slug)"))
        }
    }

    @Test("a hostile headline is escaped in results, marks and all")
    func escaping() async throws {
        let site = try ReaderTestSite()
        try await site.publish(Fixtures.hostile)
        let page = try await site.withBrowser { try await $0.get("/search?q=alert+script") }
        #expect(page.status == .ok)
        #expect(!page.html.contains("<script>alert"))
        #expect(page.html.contains("&lt;/<mark>script</mark>&gt;"))
    }

    @Test("past the ranked window the count reads as an estimate and says how to narrow it; below it, exact")
    func estimatedCount() {
        #expect(SearchController.countText(SearchResults(hits: [], total: 1)) == "1 story matches.")
        #expect(SearchController.countText(SearchResults(hits: [], total: 1_234)) == "1,234 stories match.")
        let many = SearchResults(hits: [], total: 48_000, isEstimate: true, reachable: 1_000)
        #expect(
            SearchController.countText(many)
                == "About 48,000 stories match; the best of the newest 1,000 are shown. Add a word or choose a "
                + "section to narrow the search.")
    }
}
