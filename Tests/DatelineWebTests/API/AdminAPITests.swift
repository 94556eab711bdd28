import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Admin API")
struct AdminAPITests {
    @Test("an editor creates, updates (with a revision), schedules, publishes and unpublishes")
    func editorWorkflow() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let token = try await newsroom.token(for: editor)
        try await newsroom.withBrowser { browser in
            let created = try await browser.api(.post, "/api/v1/admin/stories", token: token, json: storyJSON())
            #expect(created.status == .created)
            let story = try created.json()
            let id = Int64(try #require(story["id"] as? Int))
            #expect(story["status"] as? String == "draft")
            #expect(story["url"] is NSNull)
            #expect(created.headers[.location] == "/api/v1/admin/stories/\(id)")
            #expect(try await newsroom.store.owner(ofStory: id) == editor.id)
            #expect(created.headers[.eTag] == "\"r1\"")

            let updated = try await browser.api(
                .put, "/api/v1/admin/stories/\(id)", token: token,
                json: storyJSON(headline: "Harbour bridge opens early", extra: ["topics": ["Bridges"]]),
                headers: [.ifMatch: "\"r1\""])
            #expect(updated.status == .ok)
            #expect(updated.headers[.eTag] == "\"r2\"")
            #expect(try updated.json()["headline"] as? String == "Harbour bridge opens early")
            let revisions = try await browser.api(.get, "/api/v1/admin/stories/\(id)/revisions", token: token)
            #expect((try revisions.json()["revisions"] as? [Any])?.count == 2)

            let future = APIStoryJSON.date(newsroom.clock.now.addingTimeInterval(86_400))
            let scheduled = try await browser.api(
                .post, "/api/v1/admin/stories/\(id)/schedule", token: token, json: "{\"publish_at\": \"\(future)\"}")
            #expect(scheduled.status == .ok)
            #expect(try scheduled.json()["status"] as? String == "scheduled")
            let past = try await browser.api(
                .post, "/api/v1/admin/stories/\(id)/schedule", token: token,
                json: "{\"publish_at\": \"2001-01-01T00:00:00Z\"}")
            #expect(past.status == .unprocessableContent)
            #expect(try past.errorFields()["publish_at"] != nil)

            let published = try await browser.api(.post, "/api/v1/admin/stories/\(id)/publish", token: token)
            #expect(published.status == .ok)
            #expect(try published.json()["status"] as? String == "published")
            let again = try await browser.api(.post, "/api/v1/admin/stories/\(id)/publish", token: token)
            #expect(again.status == .conflict)
            #expect(try again.errorCode() == "conflict")
            let slug = try #require(try published.json()["slug"] as? String)
            #expect(try await browser.api(.get, "/api/v1/stories/\(slug)").status == .ok)

            let unpublished = try await browser.api(.post, "/api/v1/admin/stories/\(id)/unpublish", token: token)
            #expect(try unpublished.json()["status"] as? String == "unpublished")
            #expect(try await browser.api(.get, "/api/v1/stories/\(slug)").status == .notFound)

            let list = try await browser.api(.get, "/api/v1/admin/stories?status=unpublished", token: token)
            #expect((try list.json()["stories"] as? [Any])?.count == 1)
            #expect(try await newsroom.store.apiTokens(ofUser: editor.id).first?.lastUsedAt != nil)
        }
    }

