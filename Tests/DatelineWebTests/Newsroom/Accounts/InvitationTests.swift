import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Invitations by e-mail")
struct InvitationTests {
    static let password = "my own passphrase"

    static func invite(
        _ browser: inout Browser, token: String, email: String, name: String = "Nia New", role: String = "writer"
    ) async throws -> Page {
        try await browser.post(
            NewsroomPaths.invitations, form: [("csrf_token", token), ("email", email), ("name", name), ("role", role)])
    }

    static func accept(_ browser: inout Browser, path: String) async throws -> Page {
        let token = try await browser.anonymousToken(from: path)
        return try await browser.post(
            path, form: [("csrf_token", token), ("password", password), ("password_confirmation", password)])
    }

    @Test("an admin invites; the invitee sets a password from the mailed link, is signed in, and the link works once")
    func inviteAndAccept() async throws {
        let newsroom = try NewsroomTestSite(mail: true)
        let admin = try await newsroom.account(.admin)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(admin.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.users)
            let users = try await browser.get(NewsroomPaths.users)
            #expect(users.html.contains("Invite someone"))
            #expect(!users.html.contains("Add account"), "with mail, colleagues choose their own passwords")
            let sent = try await Self.invite(&browser, token: token, email: "nia@example.com", role: "editor")
            #expect(sent.status == .ok)
            #expect(sent.html.contains("Invitation sent to nia@example.com."))
            #expect(sent.html.contains("Revoke"))
            #expect(sent.html.contains("Send again"))

            let mail = try #require(try await newsroom.takeMail().first)
            #expect(mail.recipients.map(\.string) == ["nia@example.com"])
            let path = try NewsroomTestSite.link(in: mail, to: "/newsroom/invitations/")

            var invitee = Browser(client: browser.client)
            let form = try await invitee.get(path)
            #expect(form.status == .ok)
            #expect(form.html.contains("Welcome, Nia New."))
            let joined = try await Self.accept(&invitee, path: path)
            #expect(joined.status == .seeOther)
            #expect(joined.headers[.location] == NewsroomPaths.root)
            let home = try await invitee.get(NewsroomPaths.root)
            #expect(home.status == .ok)
            #expect(home.html.contains("Nia New (Editor)"))

            var stranger = Browser(client: browser.client)
            let used = try await stranger.get(path)
            #expect(used.status == .gone)
            #expect(used.html.contains("This invitation has been used"))
            #expect(try await Self.accept(&stranger, path: path).status == .gone)

            let after = try await browser.get(NewsroomPaths.users)
            #expect(after.html.contains("No invitations are open."))
            #expect(after.html.contains("nia@example.com"))
        }
    }

    @Test("inviting an address with an account, or without a name or role, is refused with a clear message")
    func refusals() async throws {
        let newsroom = try NewsroomTestSite(mail: true)
        let admin = try await newsroom.account(.admin)
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(admin.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.users)
            let taken = try await Self.invite(&browser, token: token, email: editor.email.uppercased())
            #expect(taken.status == .unprocessableContent)
            #expect(taken.html.contains("An account with this address exists."))
            let bad = try await Self.invite(&browser, token: token, email: "not-an-address", name: " ", role: "boss")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.html.contains("Choose a role."))
            #expect(bad.html.contains("Enter the person&#39;s name."))
            _ = try await Self.invite(&browser, token: token, email: "twice@example.com")
            let twice = try await Self.invite(&browser, token: token, email: "twice@example.com")
            #expect(twice.status == .unprocessableContent)
            #expect(twice.html.contains("send that one again instead"))
            let forged = try await browser.post(
                NewsroomPaths.invitations,
                form: [("csrf_token", "forged"), ("email", "f@example.com"), ("name", "F"), ("role", "writer")])
            #expect(forged.status == .forbidden)

            try await browser.signIn(editor.email)
            let editorToken = try await browser.newsroomToken()
            #expect(try await Self.invite(&browser, token: editorToken, email: "e@example.com").status == .forbidden)
            #expect(try await newsroom.takeMail().count == 1)
        }
    }

    @Test("an expired link says so; sending again replaces the link; a revoked invitation says it was withdrawn")
    func expireResendRevoke() async throws {
        let newsroom = try NewsroomTestSite(mail: true)
        let admin = try await newsroom.account(.admin)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(admin.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.users)
            _ = try await Self.invite(&browser, token: token, email: "late@example.com")
            let first = try NewsroomTestSite.link(
                in: try #require(try await newsroom.takeMail().first), to: "/newsroom/invitations/")
            let invitation = try #require(try await newsroom.store.openInvitations().first)

            newsroom.clock.advance(7 * 86_400 + 1)
            var invitee = Browser(client: browser.client)
            let expired = try await invitee.get(first)
            #expect(expired.status == .gone)
            #expect(expired.html.contains("This invitation has expired"))
            try await browser.signIn(admin.email)
            let freshToken = try await browser.newsroomToken(from: NewsroomPaths.users)
            #expect(try await browser.get(NewsroomPaths.users).html.contains("Expired "))

            let resent = try await browser.post(
                NewsroomPaths.invitation(invitation.id, "resend"), form: [("csrf_token", freshToken)])
            #expect(resent.status == .ok)
            #expect(resent.html.contains("Invitation sent again to late@example.com"))
            // The site's mail worker may have put the first message back in the outbox after its own
            // failed attempt, so look for the new link among everything waiting.
            let links = try await newsroom.takeMail().map {
                try NewsroomTestSite.link(in: $0, to: "/newsroom/invitations/")
            }
            let second = try #require(links.first { $0 != first }, "no new link in \(links)")
            #expect(try await invitee.get(first).status == .notFound, "the old link is replaced")
            #expect(try await invitee.get(second).status == .ok)

            let revoked = try await browser.post(
                NewsroomPaths.invitation(invitation.id, "revoke"), form: [("csrf_token", freshToken)])
            #expect(revoked.status == .seeOther)
            let withdrawn = try await invitee.get(second)
            #expect(withdrawn.status == .gone)
            #expect(withdrawn.html.contains("This invitation was withdrawn"))
            #expect(try await Self.accept(&invitee, path: second).status == .gone)
            #expect(try await newsroom.store.credentials(email: "late@example.com") == nil)
            let again = try await browser.post(
                NewsroomPaths.invitation(invitation.id, "revoke"), form: [("csrf_token", freshToken)])
            #expect(again.status == .notFound)
        }
    }

    @Test("without a mail server the accounts page keeps the add-with-password form and invitations are refused")
    func withoutMail() async throws {
        let newsroom = try NewsroomTestSite()
        let admin = try await newsroom.account(.admin)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(admin.email)
            let token = try await browser.newsroomToken(from: NewsroomPaths.users)
            let page = try await browser.get(NewsroomPaths.users)
            #expect(page.html.contains("Add account"))
            #expect(!page.html.contains("Invite someone"))
            let refused = try await Self.invite(&browser, token: token, email: "n@example.com")
            #expect(refused.status == .conflict)
            #expect(refused.html.contains("no mail server"))
        }
    }
}
