import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// Deliveries left in doubt by an instance that stopped after handing them to the mail server: the
/// issues page counts them and explains them, and an editor may send them again.
@Suite("Newsroom newsletter deliveries in doubt")
struct NewsletterInDoubtTests {
    @Test("the issues page counts an issue's messages in doubt and an editor sends them again; a writer may not")
    func resendInDoubt() async throws {
        let newsroom = try NewsroomTestSite(mail: true)
        let site = newsroom.site
        let editor = try await newsroom.account(.editor)
        let writer = try await newsroom.account(.writer)
        _ = try await site.publish(NewsletterIssueTests.hostileStory())
        let list = try await NewsletterControllerTests.briefing(site)
        try await NewsletterIssueTests.subscribe(site, "ann@example.org", to: [list.id])
        try await NewsletterIssueTests.subscribe(site, "bob@example.org", to: [list.id])
        let outcome = try await NewsletterIssueTests.sender(site).send(list, period: "daily:test", now: Date())
        guard case .queued(let issue, 2) = outcome else {
            Issue.record("expected an issue of two messages, got \(outcome)")
            return
        }

        // An instance claims both copies, hands both over, hears the 250 for Bob's, and is killed.
        let start = Date().addingTimeInterval(86_400)
        let claimed = try await site.store.claimDueMail(now: start, leaseUntil: start.addingTimeInterval(60), limit: 10)
        #expect(claimed.count == 2)
        for mail in claimed { #expect(try await site.store.markMailHandedOver(id: mail.id, attempt: 1)) }
        let decoded = try claimed.map { ($0.id, try JSONDecoder().decode(OutgoingMail.self, from: $0.payload)) }
        let bob = try #require(decoded.first { $0.1.recipients.map(\.string) == ["bob@example.org"] })
        let ann = try #require(decoded.first { $0.1.recipients.map(\.string) == ["ann@example.org"] })
        try await site.store.markMailSent(id: bob.0, at: start)
        // Another instance's next claim after the lease finds Ann's in doubt, and does not take it.
        #expect(
            try await site.store.claimDueMail(now: start.addingTimeInterval(61), leaseUntil: start, limit: 10).isEmpty)
        #expect(
            try await site.store.newsletterIssueProgress(issueID: issue.id) == NewsletterProgress(sent: 1, inDoubt: 1))

        let resendPath = NewsletterIssuesController.path(list.id) + "/\(issue.number)/resend"
        try await newsroom.withBrowser { browser in
            try await browser.signIn(writer.email)
            let token = try await browser.newsroomToken()
            let refused = try await browser.post(resendPath, form: [("csrf_token", token)])
            #expect(refused.status == .forbidden)
        }
        #expect(try await site.store.mailCounts().inDoubt == 1)

        try await newsroom.withBrowser { browser in
            try await browser.signIn(editor.email)
            let page = try await browser.get(NewsletterIssuesController.path(list.id))
            #expect(page.status == .ok)
            #expect(page.html.contains("<th scope=\"col\">In doubt</th>"))
            // State, queued, sent, deferred, failed, cancelled, in doubt: nothing is left to send.
            #expect(
                page.html.contains("<td>done</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>"))
            #expect(page.html.contains("Messages in doubt"))
            #expect(page.html.contains("Send the 1 message in doubt of issue 1 again"))
            #expect(page.html.contains("action=\"\(resendPath)\""))
            let token = try #require(page.formToken)

            let forged = try await browser.post(resendPath, form: [("csrf_token", "forged")])
            #expect(forged.status == .forbidden)
            #expect(try await site.store.mailCounts().inDoubt == 1, "a forged post sends nothing")

            let unknown = try await browser.post(
                NewsletterIssuesController.path(list.id) + "/99/resend", form: [("csrf_token", token)])
            #expect(unknown.status == .notFound)

            let resent = try await browser.post(resendPath, form: [("csrf_token", token)])
            #expect(resent.status == .seeOther)
            let after = try await browser.get(try #require(resent.headers[.location]))
            #expect(after.html.contains("1 message in doubt is queued to be sent again."))
            #expect(!after.html.contains("Messages in doubt"))
            // The site's mail worker (running while the app does) may already have tried it against the
            // test's closed SMTP port: queued or deferred, but no longer in doubt.
            #expect(after.html.contains("<td>sending</td>"))
            let progress = try await site.store.newsletterIssueProgress(issueID: issue.id)
            #expect(progress.inDoubt == 0 && progress.queued + progress.deferred == 1 && progress.sent == 1)

            // Pressed twice (a reload): nothing more is queued.
            let again = try await browser.post(resendPath, form: [("csrf_token", token)])
            let afterAgain = try await browser.get(try #require(again.headers[.location]))
            #expect(afterAgain.html.contains("0 messages in doubt are queued to be sent again."))
        }
        #expect(try await site.store.mailCounts() == MailCounts(pending: 1, sent: 1, failed: 0))
        // Due at the site's mail clock (the newsroom's test clock, years ahead): read it well after.
        let later = max(newsroom.clock.now, Date()).addingTimeInterval(3_600)
        let due = try await site.store.claimDueMail(now: later, leaseUntil: later.addingTimeInterval(60), limit: 10)
        #expect(due.map(\.id) == [ann.0], "only Ann's copy goes out again")
    }
}
