import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

@Suite("Newsroom sign-in")
struct LoginControllerTests {
    @Test("signing in sets a fresh HttpOnly, SameSite=Lax, Secure session cookie; only its digest is stored")
    func signInCookie() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            let response = try await browser.signIn(editor.email)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == NewsroomPaths.root)
            let cookie = try #require(
                response.headers[values: .setCookie].first { $0.hasPrefix(NewsroomCookies.sessionName + "=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Secure"))
            let token = try #require(browser.cookies[NewsroomCookies.sessionName])
            #expect(try await newsroom.store.session(digest: token) == nil, "the raw token is never a key")
            let stored = try await newsroom.store.session(digest: SessionToken.hexDigest(token))
            #expect(stored?.userID == editor.id)
            #expect(try await browser.get(NewsroomPaths.root).status == .ok)
        }
    }

    @Test(
        "after sign-in, a return path is followed only when it leads inside the newsroom once resolved",
        arguments: [
            ("/newsroom/../..//evil.test", NewsroomPaths.root), ("/newsroom/%2e%2e//evil.test", NewsroomPaths.root),
            ("//evil.test", NewsroomPaths.root), ("/newsroom/./stories", "/newsroom/stories"),
        ])
    func returnPathAfterSignIn(next: String, expected: String) async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            let form = try await browser.get(NewsroomPaths.login)
            let token = try #require(form.formToken ?? browser.cookies[ReaderCookies.csrfName])
            let response = try await browser.post(
                NewsroomPaths.login,
                form: [
                    ("csrf_token", token), ("email", editor.email), ("password", NewsroomTestSite.password),
                    ("next", next),
                ], from: "192.0.2.1")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == expected)
        }
    }

    @Test("without HTTPS the session cookie is not marked Secure")
    func plainHTTPCookie() async throws {
        let newsroom = try NewsroomTestSite(https: false)
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            let response = try await browser.signIn(editor.email)
            let cookie = try #require(response.headers[values: .setCookie].first)
            #expect(!cookie.contains("Secure"))
        }
    }

    @Test("session fixation: a session id planted before sign-in is never the signed-in one, and is ended")
    func sessionRotation() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            // The attacker signs in, then plants their own session token in the victim's browser.
            try await browser.signIn(editor.email)
            let planted = try #require(browser.cookies[NewsroomCookies.sessionName])
            try await browser.signIn(editor.email)
            let fresh = try #require(browser.cookies[NewsroomCookies.sessionName])
            #expect(fresh != planted)
            #expect(try await newsroom.store.session(digest: SessionToken.hexDigest(planted)) == nil)
            // An unknown token a browser brings along is simply not signed in, and is cleared.
            browser.setCookie(NewsroomCookies.sessionName, String(repeating: "A", count: 43))
            let page = try await browser.get(NewsroomPaths.root)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.hasPrefix(NewsroomPaths.login) == true)
        }
    }

    @Test("sign-out deletes the session in the store, so the old cookie no longer works")
    func signOut() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try #require(browser.cookies[NewsroomCookies.sessionName])
            let formToken = try await browser.newsroomToken()
            let out = try await browser.post(NewsroomPaths.logout, form: [("csrf_token", formToken)])
            #expect(out.status == .seeOther)
            #expect(try await newsroom.store.session(digest: SessionToken.hexDigest(token)) == nil)
            browser.setCookie(NewsroomCookies.sessionName, token)
            #expect(try await browser.get(NewsroomPaths.root).status == .seeOther)
        }
    }

    @Test("sign-out without this session's form token is refused")
    func signOutNeedsToken() async throws {
        let newsroom = try NewsroomTestSite()
        let writer = try await newsroom.account(.writer)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let refused = try await browser.post(NewsroomPaths.logout, form: [("csrf_token", "x")])
            #expect(refused.status == .forbidden)
            #expect(try await browser.get(NewsroomPaths.root).status == .ok)
        }
    }

    @Test("sessions end after the idle limit and after the absolute limit")
    func expiry() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let limits = NewsroomConfiguration()
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            newsroom.clock.advance(limits.sessionIdleLimit + 1)
            #expect(try await browser.get(NewsroomPaths.root).status == .seeOther, "idle too long")

            try await browser.signIn(editor.email)
            // Busy all day: a request every hour keeps it from idling, but not past the absolute limit.
            var elapsed: TimeInterval = 0
            while elapsed + 3_600 < limits.sessionAbsoluteLimit {
                newsroom.clock.advance(3_600)
                elapsed += 3_600
                #expect(try await browser.get(NewsroomPaths.root).status == .ok)
            }
            newsroom.clock.advance(limits.sessionAbsoluteLimit - elapsed + 1)
            #expect(try await browser.get(NewsroomPaths.root).status == .seeOther, "too old")
        }
    }

    @Test("an unknown address and a wrong password get the same answer")
    func noUserEnumeration() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor, email: "known@example.com")
        try await newsroom.withBrowser { browser in
            let wrong = try await browser.signIn(editor.email, password: "not the password")
            let unknown = try await browser.signIn("nobody@example.com", password: "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == wrong.status)
            func normalised(_ page: Page, _ email: String) -> String {
                page.html.replacingOccurrences(of: email, with: "EMAIL")
                    .replacingOccurrences(of: #"value="[A-Za-z0-9_-]{43}""#, with: "TOKEN", options: .regularExpression)
            }
            #expect(normalised(wrong, editor.email) == normalised(unknown, "nobody@example.com"))
            #expect(wrong.html.contains(escaped(LoginController.refusal)))
            #expect(browser.cookies[NewsroomCookies.sessionName] == nil)
        }
    }

    @Test("five failures lock the account for everyone; the right password then fails too until the window passes")
    func accountThrottling() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let limit = NewsroomConfiguration().accountFailureLimit
        try await newsroom.withBrowser { browser in
            for attempt in 0..<limit {
                let page = try await browser.signIn(
                    editor.email, password: "guess \(attempt)", from: "198.51.100.\(attempt)")
                #expect(page.status == .unauthorized)
            }
            let locked = try await browser.signIn(editor.email, from: "203.0.113.9")
            #expect(locked.status == .tooManyRequests)
            #expect(browser.cookies[NewsroomCookies.sessionName] == nil)
            // Unknown accounts are throttled just the same, so throttling does not reveal which exist.
            for attempt in 0..<limit {
                try await browser.signIn(
                    "ghost@example.com", password: "guess \(attempt)", from: "198.51.100.\(attempt)")
            }
            #expect(try await browser.signIn("ghost@example.com", from: "203.0.113.9").status == .tooManyRequests)

            newsroom.clock.advance(NewsroomConfiguration().failureWindow + 1)
            let after = try await browser.signIn(editor.email, from: "203.0.113.9")
            #expect(after.status == .seeOther)
        }
    }

    @Test("twenty failures from one address lock that address out, whatever account it names")
    func addressThrottling() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        let limit = NewsroomConfiguration().addressFailureLimit
        try await newsroom.withBrowser { browser in
            for attempt in 0..<limit {
                try await browser.signIn("spray\(attempt)@example.com", password: "x", from: "198.51.100.7")
            }
            #expect(try await browser.signIn(editor.email, from: "198.51.100.7").status == .tooManyRequests)
            #expect(try await browser.signIn(editor.email, from: "198.51.100.8").status == .seeOther)
        }
    }

    @Test("failures counted by one server process hold in another sharing the database")
    func throttlingAcrossInstances() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        for attempt in 0..<NewsroomConfiguration().accountFailureLimit {
            try await newsroom.store.recordLoginFailure(
                account: editor.email, clientAddress: "10.0.0.\(attempt)", at: newsroom.clock.now)
        }
        let other = try SQLiteStoryStore(path: newsroom.store.path)
        let count = try await other.loginFailures(
            account: editor.email, clientAddress: "x", since: newsroom.clock.now.addingTimeInterval(-60))
        #expect(count.account == NewsroomConfiguration().accountFailureLimit)
        try await newsroom.withBrowser { browser in
            let page = try await browser.signIn(editor.email)
            #expect(page.status == .tooManyRequests)
        }
    }

    @Test("the sign-in form needs the site's form token")
    func loginCSRF() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            let page = try await browser.post(
                NewsroomPaths.login, form: [("email", editor.email), ("password", NewsroomTestSite.password)])
            #expect(page.status == .forbidden)
            #expect(browser.cookies[NewsroomCookies.sessionName] == nil)
        }
    }

    @Test("the set-up link makes one admin, once, and signs them in")
    func setupLink() async throws {
        let newsroom = try NewsroomTestSite()
        let path = try #require(try await SetupLink.makeIfNeeded(in: newsroom.store, now: newsroom.clock.now))
        try await newsroom.withBrowser { browser in
            let form = try await browser.get(path)
            #expect(form.status == .ok)
            let token = try #require(form.formToken)
            let short = try await browser.post(
                path,
                form: [
                    ("csrf_token", token), ("name", "Ada"), ("email", "ada@example.com"), ("password", "short"),
                    ("password_confirmation", "short"),
                ])
            #expect(short.status == .unprocessableContent)
            #expect(short.html.contains("aria-describedby=\"password-error\""))
            let made = try await browser.post(
                path,
                form: [
                    ("csrf_token", token), ("name", "Ada"), ("email", "ada@example.com"),
                    ("password", NewsroomTestSite.password), ("password_confirmation", NewsroomTestSite.password),
                ])
            #expect(made.status == .seeOther)
            #expect(try await newsroom.store.users().map(\.role) == [.admin])
            #expect(try await browser.get(NewsroomPaths.users).status == .ok)
            #expect(try await browser.get(path).status == .notFound, "the link works once")
        }
        #expect(try await SetupLink.makeIfNeeded(in: newsroom.store) == nil)
    }
}
