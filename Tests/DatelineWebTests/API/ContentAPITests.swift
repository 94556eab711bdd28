import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Content API")
struct ContentAPITests {
    @Test("lists published stories newest first, filtered by section, topic and time, in pages")
    func listing() async throws {
        let site = try ReaderTestSite()
        try await site.publish(Fixtures.lighthouse)
        try await site.publish(Fixtures.fishingFleet)
        try await site.publish(Fixtures.railTunnel)
        var draft = Fixtures.lighthouse
        draft.headline = "Secret draft about the lighthouse"
        try await site.file(draft)
        try await site.withBrowser { browser in
            let all = try await browser.api(.get, "/api/v1/stories")
            #expect(all.status == .ok)
            #expect(all.isJSON)
            let body = try all.json()
            #expect(body["total"] as? Int == 3)
            #expect(body["page"] as? Int == 1)
            #expect(body["per_page"] as? Int == 20)
            #expect(body["next"] is NSNull)
            let stories = try #require(body["stories"] as? [[String: Any]])
            #expect(
                stories.map { $0["headline"] as? String } == [
                    Fixtures.lighthouse.headline, Fixtures.fishingFleet.headline, Fixtures.railTunnel.headline,
                ])
            let first = stories[0]
            #expect((first["url"] as? String)?.hasPrefix("https://news.example.test/story/") == true)
            #expect((first["section"] as? [String: Any])?["slug"] as? String == "world")
            #expect((first["dateline"] as? [String: Any])?["source"] as? String == "AP")
            #expect((first["topics"] as? [[String: Any]])?.map { $0["slug"] as? String } == ["norland", "lighthouses"])
            #expect((first["body"] as? [String])?.count == 6)
            #expect(first["published_at"] as? String == "2008-02-15T12:00:00Z")
            #expect(!all.html.contains("Secret draft"), "drafts never appear")

            let paged = try await browser.api(.get, "/api/v1/stories?per_page=2&topic=norland")
            let pageOne = try paged.json()
            #expect(pageOne["total"] as? Int == 2)
            #expect((pageOne["stories"] as? [Any])?.count == 2)
            #expect(pageOne["next"] is NSNull)
            let small = try await browser.api(.get, "/api/v1/stories?per_page=1&section=world").json()
            #expect(
                small["next"] as? String == "https://news.example.test/api/v1/stories?per_page=1&section=world&page=2")
            let second = try await browser.api(.get, "/api/v1/stories?per_page=1&section=world&page=3").json()
            #expect(
                (second["stories"] as? [[String: Any]])?.first?["headline"] as? String
                    == Fixtures.railTunnel.headline)
            let since = try await browser.api(.get, "/api/v1/stories?since=2008-02-15T11:30:00Z").json()
            #expect(since["total"] as? Int == 1)
            let before = try await browser.api(.get, "/api/v1/stories?before=2008-02-15T11:30:00%2B00:00").json()
            #expect(before["total"] as? Int == 2)
            #expect(try await browser.api(.get, "/api/v1/stories?section=nowhere").json()["total"] as? Int == 0)
        }
    }

    @Test("bad query values are 400s in JSON, naming the parameter")
    func badQueries() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            for query in [
                "per_page=0", "per_page=101", "page=0", "page=abc", "since=yesterday", "page=1&page=2",
                "page=99999999999999999999", "section=%zz",
            ] {
                let page = try await browser.api(.get, "/api/v1/stories?\(query)")
                #expect(page.status == .badRequest, "\(query)")
                #expect(try page.errorCode() == "bad_query", "\(query)")
            }
        }
    }

    @Test("one story by slug; drafts, scheduled and unpublished stories are 404")
    func single() async throws {
        let site = try ReaderTestSite()
        let live = try await site.publish(Fixtures.lighthouse)
        let draft = try await site.file(Fixtures.fishingFleet)
        let scheduled = try await site.store.create(Fixtures.railTunnel, status: .scheduled)
        try await site.withBrowser { browser in
            let page = try await browser.api(.get, "/api/v1/stories/\(live.slug.rawValue)")
            #expect(page.status == .ok)
            #expect(try page.json()["id"] as? Int == Int(live.id))
            for hidden in [draft, scheduled] {
                let refused = try await browser.api(.get, "/api/v1/stories/\(hidden.slug.rawValue)")
                #expect(refused.status == .notFound)
                #expect(try refused.errorCode() == "not_found")
            }
            _ = try await site.store.setStatus(id: live.id, to: .unpublished, publishedAt: nil)
            #expect(try await browser.api(.get, "/api/v1/stories/\(live.slug.rawValue)").status == .notFound)
            #expect(try await browser.api(.get, "/api/v1/stories").json()["total"] as? Int == 0)
        }
    }

    @Test("ETag, Last-Modified and shared caching; If-None-Match answers 304")
    func caching() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            for path in [
                "/api/v1/stories", "/api/v1/stories/\(story.slug.rawValue)", "/api/v1/sections",
                "/api/v1/topics", "/api/openapi.json",
            ] {
                let first = try await browser.api(.get, path)
                #expect(first.status == .ok, "\(path)")
                let tag = try #require(first.headers[.eTag], "\(path)")
                #expect(first.headers[.cacheControl]?.hasPrefix("public") == true, "\(path)")
                #expect(first.headers[.setCookie] == nil, "\(path): no cookies from the API")
                var headers = HTTPFields()
                headers[.ifNoneMatch] = tag
                let again = try await browser.api(.get, path, headers: headers)
                #expect(again.status == .notModified, "\(path)")
            }
            let listing = try await browser.api(.get, "/api/v1/stories")
            #expect(listing.headers[.lastModified] != nil)
        }
    }

    @Test("sections and topics")
    func sectionsAndTopics() async throws {
        let site = try ReaderTestSite()
        try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            let sections = try await browser.api(.get, "/api/v1/sections").json()["sections"] as? [[String: Any]]
            #expect(sections?.map { $0["slug"] as? String } == ["world"])
            let topics = try await browser.api(.get, "/api/v1/topics").json()["topics"] as? [[String: Any]]
            #expect(Set(topics?.compactMap { $0["slug"] as? String } ?? []) == ["norland", "lighthouses"])
        }
    }

    @Test("unknown API paths are JSON 404s and wrong methods JSON 405s with Allow, never HTML")
    func unknownRoutes() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let missing = try await browser.api(.get, "/api/v1/nothing-here")
            #expect(missing.status == .notFound)
            #expect(missing.isJSON)
            #expect(try missing.errorCode() == "not_found")
            let wrong = try await browser.api(.delete, "/api/v1/stories")
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.isJSON)
            #expect(wrong.headers[.allow] == "GET, HEAD")
            #expect(wrong.headers[.setCookie] == nil)
            let head = try await browser.api(.head, "/api/v1/admin/stories/1/publish")
            #expect(head.status == .methodNotAllowed)
            #expect(head.headers[.allow] == "POST")
            let trailing = try await browser.api(.get, "/api/v1/stories/")
            #expect(trailing.status == .notFound)
            #expect(trailing.isJSON)
            let reader = try await browser.get("/no-such-page")
            #expect(reader.headers[.contentType]?.hasPrefix("text/html") == true, "the reader site keeps its pages")
        }
    }

    @Test("hostile text comes back as JSON strings, and body_html is sanitised")
    func hostileText() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.hostile)
        try await site.withBrowser { browser in
            let page = try await browser.api(.get, "/api/v1/stories/\(story.slug.rawValue)")
            #expect(page.headers[.contentType] == "application/json; charset=utf-8")
            let json = try page.json()
            #expect(json["headline"] as? String == Fixtures.hostileHeadline)
            #expect(json["byline"] as? String == "By <img src=x onerror=alert(2)>")
            let html = try #require(json["body_html"] as? String)
            #expect(!html.contains("<script"))
            #expect(!html.contains("onerror"))
        }
    }
}
