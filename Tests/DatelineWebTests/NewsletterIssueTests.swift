import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing

@testable import DatelineWeb

/// Newsletter issues (issue 18 items 3 and 4): the message, its web version and archive, and
/// sending each issue once to the people who still want it.
@Suite("Newsletter issues")
struct NewsletterIssueTests {
    static let quiet = Logger(label: "newsletter-issue-tests") { _ in SwiftLogNoOpLogHandler() }

    static func sender(_ site: ReaderTestSite) -> NewsletterSender {
        NewsletterSender(
            store: site.store, origin: "https://news.example.test", siteName: "The Dateline", logger: quiet,
            batchSize: 3)
    }

    /// Subscribes and confirms `email` to `lists`.
    @discardableResult
    static func subscribe(_ site: ReaderTestSite, _ email: String, to lists: [Int64]) async throws
        -> NewsletterSubscriber
    {
        let digest = UUID().uuidString
        _ = try await site.store.requestSubscription(
            email: email, newsletterIDs: lists, confirmationDigest: digest, now: Date(),
            expiresAt: Date().addingTimeInterval(3600))
        return try #require(try await site.store.confirmSubscription(digest: digest, now: Date()))
    }

    static func section(_ site: ReaderTestSite, _ name: String) async throws -> Newsletter {
        try await site.store.addNewsletter(
            NewsletterInput(
                name: "\(name) desk", source: .section(try #require(Slug(from: name))), sendTime: "07:00",
                timeZone: "UTC", fromName: "Desk", fromAddress: "desk@news.example.test"), now: Date())
    }

    /// The decoded text of each part of a multipart message, keyed by its content type.
    static func parts(of message: OutgoingMail) throws -> [String: String] {
        let content = message.content
        let boundaryStart = try #require(content.range(of: "boundary=\"")).upperBound
        let boundary = String(content[boundaryStart...].prefix { $0 != "\"" })
        var parts: [String: String] = [:]
        for chunk in content.components(separatedBy: "--" + boundary + "\r\n").dropFirst() {
            let headerEnd = try #require(chunk.range(of: "\r\n\r\n"))
            let headers = String(chunk[..<headerEnd.lowerBound])
            let type = headers.hasPrefix("Content-Type: text/html") ? "html" : "text"
            var body = String(chunk[headerEnd.upperBound...])
            if let end = body.range(of: "--" + boundary + "--") { body = String(body[..<end.lowerBound]) }
            parts[type] = MailTextDecoder.decodedBody(of: "\r\n\r\n" + body)
        }
        return parts
    }

    static func hostileStory() -> StoryDraft {
        var draft = Fixtures.lighthouse
        draft.publishedAt = Date()
        draft.headline = "Council <script>alert(1)</script> & \"friends\" vote"
        draft.highlights = ["Costs < 5% & \"fair\" say seven of nine", "The cottage stays a museum"]
        return draft
    }

    @Test(
        "an issue carries the new stories with highlights and links; every copy has RFC 8058 headers and a preference link"
    )
    func issueMessages() async throws {
        let site = try EmailStoryControllerTests.mailSite()
        let story = try await site.publish(Self.hostileStory())
        var other = Self.hostileStory()
        other.headline = "Markets steady after holiday"
        other.section = "Business"
        _ = try await site.publish(other)
        let list = try await NewsletterControllerTests.briefing(site)
        let world = try await Self.section(site, "World")
        let business = try await Self.section(site, "Business")
        let ann = try await Self.subscribe(site, "ann@example.org", to: [list.id, world.id])
        try await Self.subscribe(site, "bob@example.org", to: [list.id])
        try await site.store.setNextNewsletterIssueNote(newsletterID: list.id, note: "Snow <em>closes</em> roads.")

        let sender = Self.sender(site)
        let now = Date().addingTimeInterval(1)
        let outcome = try await sender.send(list, period: "daily:test", now: now)
        guard case .queued(let issue, let count) = outcome else {
            Issue.record("expected an issue, got \(outcome)")
            return
        }
        #expect(count == 2 && issue.number == 1 && issue.stories.count == 2)
        #expect(issue.editorNote == "Snow <em>closes</em> roads.")
        // The same period again makes nothing (the store holds one issue per list and period; its
        // tests race two instances for it).
        #expect(try await sender.send(list, period: "daily:test", now: now) == .noNewStories)
        // Nothing new since: no issue, and saying so.
        #expect(try await sender.sendNow(list, now: now.addingTimeInterval(1)) == .noNewStories)
        // A section list carries only its section's stories.
        guard case .queued(let worldIssue, 1) = try await sender.send(world, period: "daily:test", now: now) else {
            Issue.record("the World list should have made an issue for one subscriber")
            return
        }
        #expect(worldIssue.stories.map(\.headline) == [story.headline])
        guard case .queued(let businessIssue, 0) = try await sender.send(business, period: "daily:test", now: now)
        else {
            Issue.record("the Business list has a story and no subscribers")
            return
        }
        #expect(businessIssue.stories.map(\.headline) == ["Markets steady after holiday"])

        let mail = try await EmailStoryControllerTests.queued(site)
        #expect(mail.count == 3)
        for message in mail {
            let headers = String(message.content[..<message.content.range(of: "\r\n\r\n")!.lowerBound])
            #expect(headers.contains("List-Unsubscribe: <https://news.example.test/newsletters/unsubscribe/"))
            #expect(headers.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
            #expect(headers.contains("\r\nList-Id: <"))
            #expect(headers.contains("Content-Type: multipart/alternative;"))
            #expect(message.messageID.contains(NewsletterIssueMail.messageIDMarker))
            let parts = try Self.parts(of: message)
            let html = try #require(parts["html"])
            let text = try #require(parts["text"])
            #expect(text.contains("https://news.example.test/newsletters/preferences/"))
            #expect(html.contains("href=\"https://news.example.test/newsletters/preferences/"))
            #expect(html.contains("href=\"https://news.example.test/newsletters/unsubscribe/"))
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("<link") && !html.contains("<style") && !html.contains("class="))
            // Every image says what it shows; every headline and highlight is text, not picture.
            #expect(
                !html.contains("<img")
                    || html.components(separatedBy: "<img").dropFirst().allSatisfy { $0.contains(" alt=\"") })
        }
        let annCopy = try #require(
            mail.first { $0.recipients.map(\.string) == ["ann@example.org"] && $0.content.contains("Morning Briefing") }
        )
        let headers = String(annCopy.content[..<annCopy.content.range(of: "\r\n\r\n")!.lowerBound])
        #expect(
            headers.contains(
                "List-Unsubscribe: <https://news.example.test/newsletters/unsubscribe/\(ann.preferenceToken)?list=morning-briefing>"
            ))
        #expect(headers.contains("List-Id: <morning-briefing.news.example.test>"))
        let parts = try Self.parts(of: annCopy)
        let text = try #require(parts["text"])
        let html = try #require(parts["html"])
        // Plain text: the headline as written; HTML: escaped.
        #expect(text.contains("Council <script>alert(1)</script> & \"friends\" vote\n"))
        #expect(html.contains("Council &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; vote"))
        #expect(text.contains("  * Costs < 5% & \"fair\" say seven of nine"))
        #expect(
            html.contains("<li style=\"margin:0 0 4px\">Costs &lt; 5% &amp; &quot;fair&quot; say seven of nine</li>"))
        #expect(text.contains("Read the story: https://news.example.test/story/\(story.slug.rawValue)"))
        #expect(text.contains("https://news.example.test/newsletters/morning-briefing/1"))
        #expect(issue.subject.hasPrefix("Morning Briefing – ") && !issue.subject.contains("M1"))
        // The editor's note opens both parts, escaped in HTML.
        let noteAt = try #require(text.range(of: "Snow <em>closes</em> roads.")).lowerBound
        let firstStory = try #require(text.range(of: "Markets steady")).lowerBound
        #expect(noteAt < firstStory)
        let htmlNote = try #require(html.range(of: "Snow &lt;em&gt;closes&lt;/em&gt; roads.")).lowerBound
        #expect(htmlNote < (try #require(html.range(of: "Markets steady")).lowerBound))
        #expect(try await site.store.nextNewsletterIssueNote(newsletterID: list.id) == "")
    }

    @Test("the web version and the archive show what was sent, escaped; unknown issues are 404")
    func webVersionAndArchive() async throws {
        let site = try EmailStoryControllerTests.mailSite()
        let list = try await NewsletterControllerTests.briefing(site)
        try await site.store.setNextNewsletterIssueNote(newsletterID: list.id, note: "Note with <i>tags</i>")
        _ = try await site.publish(Self.hostileStory())
        guard case .queued(let issue, _) = try await Self.sender(site).sendNow(list, now: Date().addingTimeInterval(1))
        else {
            Issue.record("expected an issue")
            return
        }
        try await site.withBrowser { browser in
            let archive = try await browser.get("/newsletters/morning-briefing")
            #expect(archive.status == .ok)
            #expect(archive.html.contains("href=\"/newsletters/morning-briefing/1\""))
            #expect(archive.html.contains(issue.subject.replacingOccurrences(of: "–", with: "–")))
            let page = try await browser.get("/newsletters/morning-briefing/1")
            #expect(page.status == .ok)
            #expect(!page.html.contains("<script>alert(1)"))
            #expect(page.html.contains("Council &lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.html.contains("Costs &lt; 5% &amp; &quot;fair&quot; say seven of nine"))
            #expect(page.html.contains("Note with &lt;i&gt;tags&lt;/i&gt;"))
            #expect(page.html.contains("<h2 id=\"newsletter-note-heading\">Editor"))
            for missing in [
                "/newsletters/morning-briefing/2", "/newsletters/morning-briefing/0",
                "/newsletters/morning-briefing/x%3Cb", "/newsletters/no-such-list", "/newsletters/no-such-list/1",
            ] {
                let response = try await browser.get(missing)
                #expect(response.status == .notFound, "\(missing)")
            }
            // The fixed pages under /newsletters still answer.
            #expect(try await browser.get("/newsletters/check-email").status == .ok)
        }
    }

    /// Records what reaches the server.
    actor RecordingTransport: MailTransport {
        var delivered: [OutgoingMail] = []
        func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport {
            delivered.append(mail)
            return MailDeliveryReport(accepted: mail.recipients)
        }
    }

    @Test("the send-time check: someone who leaves after queuing, or a deleted list, gets nothing; others get one copy")
    func sendTimeCheck() async throws {
        let site = try EmailStoryControllerTests.mailSite()
        let list = try await NewsletterControllerTests.briefing(site)
        _ = try await site.publish(Self.hostileStory())
        try await Self.subscribe(site, "stays@example.org", to: [list.id])
        let leaves = try await Self.subscribe(site, "leaves@example.org", to: [list.id])
        try await Self.subscribe(site, "bounces@example.org", to: [list.id])
        let firstSend = Date().addingTimeInterval(1)
        guard case .queued(let issue, 3) = try await Self.sender(site).sendNow(list, now: firstSend)
        else {
            Issue.record("expected three messages")
            return
        }
        _ = try await site.store.unsubscribe(preferenceToken: leaves.preferenceToken, newsletterID: nil, now: Date())
        try await site.store.suppress(email: "bounces@example.org", reason: .bounced, now: Date())

        let transport = RecordingTransport()
        let queue = MailQueue(
            outbox: StoreMailOutbox(store: site.store),
            transport: NewsletterDeliveryCheck(inner: transport, store: site.store),
            policy: MailRetryPolicy(batchSize: 50), logger: Self.quiet, now: { Date().addingTimeInterval(5) })
        let pass = await queue.processDueMail()
        #expect(pass.claimed == 3 && pass.sent == 1 && pass.failed == 2)
        #expect(await transport.delivered.flatMap(\.recipients).map(\.string) == ["stays@example.org"])
        #expect(
            try await site.store.newsletterIssueProgress(issueID: issue.id) == NewsletterProgress(sent: 1, cancelled: 2)
        )
        // A second pass finds nothing: nobody gets a second copy.
        #expect(await queue.processDueMail().claimed == 0)

        // A list deleted with messages still queued: they are cancelled, and none is delivered.
        var later = Self.hostileStory().with(headline: "Ferry resumes")
        later.publishedAt = firstSend.addingTimeInterval(1)
        _ = try await site.publish(later)
        guard
            case .queued(let second, 1) = try await Self.sender(site).sendNow(
                list, now: firstSend.addingTimeInterval(5))
        else {
            Issue.record("expected a second issue")
            return
        }
        #expect(try await site.store.deleteNewsletter(id: list.id))
        #expect(await queue.processDueMail().claimed == 0)
        #expect(await transport.delivered.count == 1)
        #expect(try await site.store.newsletterIssueProgress(issueID: second.id) == NewsletterProgress(cancelled: 1))
        #expect(try await site.store.newsletterIssue(id: second.id)?.state == .cancelled)
    }

    @Test("a per-domain rate limit holds messages over it back as deferred, and sends them in a later minute")
    func domainRate() async throws {
        let site = try EmailStoryControllerTests.mailSite()
        let list = try await NewsletterControllerTests.briefing(site)
        _ = try await site.publish(Self.hostileStory())
        for name in ["a", "b", "c"] { try await Self.subscribe(site, "\(name)@busy.example", to: [list.id]) }
        try await Self.subscribe(site, "d@quiet.example", to: [list.id])
        guard case .queued(let issue, 4) = try await Self.sender(site).sendNow(list, now: Date().addingTimeInterval(1))
        else {
            Issue.record("expected four messages")
            return
        }
        let clock = TestClock(Date().addingTimeInterval(5))
        let transport = RecordingTransport()
        let queue = MailQueue(
            outbox: StoreMailOutbox(store: site.store),
            transport: NewsletterDeliveryCheck(
                inner: transport, store: site.store,
                domainLimit: NewsletterDeliveryCheck.DomainLimit(perMinute: 2, counts: site.store),
                now: { clock.now }),
            policy: MailRetryPolicy(initialDelay: .seconds(60), batchSize: 50), logger: Self.quiet,
            now: { clock.now })
        let first = await queue.processDueMail()
        #expect(first.sent == 3 && first.rescheduled == 1)
        #expect(
            try await site.store.newsletterIssueProgress(issueID: issue.id) == NewsletterProgress(sent: 3, deferred: 1))
        clock.now = clock.now.addingTimeInterval(61)
        let second = await queue.processDueMail()
        #expect(second.sent == 1)
        #expect(try await site.store.newsletterIssueProgress(issueID: issue.id) == NewsletterProgress(sent: 4))
        let delivered = await transport.delivered.flatMap(\.recipients).map(\.string)
        #expect(delivered.count == 4 && Set(delivered).count == 4)
    }

    @Test(
        "the scheduler continues an issue left half-queued only after its queuer went quiet, and queues the rest once")
    func continuesQuietQueuing() async throws {
        let site = try EmailStoryControllerTests.mailSite()
        // A breaking list has no schedule, so the scheduler's pass makes no issue of its own here.
        let list = try await site.store.addNewsletter(
            NewsletterInput(
                name: "Breaking", source: .breaking, fromName: "Desk", fromAddress: "desk@news.example.test"),
            now: Date())
        _ = try await site.publish(Self.hostileStory())
        for index in 0..<5 { try await Self.subscribe(site, "r\(index)@example.org", to: [list.id]) }
        let clock = TestClock(Date().addingTimeInterval(1))
        let sender = NewsletterSender(
            store: site.store, origin: "https://news.example.test", siteName: "The Dateline", logger: Self.quiet,
            batchSize: 3, clock: { clock.now })
        // An instance made the issue and stored one batch of three, then stopped (killed).
        let made = clock.now
        let (stories, _) = try await sender.stories(for: list, now: made)
        let issue = try #require(
            try await site.store.makeNewsletterIssue(
                NewsletterIssueDraft(
                    newsletterID: list.id, period: "now:test", subject: "Briefing", stories: stories,
                    storiesUntil: made, madeAt: made)))
        let batch = try await site.store.unqueuedNewsletterRecipients(issueID: issue.id, afterSubscriberID: 0, limit: 3)
        let shared = try sender.mail.shared(issue: issue, list: list)
        let deliveries = try batch.map { recipient in
            let outgoing = try sender.mail.message(shared, issue: issue, list: list, to: recipient, date: made)
            return NewsletterDeliveryInput(
                subscriberID: recipient.subscriberID, email: recipient.email, messageID: outgoing.messageID,
                mail: StoredMail(
                    id: UUID(), payload: try JSONEncoder().encode(outgoing), enqueuedAt: made, nextAttemptAt: made))
        }
        clock.now = made.addingTimeInterval(40)
        #expect(try await site.store.queueNewsletterDeliveries(issueID: issue.id, deliveries, at: clock.now) == 3)
        // 80 s after making but 40 s after its last batch: still its queuer's, left alone.
        clock.now = made.addingTimeInterval(80)
        #expect(await sender.runDue(now: clock.now).isEmpty)
        #expect(try await site.store.newsletterIssueProgress(issueID: issue.id) == NewsletterProgress(queued: 3))
        #expect(try await site.store.newsletterIssue(id: issue.id)?.state == .queuing)
        // Quiet for over a minute: the scheduler queues the other two, and the issue is done.
        clock.now = made.addingTimeInterval(101)
        #expect(await sender.runDue(now: clock.now).isEmpty)
        #expect(try await site.store.newsletterIssueProgress(issueID: issue.id) == NewsletterProgress(queued: 5))
        #expect(try await site.store.newsletterIssue(id: issue.id)?.state == .queued)
        let recipients = Set(
            try await site.store.unqueuedNewsletterRecipients(
                issueID: issue.id, afterSubscriberID: 0, limit: 10
            ).map(\.email))
        #expect(recipients.isEmpty)
    }

    /// A clock tests move by hand.
    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var time: Date
        init(_ time: Date) { self.time = time }
        var now: Date {
            get { lock.withLock { time } }
            set { lock.withLock { time = newValue } }
        }
    }

    @Test("the schedule: an issue is due once its send time passes in the list's zone, one period a day")
    func schedule() throws {
        let list = Newsletter(
            id: 1, slug: try #require(Slug(validating: "morning")), name: "Morning", description: "", source: .front,
            sourceName: nil, sendMinute: 7 * 60, timeZone: "America/New_York", fromName: "D",
            fromAddress: "d@example.com", subscriberCount: 0, createdAt: Date())
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "America/New_York"))
        let seven = try #require(
            calendar.date(from: DateComponents(year: 2027, month: 1, day: 15, hour: 7, minute: 0)))
        #expect(NewsletterSender.duePeriod(of: list, now: seven.addingTimeInterval(-60)) == nil)
        #expect(NewsletterSender.duePeriod(of: list, now: seven) == "daily:2027-01-15")
        // Still the same period later that day (the store refuses a second issue for it)...
        #expect(NewsletterSender.duePeriod(of: list, now: seven.addingTimeInterval(16 * 3600)) == "daily:2027-01-15")
        // ...and after local midnight (05:00 UTC) a new day's period, once 07:00 comes again.
        #expect(NewsletterSender.duePeriod(of: list, now: seven.addingTimeInterval(17 * 3600 + 60)) == nil)
        #expect(NewsletterSender.duePeriod(of: list, now: seven.addingTimeInterval(24 * 3600)) == "daily:2027-01-16")
        var breaking = list
        breaking.sendMinute = nil
        #expect(NewsletterSender.duePeriod(of: breaking, now: seven) == nil)
    }
}

extension StoryDraft {
    fileprivate func with(headline: String) -> StoryDraft {
        var copy = self
        copy.headline = headline
        return copy
    }
}
