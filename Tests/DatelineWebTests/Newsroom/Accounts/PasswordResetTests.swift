import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Password reset by e-mail")
struct PasswordResetTests {
    static let newPassword = "a brand new passphrase"

    @Test("forgot → mail → link sets a new password once, ends every session, and the old password stops working")
    func resetFlow() async throws {
        let newsroom = try NewsroomTestSite(mail: true)
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            var other = Browser(client: browser.client)
            try await other.signIn(writer.email, from: "192.0.2.9")
            #expect(try await other.get(NewsroomPaths.root).status == .ok)

            let login = try await browser.get(NewsroomPaths.login)
            #expect(login.html.contains("href=\"\(NewsroomPaths.forgotPassword)\""))
            let token = try await browser.anonymousToken(from: NewsroomPaths.forgotPassword)
            let asked = try await browser.post(
                NewsroomPaths.forgotPassword, form: [("csrf_token", token), ("email", " \(writer.email.uppercased())")])
            #expect(asked.status == .ok)
            #expect(asked.html.contains("If an account exists for that address, we&#39;ve sent a link"))

            let mails = try await newsroom.takeMail()
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            #expect(mail.recipients.map(\.string) == [writer.email])
            let path = try NewsroomTestSite.link(in: mail, to: "/newsroom/password/reset/")
            let secret = String(path.dropFirst("/newsroom/password/reset/".count))
            #expect(secret.count == 43)

            let form = try await browser.get(path)
            #expect(form.status == .ok)
            let formToken = try #require(form.formToken)
            let mismatched = try await browser.post(
                path,
                form: [
                    ("csrf_token", formToken), ("password", Self.newPassword), ("password_confirmation", "different"),
                ])
            #expect(mismatched.status == .unprocessableContent)
            #expect(mismatched.html.contains("The two passwords differ."))
            let short = try await browser.post(
                path, form: [("csrf_token", formToken), ("password", "short"), ("password_confirmation", "short")])
            #expect(short.status == .unprocessableContent)
            #expect(short.html.contains("use at least 10 characters"))

            let done = try await browser.post(
                path,
                form: [
                    ("csrf_token", formToken), ("password", Self.newPassword),
                    ("password_confirmation", Self.newPassword),
                ])
            #expect(done.status == .ok)
            #expect(done.html.contains("Your password is changed"))

            // The other browser's session has ended.
            #expect(try await other.get(NewsroomPaths.root).status == .seeOther)
            // The link worked once.
            let again = try await browser.get(path)
            #expect(again.status == .gone)
            #expect(again.html.contains("Ask for a new one"))
            let reused = try await browser.post(
                path,
                form: [
                    ("csrf_token", formToken), ("password", "yet another one!"),
                    ("password_confirmation", "yet another one!"),
                ])
            #expect(reused.status == .gone)

            #expect(try await browser.signIn(writer.email, from: "192.0.2.10").status == .unauthorized)
            #expect(
                try await browser.signIn(writer.email, password: Self.newPassword, from: "192.0.2.10").status
                    == .seeOther)
        }
    }

    @Test("known and unknown addresses get the same page, and only a known, active account gets mail")
    func noEnumeration() async throws {
        let newsroom = try NewsroomTestSite(mail: true)
        _ = try await newsroom.account(.admin)
        let writer = try await newsroom.account(.writer)
        let turnedOff = try await newsroom.account(.editor)
        _ = try await newsroom.store.setActive(false, userID: turnedOff.id, at: newsroom.clock.now)
        try await newsroom.withBrowser { browser in
            let token = try await browser.anonymousToken(from: NewsroomPaths.forgotPassword)
            var bodies: [String] = []
            for (index, email) in [writer.email, "nobody@example.com", turnedOff.email].enumerated() {
                let page = try await browser.post(
                    NewsroomPaths.forgotPassword, form: [("csrf_token", token), ("email", email)],
                    from: "192.0.2.\(20 + index)")
                #expect(page.status == .ok)
                bodies.append(page.html)
            }
            #expect(Set(bodies).count == 1, "the same answer whether or not the account exists")
            let mails = try await newsroom.takeMail()
            #expect(mails.flatMap(\.recipients).map(\.string) == [writer.email])
        }
    }

    @Test("an expired link gets a clear page; requests are limited per address (silently) and per client")
    func expiryAndLimits() async throws {
        let newsroom = try NewsroomTestSite(mail: true)
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            let token = try await browser.anonymousToken(from: NewsroomPaths.forgotPassword)
            for index in 0..<(PasswordResetController.perAddressLimit + 2) {
                let page = try await browser.post(
                    NewsroomPaths.forgotPassword, form: [("csrf_token", token), ("email", writer.email)],
                    from: "192.0.2.\(30 + index)")
                #expect(page.status == .ok)
            }
            let mails = try await newsroom.takeMail()
            #expect(mails.count == PasswordResetController.perAddressLimit, "an address gets no more mail")
            let path = try NewsroomTestSite.link(in: try #require(mails.first), to: "/newsroom/password/reset/")

            newsroom.clock.advance(3_601)
            let expired = try await browser.get(path)
            #expect(expired.status == .gone)
            #expect(expired.html.contains("has expired"))
            #expect(expired.html.contains("href=\"\(NewsroomPaths.forgotPassword)\""))
            #expect(try await browser.get("/newsroom/password/reset/not-a-real-token").status == .gone)

            for index in 0..<PasswordResetController.perClientLimit {
                _ = try await browser.post(
                    NewsroomPaths.forgotPassword, form: [("csrf_token", token), ("email", "p\(index)@example.com")],
                    from: "192.0.2.99")
            }
            let limited = try await browser.post(
                NewsroomPaths.forgotPassword, form: [("csrf_token", token), ("email", "late@example.com")],
                from: "192.0.2.99")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.html.contains("Wait an hour and try again."))
        }
    }

    @Test("without a mail server the page says so; a forged form token is refused")
    func noMailAndForgery() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            let page = try await browser.get(NewsroomPaths.forgotPassword)
            #expect(page.html.contains("This site has no mail server"))
            let token = try await browser.anonymousToken(from: NewsroomPaths.forgotPassword)
            let posted = try await browser.post(
                NewsroomPaths.forgotPassword, form: [("csrf_token", token), ("email", writer.email)])
            #expect(posted.status == .notFound)
        }
        let mailing = try NewsroomTestSite(mail: true)
        try await mailing.withBrowser { browser in
            _ = try await browser.get(NewsroomPaths.forgotPassword)
            let forged = try await browser.post(
                NewsroomPaths.forgotPassword, form: [("csrf_token", "forged"), ("email", "x@example.com")])
            #expect(forged.status == .forbidden)
            #expect(try await mailing.takeMail().isEmpty)
        }
    }
}
