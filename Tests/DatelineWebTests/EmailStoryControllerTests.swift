import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import DatelineWeb

/// "E-mail to a friend": the form, what it queues, and everything that must not get through.
/// Messages are read back from the site's real SQLite outbox; the worker that sends them to a real
/// SMTP server is covered by the browser suite (tests/browser/test_email.py) and the mail module's tests.
@Suite("E-mail to a friend")
struct EmailStoryControllerTests {
    static func mailSite(
        perSender: Int = 10, perRecipient: Int = 5, perClient: Int = 30, behindProxy: Bool = false
    ) throws -> ReaderTestSite {
        let smtp = try SMTPConfiguration(url: "smtp://127.0.0.1:9?from=news@news.example.test&name=Dateline")
        var configuration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"))
        configuration.newsroom.trustsForwardedFor = behindProxy
        configuration.mail = StoryMailConfiguration(
            smtp: smtp, from: try Mailbox("news@news.example.test", displayName: "Dateline"), perSender: perSender,
            perRecipient: perRecipient, perClient: perClient)
        return try ReaderTestSite(configuration: configuration)
    }

    /// Everything waiting in the outbox, decoded as the queue will send it.
    static func queued(_ site: ReaderTestSite) async throws -> [OutgoingMail] {
        let stored = try await site.store.claimDueMail(
            now: Date().addingTimeInterval(86_400), leaseUntil: Date().addingTimeInterval(90_000), limit: 100)
        return try stored.map { try JSONDecoder().decode(OutgoingMail.self, from: $0.payload) }
    }

    static func form(
        token: String, name: String = "Ann Lee", email: String = "ann@example.com",
        recipients: String = "bob@example.com", note: String = ""
    ) -> [(String, String)] {
        [("csrf_token", token), ("name", name), ("email", email), ("recipients", recipients), ("note", note)]
    }

