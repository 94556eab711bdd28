import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Changing one's password and an admin turning off a colleague's two-factor sign-in")
struct AccountPasswordTests {
    static let newPassword = "a brand new passphrase"

    @Test("the current password is required; a change signs out every other session and keeps this one")
    func changePassword() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            var laptop = Browser(client: browser.client)
            try await laptop.signIn(writer.email, from: "192.0.2.7")
            #expect(try await laptop.get(NewsroomPaths.root).status == .ok)

            try await browser.signIn(writer.email)
            let page = try await browser.get(AccountPasswordController.path)
            #expect(page.status == .ok)
            #expect(page.html.contains("Change your password"))
            let token = try #require(page.formToken)

            let wrong = try await browser.post(
                AccountPasswordController.path,
                form: [
                    ("csrf_token", token), ("current_password", "not it at all"), ("password", Self.newPassword),
                    ("password_confirmation", Self.newPassword),
                ])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.html.contains("That is not your current password"))
            let mismatch = try await browser.post(
                AccountPasswordController.path,
                form: [
                    ("csrf_token", token), ("current_password", NewsroomTestSite.password),
                    ("password", Self.newPassword), ("password_confirmation", "something else entirely"),
                ])
            #expect(mismatch.status == .unprocessableContent)
            #expect(mismatch.html.contains("The two new passwords differ."))
            let forged = try await browser.post(
                AccountPasswordController.path,
                form: [
                    ("csrf_token", "forged"), ("current_password", NewsroomTestSite.password),
                    ("password", Self.newPassword), ("password_confirmation", Self.newPassword),
                ])
            #expect(forged.status != .ok)
            // None of those changed anything: the old password still signs in.
            var check = Browser(client: browser.client)
            #expect(try await check.signIn(writer.email, from: "192.0.2.8").headers[.location] == NewsroomPaths.root)

            let changed = try await browser.post(
                AccountPasswordController.path,
                form: [
                    ("csrf_token", token), ("current_password", NewsroomTestSite.password),
                    ("password", Self.newPassword), ("password_confirmation", Self.newPassword),
                ])
            #expect(changed.status == .ok)
            #expect(changed.html.contains("Your password is changed"))
            #expect(try await browser.get(NewsroomPaths.root).status == .ok, "this browser stays signed in")
            #expect(try await laptop.get(NewsroomPaths.root).status == .seeOther, "the other session has ended")

            var fresh = Browser(client: browser.client)
            let old = try await fresh.signIn(writer.email, from: "192.0.2.9")
            #expect(old.headers[.location] != NewsroomPaths.root)
            let new = try await fresh.signIn(writer.email, password: Self.newPassword, from: "192.0.2.9")
            #expect(new.headers[.location] == NewsroomPaths.root)
        }
    }

    @Test("wrong current passwords count as failed sign-ins and are throttled")
    func throttled() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken(from: AccountPasswordController.path)
            var last: Page?
            for attempt in 0..<(newsroom.site.configuration.newsroom.accountFailureLimit + 1) {
                last = try await browser.post(
                    AccountPasswordController.path,
                    form: [
                        ("csrf_token", token), ("current_password", "guess number \(attempt)"),
                        ("password", Self.newPassword), ("password_confirmation", Self.newPassword),
                    ])
            }
            let refused = try #require(last)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("Too many wrong passwords"))
            // Even the right password is refused while throttled.
            let right = try await browser.post(
                AccountPasswordController.path,
                form: [
                    ("csrf_token", token), ("current_password", NewsroomTestSite.password),
                    ("password", Self.newPassword), ("password_confirmation", Self.newPassword),
                ])
            #expect(right.html.contains("Too many wrong passwords"))
        }
    }

    @Test("an admin turns off a colleague's two-factor sign-in; not their own, and not as an editor")
    func adminResetsTwoFactor() async throws {
        let newsroom = try NewsroomTestSite()
        let admin = try await newsroom.account(.admin)
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            _ = try await TwoFactorSignInTests.turnOn(&browser, clock: newsroom.clock)
            #expect(try await newsroom.store.twoFactor(userID: writer.id)?.isEnabled == true)
            let resetPath = "\(NewsroomPaths.users)/\(writer.id)/two-factor/reset"

            try await browser.signIn(editor.email)
            let editorToken = try await browser.newsroomToken()
            let notAllowed = try await browser.post(resetPath, form: [("csrf_token", editorToken)])
            #expect(notAllowed.status == .forbidden)
            #expect(try await newsroom.store.twoFactor(userID: writer.id)?.isEnabled == true)

            try await browser.signIn(admin.email)
            let users = try await browser.get(NewsroomPaths.users)
            #expect(users.html.contains("Turn off two-factor sign-in for \(writer.name)"))
            let token = try #require(users.formToken)
            let own = try await browser.post(
                "\(NewsroomPaths.users)/\(admin.id)/two-factor/reset", form: [("csrf_token", token)])
            #expect(own.status == .conflict)
            let done = try await browser.post(resetPath, form: [("csrf_token", token)])
            #expect(done.status == .seeOther)
            #expect(try await newsroom.store.twoFactor(userID: writer.id) == nil)

            browser.forgetCookies()
            #expect(try await browser.signIn(writer.email).headers[.location] == NewsroomPaths.root)
        }
    }
}
