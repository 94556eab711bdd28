import DatelineCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

@Suite("Error pages")
struct ErrorPageMiddlewareTests {
    private struct InternalFailure: Error, CustomStringConvertible {
        var description: String { "secret-table-name exploded at /srv/dateline/db.sqlite" }
    }

    @Test("an unknown address is a 404 page with a way home and the reader's text size")
    func unknownPath() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            browser.setCookie(ReaderCookies.fontName, "3")
            let page = try await browser.get("/no/such/page")
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.html.contains("<h1 class=\"page-heading\">Page not found</h1>"))
            #expect(page.html.contains("<a class=\"home-link\" href=\"/\">Go to the front page</a>"))
            #expect(page.html.contains("class=\"font-step-3\""))
            #expect(page.html.contains("Skip to main content"))
            #expect(page.html.contains("action=\"/search\""))
        }
    }

    @Test("an unexpected failure is a 500 page that leaks nothing")
    func internalError() async throws {
        let site = try ReaderTestSite()
        let readerSite = try makeReaderSite(configuration: site.configuration, store: site.store)
        let router = makeReaderRouter(site: readerSite)
        router.get("/explode") { _, _ -> Response in throw InternalFailure() }
        let app = Application(router: router, logger: ReaderTestSite.quietLogger)
        try await app.test(.router) { client in
            var browser = Browser(client: client)
            let page = try await browser.get("/explode")
            #expect(page.status == .internalServerError)
            #expect(page.html.contains("Something went wrong"))
            #expect(!page.html.contains("secret-table-name"))
            #expect(!page.html.contains("sqlite"))
            #expect(!page.html.contains("InternalFailure"))
            #expect(page.headers[.cacheControl] == "no-store")
        }
    }

    @Test("the expired-form page tells the reader to reload and hands out a fresh token")
    func expiredForm() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let page = try await browser.post("/preferences/font", form: [("change", "enlarge")])
            #expect(page.status == .forbidden)
            #expect(page.html.contains("reload"))
            #expect(browser.cookies[ReaderCookies.csrfName] != nil)
        }
    }
}
