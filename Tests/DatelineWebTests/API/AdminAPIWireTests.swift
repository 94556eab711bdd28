import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// The admin API's wire queue and sources: the queue as `/newsroom/wire` shows it, an item in
/// full, "Take as draft" with its credit line, and the sources for editors.
@Suite("Admin API wire")
struct AdminAPIWireTests {
    @Test("the queue lists and filters items, an item reads in full, Take as draft makes a credited draft")
    func queueAndTake() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.token(for: try await newsroom.account(.writer))
        let now = newsroom.clock.now
        let first = try await newsroom.store.receiveWireItem(
            WireControllerTests.item("a", source: "Harbour Wire", headline: "Ferry crews <strike>"),
            now: now.addingTimeInterval(-60), lifetime: 3_600
        ).item
        let copy = try await newsroom.store.receiveWireItem(
            WireControllerTests.item(
                "b", source: "River Press", headline: "Islands cut off",
                body: Array(WireControllerTests.body.reversed())),
            now: now, lifetime: 3_600
        ).item
        try await newsroom.withBrowser { browser in
            #expect(try await browser.api(.get, "/api/v1/admin/wire").status == .unauthorized)
            let listed = try await browser.api(.get, "/api/v1/admin/wire", token: writer)
            #expect(listed.status == .ok && listed.headers[.cacheControl] == "no-store")
            let items = try #require(try listed.json()["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["id"] as? Int } == [Int(copy.id), Int(first.id)])
            #expect(items.last?["headline"] as? String == "Ferry crews <strike>")
            #expect(items.first?["duplicate_of"] as? Int == Int(first.id) && items.last?["duplicate_of"] is NSNull)
            #expect(items.first?["body"] == nil)

            let filtered = try await browser.api(
                .get, "/api/v1/admin/wire?source=Harbour%20Wire&limit=5", token: writer)
            #expect(
                (try filtered.json()["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [Int(first.id)])
            for query in [
                "limit=0", "limit=201", "limit=x", "source=a&source=b", "q=" + String(repeating: "w", count: 201),
            ] {
                let refused = try await browser.api(.get, "/api/v1/admin/wire?\(query)", token: writer)
                #expect(try refused.status == .badRequest && refused.errorCode() == "bad_query", "\(query)")
            }

            let shown = try await browser.api(.get, "/api/v1/admin/wire/\(first.id)", token: writer)
            let item = try shown.json()
            #expect(item["body"] as? [String] == WireControllerTests.body)
            #expect(item["origin"] as? String == "agency/a.json" && item["source"] as? String == "Harbour Wire")
            #expect((item["subjects"] as? [[String: Any]])?.first?["code"] as? String == "medtop:20000630")
            #expect(try await browser.api(.get, "/api/v1/admin/wire/999999", token: writer).status == .notFound)
            #expect(try await browser.api(.get, "/api/v1/admin/wire/nope", token: writer).status == .notFound)

            let unknown = try await browser.api(
                .post, "/api/v1/admin/wire/\(first.id)/take", token: writer, json: #"{"sectoin": "World"}"#)
            #expect(
                try unknown.status == .unprocessableContent && unknown.errorFields() == ["sectoin": "unknown field"])
            let taken = try await browser.api(
                .post, "/api/v1/admin/wire/\(first.id)/take", token: writer, json: #"{"section": "World"}"#)
            #expect(taken.status == .created)
            let story = try taken.json()
            let storyID = try #require(story["id"] as? Int)
            #expect(taken.headers[.location] == "/api/v1/admin/stories/\(storyID)")
            #expect(story["status"] as? String == "draft" && story["headline"] as? String == "Ferry crews <strike>")
            #expect((story["body"] as? [String])?.last == "Source: Harbour Wire", "\(story)")
            let after = try await browser.api(.get, "/api/v1/admin/wire/\(first.id)", token: writer)
            #expect(try after.json()["story_id"] as? Int == storyID)
            let gone = try await browser.api(
                .post, "/api/v1/admin/wire/999999/take", token: writer, json: "{}")
            #expect(gone.status == .notFound)
        }
    }

    @Test("editors read, follow, pause, resume and drop sources under the rules of sources add; writers may not")
    func sources() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.token(for: try await newsroom.account(.editor))
        let writer = try await newsroom.token(for: try await newsroom.account(.writer))
        let source = try await newsroom.store.addFeedSource(
            NewFeedSource(url: "https://wire.example/feed.xml", section: "World", intervalMinutes: 10),
            now: newsroom.clock.now)
        try await newsroom.withBrowser { browser in
            #expect(try await browser.api(.get, "/api/v1/admin/sources", token: writer).status == .forbidden)
            let listed = try await browser.api(.get, "/api/v1/admin/sources", token: editor)
            #expect(listed.status == .ok)
            let sources = try #require(try listed.json()["sources"] as? [[String: Any]])
            #expect(sources.count == 1)
            #expect(sources.first?["id"] as? Int == Int(source.id))
            #expect(sources.first?["url"] as? String == "https://wire.example/feed.xml")
            #expect(sources.first?["interval_minutes"] as? Int == 10 && sources.first?["paused"] as? Bool == false)
            #expect(sources.first?["last_result"] is NSNull && sources.first?["name"] is NSNull)

            // Following, pausing, resuming and dropping, under the rules of `sources add`.
            let body = #"{"url": "https://river.example/feed.json", "section": "Business", "interval_minutes": 30}"#
            #expect(
                try await browser.api(.post, "/api/v1/admin/sources", token: writer, json: body).status == .forbidden)
            let added = try await browser.api(.post, "/api/v1/admin/sources", token: editor, json: body)
            #expect(added.status == .created)
            let id = try #require(try added.json()["id"] as? Int)
            #expect(added.headers[.location] == "/api/v1/admin/sources/\(id)")
            #expect(
                try added.json()["interval_minutes"] as? Int == 30 && added.json()["allow_private"] as? Bool == false)
            let again = try await browser.api(.post, "/api/v1/admin/sources", token: editor, json: body)
            #expect(try again.status == .unprocessableContent && again.errorFields()["url"] != nil)
            for (json, field) in [
                (#"{"url": "ftp://river.example/feed"}"#, "url"),
                (#"{"url": "https://user:pw@river.example/feed"}"#, "url"),
                (#"{"url": "https://river.example/other", "interval_minutes": 0}"#, "interval_minutes"),
                (#"{"url": "https://river.example/other", "interval_minutes": true}"#, "interval_minutes"),
                (#"{"url": "https://river.example/other", "allow_private": true}"#, "allow_private"),
                (#"{"section": "World"}"#, "url"),
            ] {
                let refused = try await browser.api(.post, "/api/v1/admin/sources", token: editor, json: json)
                #expect(refused.status == .unprocessableContent, "\(json)")
                #expect(try refused.errorFields()[field] != nil, "\(json): \(refused.html)")
            }
            let paused = try await browser.api(.post, "/api/v1/admin/sources/\(id)/pause", token: editor)
            #expect(try paused.status == .ok && paused.json()["paused"] as? Bool == true)
            let resumed = try await browser.api(.post, "/api/v1/admin/sources/\(id)/resume", token: editor)
            #expect(try resumed.status == .ok && resumed.json()["paused"] as? Bool == false)
            #expect(try await browser.api(.delete, "/api/v1/admin/sources/\(id)", token: editor).status == .noContent)
            #expect(try await browser.api(.get, "/api/v1/admin/sources/\(id)", token: editor).status == .notFound)
            #expect(
                try await browser.api(.post, "/api/v1/admin/sources/\(id)/pause", token: editor).status == .notFound)
        }
    }
}
