import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Two-factor sign-in")
struct TwoFactorSignInTests {
    /// Turns two-factor sign-in on through the account page; returns the secret and recovery codes.
    static func turnOn(_ browser: inout Browser, clock: TestClock) async throws -> (TOTP, [String]) {
        let token = try await browser.newsroomToken(from: TwoFactorSettingsController.path)
        let started = try await browser.post(
            "\(TwoFactorSettingsController.path)/start", form: [("csrf_token", token)])
        #expect(started.status == .seeOther)
        let page = try await browser.get(TwoFactorSettingsController.path)
        let secretText = try #require(page.hiddenInputValue(id: "totp-secret"))
        let uri = try #require(page.hiddenInputValue(id: "totp-uri"))
        #expect(uri.hasPrefix("otpauth://totp/"))
        #expect(uri.contains("secret=\(secretText)"))
        let totp = TOTP(secret: try #require(Base32.decode(secretText)))
        let wrong = try await browser.post(
            "\(TwoFactorSettingsController.path)/confirm", form: [("csrf_token", token), ("code", "000000")])
        #expect(wrong.status == .unprocessableContent || totp.code(at: clock.now) == "000000")
        let confirmed = try await browser.post(
            "\(TwoFactorSettingsController.path)/confirm",
            form: [("csrf_token", token), ("code", totp.code(at: clock.now))])
        #expect(confirmed.status == .ok)
        let codes = confirmed.html.components(separatedBy: "<li><code>").dropFirst().compactMap {
            $0.components(separatedBy: "</code>").first
        }
        #expect(codes.count == 10)
        return (totp, codes)
    }

    static func submitCode(_ browser: inout Browser, _ code: String) async throws -> Page {
        let token = try await browser.anonymousToken(from: TwoFactorSignIn.path)
        return try await browser.post(TwoFactorSignIn.path, form: [("csrf_token", token), ("code", code)])
    }

    @Test("after the password only a code page; a code is accepted once per step; recovery codes work once")
    func signInWithCode() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let (totp, recovery) = try await Self.turnOn(&browser, clock: newsroom.clock)
            let recoveryDigests = recovery.compactMap(RecoveryCodes.digest(of:))
            #expect(recoveryDigests.count == 10)

            browser.forgetCookies()
            let halfway = try await browser.signIn(writer.email)
            #expect(halfway.status == .seeOther)
            #expect(halfway.headers[.location] == TwoFactorSignIn.path)
            #expect(browser.cookies[NewsroomCookies.sessionName] == nil, "no session before the code")
            let notYet = try await browser.get(NewsroomPaths.root)
            #expect(notYet.status == .seeOther)
            #expect(notYet.headers[.location]?.hasPrefix(NewsroomPaths.login) == true)

            // The code that confirmed the set-up is from this very step: it cannot be used again.
            let reused = try await Self.submitCode(&browser, totp.code(at: newsroom.clock.now))
            #expect(reused.status == .unauthorized)
            #expect(reused.html.contains("That code has been used already."))
            let wrong = try await Self.submitCode(&browser, "12345")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.html.contains("That code is not right."))

