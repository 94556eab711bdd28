import DatelineCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import DatelineWeb

@Suite("Font preference")
struct FontPreferenceControllerTests {
    /// Loads a story page and returns its path and the form token on it.
    private func openStory(_ browser: inout Browser, site: ReaderTestSite) async throws -> (String, String) {
        let story = try await site.publish(Fixtures.lighthouse)
        let path = "/story/\(story.slug)"
        let page = try await browser.get(path)
        return (path, try #require(page.formToken))
    }

    @Test("Enlarge font sets the cookie, redirects back, and every page then renders larger")
    func enlargePersists() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let (path, token) = try await openStory(&browser, site: site)
            let response = try await browser.post(
                "/preferences/font", form: [("csrf_token", token), ("change", "enlarge"), ("return_to", path)])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == path)
            #expect(browser.cookies[ReaderCookies.fontName] == "1")
            let setCookie = response.headers[values: .setCookie].first { $0.hasPrefix("dateline_font=") } ?? ""
            #expect(setCookie.contains("Path=/"))
            #expect(setCookie.localizedCaseInsensitiveContains("SameSite=Lax"))

            let story = try await browser.get(path)
            #expect(story.html.contains("<html lang=\"en\" class=\"font-step-1\" data-font-step=\"1\">"))
            let home = try await browser.get("/")
            #expect(home.html.contains("class=\"font-step-1\""))
        }
    }

    @Test("Decrease font stops at the smallest step and disables its button there")
    func decreaseClamps() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let (path, token) = try await openStory(&browser, site: site)
            for _ in 0..<5 {
                try await browser.post(
                    "/preferences/font", form: [("csrf_token", token), ("change", "decrease"), ("return_to", path)])
            }
            #expect(browser.cookies[ReaderCookies.fontName] == String(FontStep.smallest))
            let page = try await browser.get(path)
            #expect(page.html.contains("class=\"font-step-minus-2\""))
            #expect(page.html.contains("title=\"Decrease font\" disabled"))
            #expect(!page.html.contains("title=\"Enlarge font\" disabled"))
        }
    }

    @Test("a tampered font cookie falls back to the default size")
    func tamperedCookie() async throws {
        let site = try ReaderTestSite(configuration: WebConfiguration(defaultFontStep: 2))
        try await site.withBrowser { browser in
            let story = try await site.publish(Fixtures.lighthouse)
            browser.setCookie(ReaderCookies.fontName, "99")
            #expect(try await browser.get("/story/\(story.slug)").html.contains("class=\"font-step-2\""))
            browser.setCookie(ReaderCookies.fontName, "-1")
            #expect(try await browser.get("/story/\(story.slug)").html.contains("class=\"font-step-minus-1\""))
        }
    }

    @Test(
        "off-site return paths are refused and change nothing",
        arguments: [
            "https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)",
            "/story/x\r\nSet-Cookie: a=b", "evil.example",
        ])
    func offSiteReturn(returnTo: String) async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let (_, token) = try await openStory(&browser, site: site)
            let response = try await browser.post(
                "/preferences/font", form: [("csrf_token", token), ("change", "enlarge"), ("return_to", returnTo)])
            #expect(response.status == .badRequest)
            #expect(response.headers[.location] == nil)
            #expect(browser.cookies[ReaderCookies.fontName] == nil)
        }
    }

    @Test("a post without the form token, or with a wrong one, is refused with 403 and changes nothing")
    func requiresToken() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let (path, token) = try await openStory(&browser, site: site)
            let missing = try await browser.post(
                "/preferences/font", form: [("change", "enlarge"), ("return_to", path)])
            #expect(missing.status == .forbidden)
            #expect(missing.html.contains("Reload the page"))
            var wrong = Array(token)
            wrong[0] = wrong[0] == "A" ? "B" : "A"
            let forged = try await browser.post(
                "/preferences/font", form: [("csrf_token", String(wrong)), ("change", "enlarge"), ("return_to", path)])
            #expect(forged.status == .forbidden)
            #expect(browser.cookies[ReaderCookies.fontName] == nil)

            // A cross-site post carries the form's token but not the reader's cookie.
            browser.setCookie(ReaderCookies.csrfName, nil)
            let crossSite = try await browser.post(
                "/preferences/font", form: [("csrf_token", token), ("change", "enlarge"), ("return_to", path)])
            #expect(crossSite.status == .forbidden)
            #expect(browser.cookies[ReaderCookies.fontName] == nil)
        }
    }

    @Test("the font address only takes POST; other form shapes are 400")
    func methodsAndShapes() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let (path, token) = try await openStory(&browser, site: site)
            let get = try await browser.get("/preferences/font")
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
            let unknown = try await browser.post(
                "/preferences/font", form: [("csrf_token", token), ("change", "huge"), ("return_to", path)])
            #expect(unknown.status == .badRequest)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            let json = try await browser.send(
                "/preferences/font", method: .post, headers: headers,
                body: ByteBuffer(string: "{\"change\":\"enlarge\"}"))
            #expect(json.status == .badRequest)
            #expect(browser.cookies[ReaderCookies.fontName] == nil)
        }
    }

    @Test("an oversized form is refused with 413")
    func oversized() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let (path, token) = try await openStory(&browser, site: site)
            let response = try await browser.post(
                "/preferences/font",
                form: [
                    ("csrf_token", token), ("change", "enlarge"), ("return_to", path),
                    ("padding", String(repeating: "x", count: 40_000)),
                ])
            #expect(response.status == .contentTooLarge)
            #expect(browser.cookies[ReaderCookies.fontName] == nil)
        }
    }
}