    @Test("without a mail server the tool is hidden and its address says mail is not configured")
    func hiddenWithoutMail() async throws {
        let site = try ReaderTestSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            let page = try await browser.get("/story/\(story.slug)")
            #expect(!page.html.contains("E-mail to a friend"))
            let form = try await browser.get("/story/\(story.slug)/email")
            #expect(form.status == .notFound)
            #expect(form.html.contains("no mail server is configured"))
            let post = try await browser.post("/story/\(story.slug)/email", form: Self.form(token: "x"))
            #expect(post.status == .notFound)
        }
    }

    @Test("the story page links to the form, which sends headline, highlights and link from the site's address")
    func sendsTheStory() async throws {
        let site = try Self.mailSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            let page = try await browser.get("/story/\(story.slug)")
            #expect(page.html.contains("href=\"/story/\(story.slug)/email\""))
            let formPage = try await browser.get("/story/\(story.slug)/email")
            #expect(formPage.status == .ok)
            #expect(formPage.headers[.cacheControl] == "no-store")
            #expect(formPage.html.contains("Island council rejects plan to sell lighthouse"))
            let token = try #require(formPage.formToken)

            let sent = try await browser.post(
                "/story/\(story.slug)/email",
                form: Self.form(
                    token: token, recipients: "bob@example.com, Cat@Example.org; bob@EXAMPLE.com",
                    note: "Saw this and thought of you.\r\nSee you Sunday."))
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == "/story/\(story.slug)/email/sent")
            let thanks = try await browser.get("/story/\(story.slug)/email/sent")
            #expect(thanks.html.contains("is on its way"))
        }
        let mail = try await Self.queued(site)
        #expect(mail.count == 2, "one message per friend, each address once")
        #expect(Set(mail.flatMap(\.recipients).map(\.string)) == ["bob@example.com", "Cat@example.org"])
        let text = try #require(mail.first?.content)
        #expect(mail.allSatisfy { $0.sender.string == "news@news.example.test" })
        #expect(text.contains("From: Dateline <news@news.example.test>"))
        #expect(text.contains("Reply-To: Ann Lee <ann@example.com>"))
        #expect(text.contains("Subject: Ann Lee sent you a story: Island council rejects plan to sell"))
        #expect(!text.contains("Cc:") && !text.contains("Bcc:"))
        let body = MailTextDecoder.decodedBody(of: text)
        #expect(body.contains("Council votes 7-2 to keep the island's 1870 lighthouse"))
        #expect(body.contains("Repair fund opens to restore the tower"))
        #expect(body.contains("https://news.example.test/story/\(story.slug)"))
        #expect(body.contains("> Saw this and thought of you.\n> See you Sunday."))
    }

    @Test(
        "header injection, too many friends, links and bad addresses are refused next to their fields, queuing nothing",
        arguments: [
            (field: "name", value: "Ann\r\nBcc: victim@example.net", message: "only contain letters"),
            (field: "name", value: "Ann\nSubject: hi", message: "only contain letters"),
            (field: "name", value: "Cheap pills at www.pills.test", message: "without web or e-mail addresses"),
            (field: "name", value: "", message: "Enter your name"),
            (field: "name", value: String(repeating: "A", count: 61), message: "at most 60"),
            (field: "email", value: "ann@example.com\r\nBcc: victim@example.net", message: "Enter your e-mail address"),
            (field: "email", value: "not an address", message: "Enter your e-mail address"),
            (
                field: "recipients", value: "a@example.com, b@example.com, c@example.com, d@example.com",
                message: "at most 3"
            ),
            (
                field: "recipients", value: "bob@example.com\r\nBcc: victim@example.net",
                message: "is not an e-mail address"
            ),
            (field: "recipients", value: "", message: "at least one address"),
            (field: "note", value: "Buy now at http://spam.test", message: "cannot contain web addresses"),
            (field: "note", value: "Visit cheap-pills.biz today", message: "cannot contain web addresses"),
            (field: "note", value: String(repeating: "x", count: 301), message: "at most 300"),
            (field: "note", value: "hidden \u{202E}text", message: "plain text"),
        ])
    func refusals(field: String, value: String, message: String) async throws {
        let site = try Self.mailSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/story/\(story.slug)/email").formToken)
            var fields = Self.form(token: token)
            fields.removeAll { $0.0 == field }
            fields.append((field, value))
            let page = try await browser.post("/story/\(story.slug)/email", form: fields)
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains(escaped(message)) || page.html.contains(message))
            #expect(page.html.contains("aria-invalid=\"true\""))
            #expect(page.html.contains("The story was not sent"))
        }
        #expect(try await Self.queued(site).isEmpty)
    }

    @Test("what a reader typed comes back escaped in the form")
    func escapesInput() async throws {
        let site = try Self.mailSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/story/\(story.slug)/email").formToken)
            let page = try await browser.post(
                "/story/\(story.slug)/email",
                form: Self.form(
                    token: token, name: "\"><script>alert(1)</script>", recipients: "<img src=x onerror=alert(1)>"))
            #expect(page.status == .unprocessableContent)
            #expect(!page.html.contains("<script>alert(1)"))
            #expect(!page.html.contains("<img src=x"))
            #expect(page.html.contains("&lt;script&gt;") || page.html.contains("&lt;img"))
        }
    }

    @Test("a post without the form token, or from another site, is refused")
    func needsToken() async throws {
        let site = try Self.mailSite()
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            _ = try await browser.get("/story/\(story.slug)/email")
            let noToken = try await browser.post("/story/\(story.slug)/email", form: Self.form(token: ""))
            #expect(noToken.status == .forbidden)
            let wrong = try await browser.post("/story/\(story.slug)/email", form: Self.form(token: "forged-token"))
            #expect(wrong.status == .forbidden)
            var crossSite = HTTPFields()
            crossSite[.contentType] = "application/x-www-form-urlencoded"
            crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            browser.forgetCookies()
            let forged = try await browser.send(
                "/story/\(story.slug)/email", method: .post, headers: crossSite,
                body: ByteBuffer(string: "name=Ann&email=ann%40example.com&recipients=bob%40example.com"))
            #expect(forged.status == .forbidden)
        }
        #expect(try await Self.queued(site).isEmpty)
    }

    @Test("drafts and unknown stories cannot be sent")
    func onlyPublished() async throws {
        let site = try Self.mailSite()
        let draft = try await site.file(Fixtures.secretDraft)
        let published = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            #expect(try await browser.get("/story/\(draft.slug)/email").status == .notFound)
            #expect(try await browser.get("/story/no-such-story/email").status == .notFound)
            let token = try #require(try await browser.get("/story/\(published.slug)/email").formToken)
            let post = try await browser.post("/story/\(draft.slug)/email", form: Self.form(token: token))
            #expect(post.status == .notFound)
        }
        #expect(try await Self.queued(site).isEmpty)
    }

    @Test("a sender over the hourly limit gets 429; a full recipient is skipped with the same answer as any other")
    func limits() async throws {
        let site = try Self.mailSite(perSender: 2, perRecipient: 1, perClient: 100)
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/story/\(story.slug)/email").formToken)
            let first = try await browser.post(
                "/story/\(story.slug)/email", form: Self.form(token: token, recipients: "bob@example.com"))
            #expect(first.status == .seeOther)
            // Bob has had his one message this hour: the second share is answered the same way, but not sent to him.
            let second = try await browser.post(
                "/story/\(story.slug)/email",
                form: Self.form(
                    token: token, email: "dan@example.com", recipients: "bob+news@example.com, eve@example.com"))
            #expect(second.status == .seeOther)
            #expect(second.headers[.location] == first.headers[.location])
            let third = try await browser.post(
                "/story/\(story.slug)/email", form: Self.form(token: token, recipients: "fay@example.com"))
            #expect(third.status == .seeOther)
            let fourth = try await browser.post(
                "/story/\(story.slug)/email",
                form: Self.form(token: token, email: "ANN@example.com", recipients: "gus@example.com"))
            #expect(fourth.status == .tooManyRequests)
            #expect(fourth.html.contains("as many stories by e-mail as we allow in an hour"))
        }
        let mail = try await Self.queued(site)
        #expect(
            Set(mail.flatMap(\.recipients).map(\.string)) == ["bob@example.com", "eve@example.com", "fay@example.com"])
    }

    @Test("behind a trusted proxy the per-client limit counts the forwarded address, not the proxy")
    func forwardedClient() async throws {
        let site = try Self.mailSite(perClient: 1, behindProxy: true)
        let story = try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            let token = try #require(try await browser.get("/story/\(story.slug)/email").formToken)
            let path = "/story/\(story.slug)/email"
            let first = try await browser.post(
                path, form: Self.form(token: token, email: "a@example.com"), from: "198.51.100.7")
            #expect(first.status == .seeOther)
            let again = try await browser.post(
                path, form: Self.form(token: token, email: "b@example.com"), from: "10.0.0.1, 198.51.100.7")
            #expect(again.status == .tooManyRequests, "the last entry is the client the proxy saw")
            let other = try await browser.post(
                path, form: Self.form(token: token, email: "c@example.com"), from: "198.51.100.8")
            #expect(other.status == .seeOther)
        }
    }

    @Test("the queue keeps a message in the database through a failed attempt and sends it on the next")
    func retriesFromTheDatabase() async throws {
        let site = try Self.mailSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let transport = FlakyTransport(failures: 1)
        let clock = TestClock(Date())
        let desk = try makeStoryMailDesk(
            try #require(site.configuration.mail), store: site.store, siteName: "Dateline",
            logger: ReaderTestSite.quietLogger, transport: transport, now: { clock.now })
        let checked = try #require(
            StoryMailForm(try FormFields(decoding: "name=Ann&email=ann%40example.com&recipients=bob%40example.com"))
                .checked)
        #expect(
            try await desk.share(story, storyURL: "https://x.test/s", request: checked, clientAddress: "::1")
                == .queued(count: 1))
        let firstPass = await desk.queue.processDueMail()
        #expect(firstPass.rescheduled == 1 && firstPass.sent == 0)
        #expect(try await site.store.mailCounts() == MailCounts(pending: 1, sent: 0, failed: 0))
        clock.advance(3_600)
        let secondPass = await desk.queue.processDueMail()
        #expect(secondPass.sent == 1)
        #expect(try await site.store.mailCounts() == MailCounts(pending: 0, sent: 1, failed: 0))
        #expect(transport.delivered.map(\.recipients) == [[try EmailAddress("bob@example.com")]])
    }
}