            newsroom.clock.advance(30)
            let code = totp.code(at: newsroom.clock.now)
            let signedIn = try await Self.submitCode(&browser, code)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == NewsroomPaths.root)
            #expect(try await browser.get(NewsroomPaths.root).status == .ok)

            // The same code, in another browser within the same step, is refused.
            var thief = Browser(client: browser.client)
            try await thief.signIn(writer.email, from: "192.0.2.44")
            #expect(try await Self.submitCode(&thief, code).html.contains("That code has been used already."))

            // A recovery code works once.
            let recoveryCode = try #require(recovery.first)
            let recovered = try await Self.submitCode(&thief, recoveryCode.lowercased())
            #expect(recovered.status == .seeOther)
            thief.forgetCookies()
            try await thief.signIn(writer.email, from: "192.0.2.44")
            let again = try await Self.submitCode(&thief, recoveryCode)
            #expect(again.status == .unauthorized)
            #expect(try await newsroom.store.unusedRecoveryCodes(userID: writer.id) == 9)
        }
    }

    @Test("the half-signed-in state expires, and wrong codes are throttled")
    func expiryAndThrottling() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let (totp, _) = try await Self.turnOn(&browser, clock: newsroom.clock)
            browser.forgetCookies()
            try await browser.signIn(writer.email)
            newsroom.clock.advance(TwoFactorSignIn.lifetime + 1)
            let late = try await Self.submitCode(&browser, totp.code(at: newsroom.clock.now))
            #expect(late.status == .unauthorized)
            #expect(late.html.contains("Signing in took too long"))
            #expect(browser.cookies[NewsroomCookies.sessionName] == nil)

            try await browser.signIn(writer.email)
            for _ in 0..<5 { _ = try await Self.submitCode(&browser, "000001") }
            let limited = try await Self.submitCode(&browser, totp.code(at: newsroom.clock.now))
            #expect(limited.status == .tooManyRequests)
            #expect(browser.cookies[NewsroomCookies.sessionName] == nil)
        }
    }

    @Test("the site can require it of editors: they are sent to set it up; writers are not; it is then asked for")
    func required() async throws {
        let newsroom = try NewsroomTestSite { $0.twoFactorRequiredFrom = .editor }
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            #expect(try await browser.get(NewsroomPaths.root).status == .ok)

            try await browser.signIn(editor.email)
            let sent = try await browser.get(NewsroomPaths.root)
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == TwoFactorSettingsController.path)
            let setupPage = try await browser.get(TwoFactorSettingsController.path)
            #expect(setupPage.html.contains("This site requires two-factor sign-in for your role."))
            let token = try await browser.newsroomToken(from: TwoFactorSettingsController.path)
            let refused = try await browser.post(NewsroomPaths.tokens, form: [("csrf_token", token), ("name", "x")])
            #expect(refused.status == .conflict)
            _ = try await Self.turnOn(&browser, clock: newsroom.clock)
            #expect(try await browser.get(NewsroomPaths.root).status == .ok)
        }
    }

    @Test("with a key the stored secret is sealed; turning it off needs the password")
    func sealedAndDisabled() async throws {
        let newsroom = try NewsroomTestSite { $0.twoFactorKey = TwoFactorKey(passphrase: "a test passphrase") }
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let (totp, _) = try await Self.turnOn(&browser, clock: newsroom.clock)
            let stored = try #require(try await newsroom.store.twoFactor(userID: writer.id))
            #expect(stored.sealedSecret.hasPrefix("aesgcm:"))
            #expect(!stored.sealedSecret.contains(totp.base32Secret))
            #expect(TwoFactorSecretSealer(key: nil).open(stored.sealedSecret, userID: writer.id) == nil)
            #expect(
                TwoFactorSecretSealer(key: newsroom.site.configuration.newsroom.twoFactorKey).open(
                    stored.sealedSecret, userID: writer.id + 1) == nil, "bound to its account")

            let token = try await browser.newsroomToken(from: TwoFactorSettingsController.path)
            let wrong = try await browser.post(
                "\(TwoFactorSettingsController.path)/disable", form: [("csrf_token", token), ("password", "nope")])
            #expect(wrong.status == .unprocessableContent)
            #expect(try await newsroom.store.twoFactor(userID: writer.id)?.isEnabled == true)
            let off = try await browser.post(
                "\(TwoFactorSettingsController.path)/disable",
                form: [("csrf_token", token), ("password", NewsroomTestSite.password)])
            #expect(off.status == .seeOther)
            #expect(try await newsroom.store.twoFactor(userID: writer.id) == nil)
            browser.forgetCookies()
            #expect(try await browser.signIn(writer.email).headers[.location] == NewsroomPaths.root)
        }
    }
}
