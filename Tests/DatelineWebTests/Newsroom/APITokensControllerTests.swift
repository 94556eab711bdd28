import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom API tokens page")
struct APITokensControllerTests {
    @Test("any signed-in account creates a token, sees the secret once, uses it, and revokes it")
    func createUseRevoke() async throws {
        let newsroom = try NewsroomTestSite()
        let contributor = try await newsroom.account(.contributor)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(contributor.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.tokens)
            let listing = try await browser.get(NewsroomPaths.tokens)
            #expect(listing.html.contains("href=\"/newsroom/tokens\" aria-current=\"page\""))
            let created = try await browser.post(
                NewsroomPaths.tokens, form: [("csrf_token", token), ("name", "CMS <sync>")])
            #expect(created.status == .ok)
            #expect(created.html.contains("CMS &lt;sync&gt;"))
            let secret = try #require(created.hiddenInputValue(id: "new-token"))
            #expect(secret.hasPrefix("dl_"))
            #expect(secret.count == 46)
            let stored = try #require(try await newsroom.store.apiTokens(ofUser: contributor.id).first)
            #expect(stored.prefix == String(secret.prefix(8)))
            #expect(stored.name == "CMS <sync>")

            let again = try await browser.get(NewsroomPaths.tokens)
            #expect(!again.html.contains(secret), "the secret is shown once")
            #expect(again.html.contains(stored.prefix))

            let used = try await browser.api(.get, "/api/v1/admin/stories", token: secret)
            #expect(used.status == .ok)

            let revoked = try await browser.post(
                "\(NewsroomPaths.tokens)/\(stored.id)/revoke", form: [("csrf_token", token)])
            #expect(revoked.status == .seeOther)
            #expect(try await browser.api(.get, "/api/v1/admin/stories", token: secret).status == .unauthorized)
        }
    }

    @Test("forms need the session's token; a name is required; others' tokens cannot be revoked")
    func refusals() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        let other = try await newsroom.account(.editor)
        _ = try await newsroom.token(for: other)
        let othersToken = try #require(try await newsroom.store.apiTokens(ofUser: other.id).first)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.tokens)
            let forged = try await browser.post(NewsroomPaths.tokens, form: [("csrf_token", "nope"), ("name", "X")])
            #expect(forged.status == .forbidden)
            let unnamed = try await browser.post(NewsroomPaths.tokens, form: [("csrf_token", token), ("name", " ")])
            #expect(unnamed.status == .unprocessableContent)
            #expect(try await newsroom.store.apiTokens(ofUser: writer.id).isEmpty)
            let stolen = try await browser.post(
                "\(NewsroomPaths.tokens)/\(othersToken.id)/revoke", form: [("csrf_token", token)])
            #expect(stolen.status == .notFound)
            #expect(try await newsroom.store.apiTokens(ofUser: other.id).first?.revokedAt == nil)
        }
    }
}

extension Page {
    /// The value of the input with this id.
    func hiddenInputValue(id: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        let rest = html[start.upperBound...]
        guard let value = rest.range(of: "value=\"") else { return nil }
        let tail = rest[value.upperBound...]
        guard let end = tail.firstIndex(of: "\"") else { return nil }
        return String(tail[..<end])
    }
}
