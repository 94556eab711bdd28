import DatelineCore
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import DatelineWeb

@Suite("Saved stories")
struct SavedStoriesControllerTests {
    @Test("Save adds a story to the list, the story page then offers Remove, and /saved lists it")
    func saveAndList() async throws {
        let site = try ReaderTestSite()
        let lead = try await site.publish(Fixtures.lighthouse)
        let bakery = try await site.publish(Fixtures.bakery)
        try await site.withBrowser { browser in
            let empty = try await browser.get("/saved")
            #expect(empty.status == .ok)
            #expect(empty.html.contains("You have not saved any stories yet."))

            for story in [lead, bakery] {
                let page = try await browser.get("/story/\(story.slug)")
                let token = try #require(page.formToken)
                let saved = try await browser.post(
                    "/saved",
                    form: [
                        ("csrf_token", token), ("slug", story.slug.rawValue), ("action", "save"),
                        ("return_to", "/story/\(story.slug)"),
                    ])
                #expect(saved.status == .seeOther)
                #expect(saved.headers[.location] == "/story/\(story.slug)")
            }
            // The offline worker's list: the reader's own stories, newest save first, never cached.
            let json = try await browser.get("/saved.json")
            #expect(json.status == .ok)
            #expect(json.headers[.cacheControl] == "private, no-store")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.html.utf8)) as? [String: Any])
            let urls = (object["stories"] as? [[String: String]])?.compactMap { $0["url"] }
            #expect(urls == ["/story/\(bakery.slug)", "/story/\(lead.slug)"])
            let worker = try await browser.get("/sw.js")
            #expect(worker.status == .ok)
            #expect(worker.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(worker.headers[.cacheControl] == "no-cache")
            #expect(worker.html.contains("/saved.json"))

            let storyPage = try await browser.get("/story/\(lead.slug)")
            #expect(storyPage.html.contains("name=\"action\" value=\"remove\""))
            #expect(storyPage.html.contains("Remove from saved"))
            #expect(
                storyPage.html.contains(
                    "Saved<span class=\"wide-only\"> stories</span> <span class=\"saved-count\">(2)</span>"))

            let list = try await browser.get("/saved")
            let newest = try #require(list.html.range(of: "href=\"/story/\(bakery.slug)\""))
            let older = try #require(list.html.range(of: "href=\"/story/\(lead.slug)\""))
            #expect(newest.lowerBound < older.lowerBound)
            #expect(list.count(of: "class=\"remove-form\"") == 2)
        }
    }

    @Test("Remove takes a story off the list")
    func remove() async throws {
        let site = try ReaderTestSite()
        let lead = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/story/\(lead.slug)").formToken)
            try await browser.post(
                "/saved", form: [("csrf_token", token), ("slug", lead.slug.rawValue), ("action", "save")])
            #expect(browser.cookies[ReaderCookies.savedName] == lead.slug.rawValue)
            let removed = try await browser.post(
                "/saved",
                form: [
                    ("csrf_token", token), ("slug", lead.slug.rawValue), ("action", "remove"), ("return_to", "/saved"),
                ])
            #expect(removed.status == .seeOther)
            #expect(removed.headers[.location] == "/saved")
            #expect(browser.cookies[ReaderCookies.savedName] == nil)
            #expect(try await browser.get("/saved").html.contains("You have not saved any stories yet."))
        }
    }

    @Test("saving needs the form token, a well-formed slug and a published story")
    func refusals() async throws {
        let site = try ReaderTestSite()
        let lead = try await site.publish(Fixtures.lighthouse)
        let draft = try await site.file(Fixtures.secretDraft)
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/story/\(lead.slug)").formToken)
            let noToken = try await browser.post("/saved", form: [("slug", lead.slug.rawValue), ("action", "save")])
            #expect(noToken.status == .forbidden)
            let badSlug = try await browser.post(
                "/saved", form: [("csrf_token", token), ("slug", "../etc/passwd"), ("action", "save")])
            #expect(badSlug.status == .badRequest)
            let unknown = try await browser.post(
                "/saved", form: [("csrf_token", token), ("slug", "no-such-story"), ("action", "save")])
            #expect(unknown.status == .notFound)
            let unpublished = try await browser.post(
                "/saved", form: [("csrf_token", token), ("slug", draft.slug.rawValue), ("action", "save")])
            #expect(unpublished.status == .notFound)
            let offSite = try await browser.post(
                "/saved",
                form: [
                    ("csrf_token", token), ("slug", lead.slug.rawValue), ("action", "save"),
                    ("return_to", "https://evil.example/"),
                ])
            #expect(offSite.status == .badRequest)
            #expect(browser.cookies[ReaderCookies.savedName] == nil)
        }
    }

    @Test("a damaged saved cookie keeps its valid slugs and drops the rest")
    func damagedCookie() async throws {
        let site = try ReaderTestSite()
        let lead = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            browser.setCookie(ReaderCookies.savedName, "\(lead.slug).BAD_SLUG.%3Cscript%3E.no-such-story")
            let list = try await browser.get("/saved")
            #expect(list.status == .ok)
            #expect(list.html.contains("href=\"/story/\(lead.slug)\""))
            #expect(list.html.contains("One saved story is no longer available"))
            #expect(!list.html.contains("BAD_SLUG"))
        }
    }

    @Test("saved list writes are refused with 405 for other methods")
    func methods() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let put = try await browser.send("/saved", method: .put, body: nil)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET, HEAD, POST")
        }
    }
}
