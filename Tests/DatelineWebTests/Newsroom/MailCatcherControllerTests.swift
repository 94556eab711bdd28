import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import HTTPTypes
import Logging
import Testing

@testable import DatelineWeb

/// The development mail catcher (issue 18 item 6): mail sent through the ordinary queue lands in
/// the database, and `/newsroom/mail` shows it to editors and admins only, never running the
/// message's HTML in the newsroom's origin.
@Suite("Mail catcher")
struct MailCatcherControllerTests {
    /// A multipart message whose every part tries to get markup or script into the newsroom.
    static let hostile = [
        "From: Dateline <news@news.example.test>",
        "To: reader@example.org",
        "Subject: =?utf-8?q?<script>alert(1)</script>_Caf=C3=A9?=",
        "X-Trap: \"><img src=x onerror=alert(2)>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/alternative; boundary=\"alt\"",
        "",
        "--alt",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Plain <b>text</b> & more",
        "--alt",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<p>Rich</p><script>parent.document.title='owned'</script><img src=x onerror=alert(3)>",
        "--alt--",
        "",
    ].joined(separator: "\r\n")

    private func catchHostile(_ store: SQLiteStoryStore) async throws -> Int64 {
        try await store.catchMail(
            CaughtMailInput(
                sender: "news@news.example.test", recipients: ["reader@example.org"],
                messageID: "<h@news.example.test>",
                subject: "<script>alert(1)</script> Café", content: Self.hostile, caughtAt: Date()),
            keep: 10)
    }

    @Test("only editors and admins may read caught mail; others are sent to sign in or refused")
    func accessControl() async throws {
        let newsroom = try NewsroomTestSite(catchesMail: true)
        let id = try await catchHostile(newsroom.store)
        let paths = [NewsroomPaths.mail, NewsroomPaths.caughtMessage(id), NewsroomPaths.caughtMessage(id) + "/html"]
        try await newsroom.withBrowser { browser in
            for path in paths {
                let anonymous = try await browser.get(path)
                #expect(anonymous.status == .seeOther, "\(path)")
                #expect(anonymous.headers[.location]?.hasPrefix(NewsroomPaths.login) == true)
            }
        }
        for role in [Role.contributor, .writer] {
            let person = try await newsroom.account(role)
            try await newsroom.withBrowser { browser in
                try await browser.signIn(person.email)
                for path in paths {
                    #expect(try await browser.get(path).status == .forbidden, "\(role) at \(path)")
                }
                let token = try await browser.newsroomToken()
                let clear = try await browser.post(NewsroomPaths.mail + "/clear", form: [("csrf_token", token)])
                #expect(clear.status == .forbidden)
            }
        }
        #expect(try await newsroom.store.caughtMail(limit: 10).count == 1)
        for role in [Role.editor, .admin] {
            let person = try await newsroom.account(role)
            try await newsroom.withBrowser { browser in
                try await browser.signIn(person.email)
                for path in paths {
                    #expect(try await browser.get(path).status == .ok, "\(role) at \(path)")
                }
            }
        }
    }