    @Test("PUT needs If-Match: 428 without it, 412 on a stale or foreign tag, and nothing is written either way")
    func conditionalUpdates() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let token = try await newsroom.token(for: editor)
        try await newsroom.withBrowser { browser in
            let created = try await browser.api(.post, "/api/v1/admin/stories", token: token, json: storyJSON())
            let id = Int64(try #require(try created.json()["id"] as? Int))
            let path = "/api/v1/admin/stories/\(id)"
            let read = try await browser.api(.get, path, token: token)
            let tag = try #require(read.headers[.eTag])
            #expect(tag == "\"r1\"")

            let missing = try await browser.api(.put, path, token: token, json: storyJSON(headline: "No tag"))
            #expect(missing.status == .preconditionRequired)
            #expect(try missing.errorCode() == "if_match_required")
            for foreign in ["\"abc\"", "r1", "\"r0\""] {
                let refused = try await browser.api(
                    .put, path, token: token, json: storyJSON(headline: "Foreign tag"), headers: [.ifMatch: foreign])
                #expect(refused.status == .preconditionFailed, "\(foreign)")
            }

            let first = try await browser.api(
                .put, path, token: token, json: storyJSON(headline: "First client's headline"),
                headers: [.ifMatch: tag])
            #expect(first.status == .ok)
            let second = try await browser.api(
                .put, path, token: token, json: storyJSON(headline: "Second client's headline"),
                headers: [.ifMatch: tag])
            #expect(second.status == .preconditionFailed)
            #expect(try second.errorCode() == "stale_revision")
            #expect(try await newsroom.store.story(id: id)?.headline == "First client's headline")
            #expect(try await newsroom.store.revisions(ofStory: id).count == 2)

            let forced = try await browser.api(
                .put, path, token: token, json: storyJSON(headline: "Saved over any version"),
                headers: [.ifMatch: "*"])
            #expect(forced.status == .ok)
            #expect(forced.headers[.eTag] == "\"r3\"")
        }
    }

    @Test("a contributor cannot publish; a writer cannot see or edit others' stories")
    func rolePermissions() async throws {
        let newsroom = try NewsroomTestSite()
        let contributor = try await newsroom.account(.contributor)
        let writer = try await newsroom.account(.writer)
        let other = try await newsroom.account(.writer)
        let contributorToken = try await newsroom.token(for: contributor)
        let writerToken = try await newsroom.token(for: writer)
        let othersStory = try await newsroom.store.createStory(
            StoryDraft(headline: "Someone else's story", section: "World", body: ["Text."]), status: .draft,
            author: other.id)
        try await newsroom.withBrowser { browser in
            let created = try await browser.api(
                .post, "/api/v1/admin/stories", token: contributorToken, json: storyJSON())
            let id = Int64(try #require(try created.json()["id"] as? Int))
            let publish = try await browser.api(.post, "/api/v1/admin/stories/\(id)/publish", token: contributorToken)
            #expect(publish.status == .forbidden)
            #expect(try publish.errorCode() == "forbidden")
            let schedule = try await browser.api(
                .post, "/api/v1/admin/stories/\(id)/schedule", token: contributorToken,
                json: "{\"publish_at\": \"2100-01-01T00:00:00Z\"}")
            #expect(schedule.status == .forbidden)

            let edit = try await browser.api(
                .put, "/api/v1/admin/stories/\(othersStory.id)", token: writerToken, json: storyJSON(),
                headers: [.ifMatch: "*"])
            #expect(edit.status == .forbidden)
            let view = try await browser.api(.get, "/api/v1/admin/stories/\(othersStory.id)", token: writerToken)
            #expect(view.status == .forbidden)
            let list = try await browser.api(.get, "/api/v1/admin/stories", token: writerToken)
            #expect((try list.json()["stories"] as? [Any])?.count == 0, "a writer lists only their own")
            #expect(try await newsroom.store.story(id: othersStory.id)?.headline == "Someone else's story")
        }
    }

    @Test("missing, wrong, revoked and orphaned tokens are 401 with WWW-Authenticate; cookies are refused")
    func authentication() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let doomed = try await newsroom.account(.editor)
        let token = try await newsroom.token(for: editor)
        let orphan = try await newsroom.token(for: doomed)
        try await newsroom.withBrowser { browser in
            let none = try await browser.api(.get, "/api/v1/admin/stories")
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(try none.errorCode() == "token_missing")
            let wrong = try await browser.api(
                .get, "/api/v1/admin/stories", token: "dl_" + String(repeating: "A", count: 43))
            #expect(wrong.status == .unauthorized)
            #expect(try wrong.errorCode() == "token_invalid")

            var cookie = HTTPFields()
            cookie[.cookie] = "\(NewsroomCookies.sessionName)=whatever"
            let byCookie = try await browser.api(.get, "/api/v1/admin/stories", headers: cookie)
            #expect(byCookie.status == .unauthorized)
            #expect(try byCookie.errorCode() == "session_cookie_refused")

            #expect(try await browser.api(.get, "/api/v1/admin/stories", token: token).status == .ok)
            let stored = try #require(try await newsroom.store.apiTokens(ofUser: editor.id).first)
            try await newsroom.store.revokeAPIToken(id: stored.id, ofUser: editor.id)
            #expect(try await browser.api(.get, "/api/v1/admin/stories", token: token).status == .unauthorized)

            #expect(try await browser.api(.get, "/api/v1/admin/stories", token: orphan).status == .ok)
            try await newsroom.deleteAccount(doomed.id)
            #expect(try await browser.api(.get, "/api/v1/admin/stories", token: orphan).status == .unauthorized)
        }
    }

