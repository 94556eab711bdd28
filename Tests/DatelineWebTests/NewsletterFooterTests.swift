import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// The footer's newsletter form shows only when readers can subscribe: mail is configured and at
/// least one list exists. A page's ETag follows it, so a browser's copy without the form is not
/// revalidated as current once a list is added.
@Suite("Newsletter footer")
struct NewsletterFooterTests {
    @Test("with mail but no list the footer offers nothing; a list brings the form; deleting it removes it")
    func followsLists() async throws {
        let site = try EmailStoryControllerTests.mailSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let pages = ["/", "/story/\(story.slug)", "/section/world", "/corrections"]
        let before = try await site.withBrowser { browser in
            var tags: [String] = []
            for path in pages {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.html.contains("class=\"newsletter-signup\""), "\(path) offers a form with no list")
                #expect(!page.html.contains("<a href=\"/newsletters\">Newsletters</a>"), "\(path)")
                tags.append(page.headers[.eTag] ?? "")
            }
            return tags
        }
        let list = try await NewsletterControllerTests.briefing(site)
        try await site.withBrowser { browser in
            for (path, oldTag) in zip(pages, before) {
                var headers = HTTPFields()
                headers[.ifNoneMatch] = oldTag
                let page = try await browser.get(path, headers: headers)
                #expect(page.status == .ok, "\(path): the copy without the form must not be current")
                #expect(page.html.contains("class=\"newsletter-signup\""), "\(path)")
                #expect(page.html.contains("<a href=\"/newsletters\">Newsletters</a>"), "\(path)")
            }
        }
        try await site.store.deleteNewsletter(id: list.id)
        try await site.withBrowser { browser in
            let page = try await browser.get("/")
            #expect(!page.html.contains("class=\"newsletter-signup\""))
        }
    }

    @Test("without mail a list alone does not bring the form")
    func needsMail() async throws {
        let site = try ReaderTestSite()
        _ = try await NewsletterControllerTests.briefing(site)
        try await site.withBrowser { browser in
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(!page.html.contains("class=\"newsletter-signup\""))
        }
    }
}
