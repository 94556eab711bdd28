import DatelineCore
import DatelineIngest
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("The seed page, imported and served")
struct SeedStoryPageTests {
    @Test(
        "the imported seed renders with its headline, highlights, dateline, section and All About links",
        .enabled(if: SharedData.isAvailable, "needs ../shared/seed (evaluation data) beside the repository"))
    func seedPage() async throws {
        let site = try ReaderTestSite()
        let collected = try #require(PageCollector().collect([SharedData.seedPage.path]).first)
        let draft = try collected.result.get()
        let story = try await site.store.importStory(draft).story
        let page = try await site.withBrowser { try await $0.get("/story/\(story.slug)") }
        let html = page.html
        #expect(page.status == .ok)
        #expect(html.contains(">Serbia defiant as Kosovo breakaway looms</h1>"))
        #expect(html.contains("<li>Serbia tells U.N. it will never recognize an independent Kosovo</li>"))
        #expect(html.contains("<strong class=\"dateline\">(CNN) --</strong> Serbia defiantly told the United Nations"))
        #expect(html.contains("<a href=\"/section/world\">World</a>"))
        for (name, slug) in [("Kosovo", "kosovo"), ("Serbia", "serbia"), ("Hashim Thaci", "hashim-thaci")] {
            #expect(html.contains("<a href=\"/topic/\(slug)\">\(name)</a>"))
        }
        #expect(html.contains("That&#39;s not true, that&#39;s a lie,&quot; he said."))
        #expect(!html.localizedCaseInsensitiveContains("e-mail to a friend"))
    }
}