    @Test("failed token checks from one address are throttled with 429")
    func throttling() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let token = try await newsroom.token(for: editor)
        try await newsroom.withBrowser { browser in
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.7"
            let limit = NewsroomConfiguration().addressFailureLimit
            for _ in 0..<limit {
                let refused = try await browser.api(.get, "/api/v1/admin/stories", token: "dl_wrong", headers: headers)
                #expect(refused.status == .unauthorized)
            }
            let throttled = try await browser.api(.get, "/api/v1/admin/stories", token: token, headers: headers)
            #expect(throttled.status == .tooManyRequests)
            #expect(try throttled.errorCode() == "too_many_failures")
            #expect(try await browser.api(.get, "/api/v1/admin/stories", token: token).status == .ok, "other addresses")
        }
    }

    @Test("validation is 422 with fields; malformed JSON 400; wrong type 415; oversized 413")
    func badBodies() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let token = try await newsroom.token(for: editor)
        try await newsroom.withBrowser { browser in
            let invalid = try await browser.api(
                .post, "/api/v1/admin/stories", token: token, json: storyJSON(headline: "   ", body: []))
            #expect(invalid.status == .unprocessableContent)
            #expect(try invalid.errorCode() == "validation_failed")
            let fields = try invalid.errorFields()
            #expect(fields["headline"] != nil)
            #expect(fields["body"] != nil)

            let typed = try await browser.api(
                .post, "/api/v1/admin/stories", token: token, json: "{\"headline\": 5, \"surprise\": true}")
            #expect(typed.status == .unprocessableContent)
            #expect(Set(try typed.errorFields().keys) == ["headline", "surprise", "section", "body"])

            let malformed = try await browser.api(.post, "/api/v1/admin/stories", token: token, json: "{\"headline\": ")
            #expect(malformed.status == .badRequest)
            #expect(try malformed.errorCode() == "malformed_json")
            let array = try await browser.api(.post, "/api/v1/admin/stories", token: token, json: "[1, 2]")
            #expect(array.status == .badRequest)

            let form = try await browser.api(
                .post, "/api/v1/admin/stories", token: token, json: "headline=x",
                contentType: "application/x-www-form-urlencoded")
            #expect(form.status == .unsupportedMediaType)
            #expect(try form.errorCode() == "unsupported_media_type")

            let huge = storyJSON(body: [String(repeating: "a", count: APILimits.bodyBytes + 10)])
            let tooLarge = try await browser.api(.post, "/api/v1/admin/stories", token: token, json: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try tooLarge.errorCode() == "body_too_large")

            #expect(try await browser.api(.get, "/api/v1/admin/stories/abc", token: token).status == .notFound)
            #expect(try await browser.api(.get, "/api/v1/admin/stories/999", token: token).status == .notFound)
            #expect(
                try await browser.api(.get, "/api/v1/admin/stories?status=lost", token: token).status == .badRequest)
        }
    }

    @Test("hostile text is stored as text and comes back JSON-escaped; body_html is sanitised")
    func hostileInput() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let token = try await newsroom.token(for: editor)
        try await newsroom.withBrowser { browser in
            let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
            let created = try await browser.api(
                .post, "/api/v1/admin/stories", token: token,
                json: storyJSON(headline: "Headline " + payload, body: ["Body " + payload, "[x](javascript:alert(3))"]))
            #expect(created.status == .created)
            let json = try created.json()
            #expect(json["headline"] as? String == "Headline " + payload)
            let html = try #require(json["body_html"] as? String)
            #expect(!html.contains("<script"))
            #expect(!html.contains("onerror"))
            #expect(!html.contains("javascript:"))
        }
    }
}
