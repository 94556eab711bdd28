import DatelineCore
import DatelineStore
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DatelineWeb

@Suite("HTTP caching")
struct CachePolicyTests {
    private static let shared = "public, max-age=60, s-maxage=300, stale-while-revalidate=600"

    @Test("the shared policy is fit for a CDN: short in browsers, longer at the edge, stale while refetching")
    func policyText() {
        #expect(CachePolicy.shared.cacheControl == Self.shared)
        #expect(CachePolicy.personal.cacheControl == "private, no-cache")
    }

    @Test(
        "a reader without cookies gets a shared page: no token, no cookie, validators set",
        arguments: ["/", "/section/world", "/topic/norland", "STORY", "STORY/print", "/search?q=lighthouse"])
    func anonymousPagesAreShared(path: String) async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let resolved = path.replacingOccurrences(of: "STORY", with: "/story/\(story.slug)")
        let page = try await site.withBrowser { browser in
            browser.forgetCookies()
            return try await browser.get(resolved)
        }
        #expect(page.status == .ok)
        #expect(page.headers[.cacheControl] == Self.shared)
        #expect(page.headers[.vary] == "Cookie")
        #expect(page.headers[.eTag] != nil)
        #expect(page.headers[.lastModified] == HTTPDate.format(story.updatedAt))
        #expect(page.headers[values: .setCookie].isEmpty)
        #expect(
            !page.html.contains("name=\"csrf_token\" value=\"") || page.html.contains("name=\"csrf_token\" value=\"\""))
    }

    @Test("a reader with cookies gets a private page with their token and no Last-Modified")
    func readerPagesArePrivate() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser async throws in
            browser.setCookie(ReaderCookies.fontName, "2")
            let page = try await browser.get("/story/\(story.slug)")
            #expect(page.headers[.cacheControl] == "private, no-cache")
            #expect(page.headers[.vary] == "Cookie")
            #expect(page.headers[.lastModified] == nil)
            let token = try #require(browser.cookies[ReaderCookies.csrfName])
            #expect(page.html.contains("name=\"csrf_token\" value=\"\(token)\""))
        }
    }

    @Test("If-None-Match and If-Modified-Since give 304s until the story changes")
    func conditionalRequests() async throws {
        let site = try ReaderTestSite()
        // Dated an hour back, so the edit below moves Last-Modified by whole seconds at once
        // (HTTP dates have no fractions) instead of the test waiting for the clock to tick over.
        let story = try await site.publishedAnHourAgo(Fixtures.lighthouse)
        let path = "/story/\(story.slug)"
        try await site.withBrowser { browser async throws in
            browser.forgetCookies()
            let first = try await browser.get(path)
            let tag = try #require(first.headers[.eTag])
            let lastModified = try #require(first.headers[.lastModified])

            let byTag = try await browser.get(path, headers: [.ifNoneMatch: tag])
            #expect(byTag.status == .notModified)
            #expect(byTag.headers[.eTag] == tag)
            #expect(byTag.headers[.cacheControl] == Self.shared)
            #expect(byTag.response.body.readableBytes == 0)
            let byDate = try await browser.get(path, headers: [.ifModifiedSince: lastModified])
            #expect(byDate.status == .notModified)
            let older = HTTPDate.format(story.updatedAt.addingTimeInterval(-3600))
            #expect(try await browser.get(path, headers: [.ifModifiedSince: older]).status == .ok)
            // If-None-Match wins over If-Modified-Since.
            let both = try await browser.get(
                path, headers: [.ifNoneMatch: "\"other\"", .ifModifiedSince: lastModified])
            #expect(both.status == .ok)

            var draft = story.draft
            draft.headline = "Island council sells lighthouse after all"
            let edited = try await site.store.update(id: story.id, with: draft)
            #expect(
                edited.updatedAt.timeIntervalSince(story.updatedAt) >= 3_000, "the edit did not move the story's time")

            let changed = try await browser.get(path, headers: [.ifNoneMatch: tag])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != tag)
            #expect(changed.html.contains("Island council sells lighthouse after all"))
            #expect(try await browser.get(path, headers: [.ifModifiedSince: lastModified]).status == .ok)
        }
    }

    @Test("feeds and sitemaps revalidate and change when a story does")
    func documents() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser async throws in
            for path in ["/feeds/rss.xml", "/feeds/atom.xml", "/section/world/rss.xml", "/sitemaps/stories-1.xml"] {
                let first = try await browser.get(path)
                let tag = try #require(first.headers[.eTag])
                #expect(try await browser.get(path, headers: [.ifNoneMatch: tag]).status == .notModified)
            }
            let before = try await browser.get("/feeds/rss.xml")
            var draft = story.draft
            draft.highlights = ["A new highlight after the vote"]
            _ = try await site.store.update(id: story.id, with: draft)
            let after = try await browser.get(
                "/feeds/rss.xml", headers: [.ifNoneMatch: try #require(before.headers[.eTag])])
            #expect(after.status == .ok)
            #expect(after.html.contains("A new highlight after the vote"))
        }
    }

    @Test("a form on a shared page works when the browser vouches it is same-origin, and not otherwise")
    func tokenlessForms() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let path = "/story/\(story.slug)"
        try await site.withBrowser { browser async throws in
            browser.forgetCookies()
            let page = try await browser.get(path)
            #expect(page.hiddenValue(named: "csrf_token") == "")
            let form = "csrf_token=&change=enlarge&return_to=\(path)"
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"

            var crossSite = headers
            crossSite[.secFetchSite] = "cross-site"
            let refused = try await browser.send(
                "/preferences/font", method: .post, headers: crossSite, body: ByteBuffer(string: form))
            #expect(refused.status == .forbidden)
            #expect(browser.cookies[ReaderCookies.fontName] == nil)

            var foreignOrigin = headers
            foreignOrigin[.origin] = "https://evil.example"
            let forged = try await browser.send(
                "/preferences/font", method: .post, headers: foreignOrigin, body: ByteBuffer(string: form))
            #expect(forged.status == .forbidden)

            var sameOrigin = headers
            sameOrigin[.secFetchSite] = "same-origin"
            let accepted = try await browser.send(
                "/preferences/font", method: .post, headers: sameOrigin, body: ByteBuffer(string: form))
            #expect(accepted.status == .seeOther)
            #expect(browser.cookies[ReaderCookies.fontName] == "1")

            var matchingOrigin = headers
            matchingOrigin[.origin] = "http://localhost"
            let byOrigin = try await browser.send(
                "/preferences/font", method: .post, headers: matchingOrigin, body: ByteBuffer(string: form))
            #expect(byOrigin.status == .seeOther)
            #expect(browser.cookies[ReaderCookies.fontName] == "2")
        }
    }

    @Test("HTTP dates format and parse as IMF-fixdate")
    func httpDates() throws {
        let date = Date(timeIntervalSince1970: 784_111_777)
        #expect(HTTPDate.format(date) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == date)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("garbage") == nil)
    }

    /// The arithmetic formatter against Foundation's calendar, on leap days, century years,
    /// dates before 1970, fractions of a second and thousands of random moments; and back again.
    @Test("HTTP dates agree with a calendar from 1800 to 2400")
    func httpDatesAgreeWithCalendar() {
        let reference = DateFormatter()
        reference.locale = Locale(identifier: "en_US_POSIX")
        reference.timeZone = TimeZone(identifier: "GMT")
        reference.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var moments: [Double] = [
            0, -1, -0.5, 59.999, 86_399, 86_400, 951_782_400, 951_868_800, 4_107_542_400, -2_208_988_800,
            -5_364_662_400, 1_709_164_800, 13_569_465_600 - 1,
        ]
        var generator = SystemRandomNumberGenerator()
        // Whole seconds: a formatter rounds a fraction to milliseconds first, HTTP dates drop it.
        for _ in 0..<5_000 {
            moments.append(Double(Int64.random(in: -5_364_662_400...13_569_465_599, using: &generator)))
        }
        for seconds in moments {
            let date = Date(timeIntervalSince1970: seconds)
            let text = HTTPDate.format(date)
            #expect(text == reference.string(from: date), "\(seconds)")
            #expect(HTTPDate.parse(text) == Date(timeIntervalSince1970: seconds.rounded(.down)), "\(seconds)")
        }
    }
}

extension ReaderTestSite {
    /// Publishes `draft` and moves its last change an hour into the past, as if it had been
    /// published then: the store dates every write with the real clock, and tests of `Last-Modified`
    /// need the next edit to land in a later second without waiting for one to pass.
    func publishedAnHourAgo(_ draft: StoryDraft) async throws -> Story {
        let story = try await publish(draft)
        let earlier = story.updatedAt.addingTimeInterval(-3_600)
        let database = try DatabaseQueue(path: store.path)
        try await database.write { db in
            try db.execute(sql: "UPDATE stories SET updated_at = ? WHERE id = ?", arguments: [earlier, story.id])
        }
        try database.close()
        return try #require(try await store.story(id: story.id))
    }
}