/// A transport that fails transiently a set number of times, then accepts everything. The real
/// SMTP path is exercised against aiosmtpd elsewhere; here only the retry bookkeeping is under test.
final class FlakyTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var failuresLeft: Int
    private var accepted: [OutgoingMail] = []

    init(failures: Int) { failuresLeft = failures }

    var delivered: [OutgoingMail] { lock.withLock { accepted } }

    func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport {
        let fail: Bool = lock.withLock {
            if failuresLeft > 0 {
                failuresLeft -= 1
                return true
            }
            accepted.append(mail)
            return false
        }
        if fail {
            throw MailError.transient(
                SMTPFailure(server: "127.0.0.1:9", stage: .connect, explanation: "test server down"))
        }
        return MailDeliveryReport(accepted: mail.recipients, refused: [])
    }
}

/// Undoes quoted-printable in a rendered message's body, so tests can read it as text.
enum MailTextDecoder {
    static func decodedBody(of message: String) -> String {
        guard let split = message.range(of: "\r\n\r\n") else { return message }
        let encoded = String(message[split.upperBound...])
        var bytes: [UInt8] = []
        var iterator = Array(encoded.replacingOccurrences(of: "=\r\n", with: "").utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "="), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(bytes: [high, low], encoding: .ascii) ?? "", radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return (String(bytes: bytes, encoding: .utf8) ?? "").replacingOccurrences(of: "\r\n", with: "\n")
    }
}