    @Test("every part is shown escaped; the HTML part is framed in a sandbox on its own address")
    func escaping() async throws {
        let newsroom = try NewsroomTestSite(catchesMail: true)
        let id = try await catchHostile(newsroom.store)
        let editor = try await newsroom.account(.editor)
        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let list = try await browser.get(NewsroomPaths.mail)
            #expect(list.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Café"))
            #expect(list.html.contains("The mail catcher is on"))
            #expect(list.html.contains("href=\"\(NewsroomPaths.caughtMessage(id))\""))

            let page = try await browser.get(NewsroomPaths.caughtMessage(id))
            #expect(!page.html.contains("<script>alert") && !page.html.contains("<img src=x"))
            #expect(!page.html.contains("<script>parent"))
            #expect(page.html.contains("&lt;script&gt;parent.document.title"), "the HTML source is shown escaped")
            #expect(page.html.contains("Plain &lt;b&gt;text&lt;/b&gt; &amp; more"))
            #expect(page.html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), "header values escaped")
            #expect(
                page.html.contains(
                    "<iframe class=\"mail-html\" src=\"\(NewsroomPaths.caughtMessage(id))/html\" sandbox"))
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("frame-src 'self'") && policy.contains("script-src 'self'"))
            #expect(page.headers[.xFrameOptions] == "DENY")

            let html = try await browser.get(NewsroomPaths.caughtMessage(id) + "/html")
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            let sandbox = try #require(html.headers[.contentSecurityPolicy])
            #expect(sandbox.hasPrefix("sandbox;") && sandbox.contains("default-src 'none'"))
            #expect(!sandbox.contains("allow-scripts") && !sandbox.contains("allow-same-origin"))
            #expect(html.headers[.xFrameOptions] == "SAMEORIGIN")
            #expect(html.headers[.xContentTypeOptions] == "nosniff")
            #expect(html.html.hasPrefix("<p>Rich</p>"))

            let missing = try await browser.get(NewsroomPaths.caughtMessage(id + 99))
            #expect(missing.status == .notFound)
            let token = try #require(list.formToken)
            let cleared = try await browser.post(NewsroomPaths.mail + "/clear", form: [("csrf_token", token)])
            #expect(cleared.status == .seeOther)
            let forged = try await browser.post(NewsroomPaths.mail + "/clear", form: [("csrf_token", "forged")])
            #expect(forged.status == .forbidden)
        }
        #expect(try await newsroom.store.caughtMail(limit: 10).isEmpty)
    }

    @Test("with the catcher on, E-mail to a friend goes through the queue into the catcher, not to SMTP")
    func sharingIsCaught() async throws {
        let newsroom = try NewsroomTestSite(catchesMail: true)
        let story = try await newsroom.store.create(Fixtures.lighthouse, status: .published)
        try await newsroom.withBrowser { browser in
            let page = try await browser.get("/story/\(story.slug)")
            #expect(page.html.contains("href=\"/story/\(story.slug)/email\""), "the tool shows without SMTP")
            let token = try #require(try await browser.get("/story/\(story.slug)/email").formToken)
            let sent = try await browser.post(
                "/story/\(story.slug)/email", form: EmailStoryControllerTests.form(token: token))
            #expect(sent.status == .seeOther)
        }
        // The application's own queue worker may have handed it over already; passes of a queue over
        // the same outbox do the work otherwise, until a deadline.
        let configuration = try #require(newsroom.site.configuration.mail)
        let desk = try makeStoryMailDesk(
            configuration, store: newsroom.store, siteName: "Dateline", logger: ReaderTestSite.quietLogger)
        let deadline = ContinuousClock.now + .seconds(20)
        var caught: [CaughtMailSummary] = []
        while caught.isEmpty && ContinuousClock.now < deadline {
            let pass = await desk.queue.processDueMail()
            #expect(pass.failed == 0)
            caught = try await newsroom.store.caughtMail(limit: 10)
            if caught.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(caught.map(\.recipients) == [["bob@example.com"]])
        #expect(caught.first?.subject == "Ann Lee sent you a story: Island council rejects plan to sell lighthouse")
        #expect(try await newsroom.store.mailCounts() == MailCounts(pending: 0, sent: 1, failed: 0))
    }

    @Test("the catcher transport refuses nothing it can keep and fails permanently on what it cannot")
    func transport() async throws {
        let newsroom = try NewsroomTestSite()
        let transport = MailCatcherTransport(store: newsroom.store, keep: 2, now: { Date() })
        for number in 1...3 {
            let message = try MailMessage(
                from: Mailbox("news@news.example.test"), to: [Mailbox("r\(number)@example.org")],
                subject: "Number \(number)", body: "Text")
            let report = try await transport.deliver(OutgoingMail(message))
            #expect(report.accepted.map(\.string) == ["r\(number)@example.org"])
        }
        #expect(try await newsroom.store.caughtMail(limit: 10).map(\.subject) == ["Number 3", "Number 2"])
        let huge = try OutgoingMail(
            sender: EmailAddress("news@news.example.test"), recipients: [EmailAddress("r@example.org")],
            messageID: "<big@news.example.test>",
            content: "Subject: big\r\n\r\n" + String(repeating: "x", count: CaughtMail.maximumBytes))
        await #expect {
            try await transport.deliver(huge)
        } throws: { error in
            (error as? MailError)?.isPermanent == true
        }
    }
}
