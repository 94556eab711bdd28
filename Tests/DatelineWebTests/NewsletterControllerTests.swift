import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Testing

@testable import DatelineWeb

/// Newsletters on the reader site (issue 18 items 1 and 2): the subscribe form, double opt-in
/// through the site's real SQLite outbox, preferences and RFC 8058 one-click unsubscribe.
@Suite("Newsletters")
struct NewsletterControllerTests {
    static func briefing(_ site: ReaderTestSite) async throws -> Newsletter {
        try await site.store.addNewsletter(
            NewsletterInput(
                name: "Morning Briefing", description: "The day's stories before breakfast.", source: .front,
                sendTime: "07:00", timeZone: "Europe/London", fromName: "Dateline Briefing",
                fromAddress: "briefing@news.example.test"), now: Date())
    }

    /// The link in a confirmation mail, as a path.
    static func confirmationPath(in mail: OutgoingMail) throws -> String {
        let body = MailTextDecoder.decodedBody(of: mail.content)
        let prefix = "https://news.example.test/newsletters/confirm/"
        let line = try #require(body.split(separator: "\n").first { $0.hasPrefix(prefix) })
        return String(line.dropFirst("https://news.example.test".count))
    }

    @Test("double opt-in: the form queues one confirmation a day, the link confirms once, one click unsubscribes")
    func doubleOptInAndOneClick() async throws {
        let site = try EmailStoryControllerTests.mailSite()
        let list = try await Self.briefing(site)
        try await site.withBrowser { browser in
            // The footer's form on the front page leads here with the front page's list ticked.
            let home = try await browser.get("/")
            #expect(home.html.contains("action=\"/newsletters\""))
            let page = try await browser.get("/newsletters?from=%2F&email=ann%40example.org")
            #expect(page.status == .ok)
            #expect(page.html.contains("value=\"morning-briefing\" checked"))
            #expect(page.html.contains("value=\"ann@example.org\""))
            let token = try #require(page.formToken)

            let asked = try await browser.post(
                "/newsletters",
                form: [("csrf_token", token), ("email", "Ann@Example.org"), ("newsletters", "morning-briefing")])
            #expect(asked.status == .seeOther)
            #expect(asked.headers[.location] == "/newsletters/check-email")
            // Asking again the same day gets the same answer and no second mail.
            let again = try await browser.post(
                "/newsletters",
                form: [("csrf_token", token), ("email", "ann@example.org"), ("newsletters", "morning-briefing")])
            #expect(again.status == .seeOther)
        }
        let mail = try await EmailStoryControllerTests.queued(site)
        #expect(mail.count == 1)
        let confirmation = try #require(mail.first)
        #expect(confirmation.recipients.map(\.string) == ["Ann@example.org"])
        #expect(confirmation.content.contains("From: Dateline Briefing <briefing@news.example.test>"))
        #expect(MailTextDecoder.decodedBody(of: confirmation.content).contains("Morning Briefing"))
        let confirmPath = try Self.confirmationPath(in: confirmation)
        #expect(try await site.store.newsletter(id: list.id)?.subscriberCount == 0)

        try await site.withBrowser { browser in
            // Opening the link shows a button and subscribes nobody (mail scanners open links).
            let opened = try await browser.get(confirmPath)
            #expect(opened.status == .ok && opened.html.contains("Confirm my subscription"))
            #expect(try await site.store.newsletter(id: list.id)?.subscriberCount == 0)
            let token = try #require(opened.formToken)
            let confirmed = try await browser.post(confirmPath, form: [("csrf_token", token)])
            #expect(confirmed.status == .ok && confirmed.html.contains("You are subscribed"))
            #expect(try await site.store.newsletter(id: list.id)?.subscriberCount == 1)
            let reused = try await browser.post(confirmPath, form: [("csrf_token", token)])
            #expect(reused.status == .notFound && reused.html.contains("used already or has expired"))
        }

        let subscriber = try #require(try await site.store.subscriber(email: "ann@example.org"))
        try await site.withBrowser { browser in
            let preferences = try await browser.get(SitePaths.newsletterPreferences(subscriber.preferenceToken))
            #expect(preferences.status == .ok && preferences.html.contains("ann@example.org"))
            // RFC 8058: the mail client posts with no cookie and no form token.
            browser.forgetCookies()
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"
            let oneClick = try await browser.send(
                SitePaths.newsletterUnsubscribe(subscriber.preferenceToken) + "?list=morning-briefing", method: .post,
                headers: headers, body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(oneClick.status == .ok && oneClick.html.contains("You are unsubscribed"))
            let forged = try await browser.send(
                SitePaths.newsletterUnsubscribe(String(repeating: "ab", count: 32)), method: .post,
                headers: headers, body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(forged.status == .notFound)
            let malformed = try await browser.get("/newsletters/preferences/not-a-token")
            #expect(malformed.status == .notFound)
        }
        #expect(try await site.store.newsletter(id: list.id)?.subscriberCount == 0)
        #expect(try await site.store.suppression(email: "ann@example.org") == .unsubscribed)
    }

    @Test(
        "hostile and malformed addresses, no list, or a missing form token are refused, queuing nothing",
        arguments: [
            "ann@example.org\r\nBcc: victim@example.net", "not an address", "",
            Array(repeating: "x@example.org", count: 5000).joined(separator: ","),
            Array(repeating: "x@example.org", count: 200).joined(separator: " "), "pаypal@example.org",
        ])
    func refusals(email: String) async throws {
        let site = try EmailStoryControllerTests.mailSite()
        _ = try await Self.briefing(site)
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/newsletters").formToken)
            let page = try await browser.post(
                "/newsletters", form: [("csrf_token", token), ("email", email), ("newsletters", "morning-briefing")])
            if email.utf8.count > 16 * 1024 {
                // 5,000 addresses in one field: the form is refused whole before it is read.
                #expect(page.status == .contentTooLarge)
            } else {
                #expect(page.status == .unprocessableContent)
                #expect(page.html.contains("Enter one e-mail address"))
            }
            let noList = try await browser.post(
                "/newsletters", form: [("csrf_token", token), ("email", "b@example.org")])
            #expect(noList.status == .unprocessableContent && noList.html.contains("Choose at least one newsletter"))
            let forged = try await browser.post(
                "/newsletters",
                form: [("csrf_token", "forged"), ("email", "c@example.org"), ("newsletters", "morning-briefing")])
            #expect(forged.status == .forbidden)
        }
        #expect(try await EmailStoryControllerTests.queued(site).isEmpty)
    }

    @Test("a bounced address gets no confirmation, and the page says the same as for anyone")
    func suppressedAddress() async throws {
        let site = try EmailStoryControllerTests.mailSite()
        _ = try await Self.briefing(site)
        try await site.store.suppress(email: "gone@example.org", reason: .bounced, now: Date())
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/newsletters").formToken)
            let page = try await browser.post(
                "/newsletters",
                form: [("csrf_token", token), ("email", "gone@example.org"), ("newsletters", "morning-briefing")])
            #expect(page.status == .seeOther && page.headers[.location] == "/newsletters/check-email")
        }
        #expect(try await EmailStoryControllerTests.queued(site).isEmpty)
    }
}

extension NewsletterControllerTests {
    @Test("the scheduler forgets people who never confirmed once their link has expired")
    func schedulerForgetsUnconfirmed() async throws {
        let site = try EmailStoryControllerTests.mailSite()
        let list = try await Self.briefing(site)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await site.store.requestSubscription(
            email: "late@example.org", newsletterIDs: [list.id], confirmationDigest: "x", now: start,
            expiresAt: start.addingTimeInterval(NewsletterConsent.confirmationLifetime))
        let scheduler = StoryScheduler(store: site.store, logger: Logger(label: "test"))
        #expect(await scheduler.forgetUnconfirmedSubscribers(now: start.addingTimeInterval(3600)) == 0)
        #expect(await scheduler.forgetUnconfirmedSubscribers(now: start.addingTimeInterval(49 * 3600)) == 1)
    }
}
