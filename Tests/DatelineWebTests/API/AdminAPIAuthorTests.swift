import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Admin API authors")
struct AdminAPIAuthorTests {
    @Test("editors add and change authors; stories take author keys in order and show them in both APIs")
    func authorsAndCredits() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        let editorToken = try await newsroom.token(for: editor)
        let writerToken = try await newsroom.token(for: writer)
        try await newsroom.withBrowser { browser in
            let jane = try await browser.api(
                .post, "/api/v1/admin/authors", token: editorToken,
                json: #"{"name": "Jane Arden", "bio": "Islands.", "user_id": \#(writer.id)}"#)
            #expect(jane.status == .created)
            let janeID = try #require(try jane.json()["id"] as? Int)
            #expect(jane.headers[.location] == "/api/v1/admin/authors/\(janeID)")
            #expect((try jane.json()["url"] as? String)?.hasSuffix("news.example.test/author/jane-arden") == true)
            let tom = try await browser.api(
                .post, "/api/v1/admin/authors", token: editorToken, json: #"{"name": "Tom Reyes"}"#)
            let tomID = try #require(try tom.json()["id"] as? Int)

            // Writers list authors but may not change them; clashes and bad fields are refused.
            let listed = try await browser.api(.get, "/api/v1/admin/authors", token: writerToken)
            #expect((try listed.json()["authors"] as? [[String: Any]])?.count == 2)
            let forbidden = try await browser.api(
                .post, "/api/v1/admin/authors", token: writerToken, json: #"{"name": "Someone"}"#)
            #expect(forbidden.status == .forbidden)
            let clash = try await browser.api(
                .put, "/api/v1/admin/authors/\(tomID)", token: editorToken, json: #"{"name": "Jane Arden"}"#)
            #expect(clash.status == .unprocessableContent)
            #expect(try clash.errorFields()["slug"] != nil)
            let unknownField = try await browser.api(
                .post, "/api/v1/admin/authors", token: editorToken, json: #"{"name": "X", "email": "x@example.com"}"#)
            #expect(try unknownField.errorFields()["email"] == "unknown field")
            #expect(
                try await browser.api(.get, "/api/v1/admin/authors/999", token: editorToken).status == .notFound)

            let created = try await browser.api(
                .post, "/api/v1/admin/stories", token: editorToken,
                json: storyJSON(extra: ["authors": [tomID, janeID], "seo_title": "Bridge opens"]))
            #expect(created.status == .created)
            let story = try created.json()
            let credits = try #require(story["authors"] as? [[String: Any]])
            #expect(credits.map { $0["id"] as? Int } == [tomID, janeID])
            #expect(credits.map { $0["slug"] as? String } == ["tom-reyes", "jane-arden"])
            #expect(story["byline"] as? String == "By Tom Reyes and Jane Arden")
            #expect(story["seo_title"] as? String == "Bridge opens")
            let badCredits = try await browser.api(
                .post, "/api/v1/admin/stories", token: editorToken, json: storyJSON(extra: ["authors": [tomID, true]]))
            #expect(try badCredits.errorFields()["authors"] != nil)
            let unknownCredit = try await browser.api(
                .post, "/api/v1/admin/stories", token: editorToken, json: storyJSON(extra: ["authors": [9_999]]))
            #expect(unknownCredit.status == .unprocessableContent)

            // The public API shows the credits once the story is live.
            let id = try #require(story["id"] as? Int)
            _ = try await browser.api(.post, "/api/v1/admin/stories/\(id)/publish", token: editorToken)
            let slug = try #require(story["slug"] as? String)
            let public_ = try await browser.api(.get, "/api/v1/stories/\(slug)")
            #expect(
                (try public_.json()["authors"] as? [[String: Any]])?.map { $0["name"] as? String } == [
                    "Tom Reyes", "Jane Arden",
                ])

            // Renaming through the API moves the address; the old one redirects on the site.
            let renamed = try await browser.api(
                .put, "/api/v1/admin/authors/\(janeID)", token: editorToken,
                json: #"{"name": "Jane Holt", "slug": "jane-holt", "bio": null, "user_id": null}"#)
            #expect(renamed.status == .ok)
            #expect(try renamed.json()["bio"] is NSNull)
            let old = try await browser.get("/author/jane-arden")
            #expect(old.status == .movedPermanently && old.headers[.location] == "/author/jane-holt")
        }
    }
}
