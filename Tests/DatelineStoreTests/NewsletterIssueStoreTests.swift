import DatelineCore
import Foundation
import Testing

@testable import DatelineStore

/// Newsletter issues and deliveries on both backends (issue 18 item 4): one issue per list and
/// period, one delivery per issue and subscriber even with two instances at once, nobody
/// suppressed or gone ever queued, and a deleted list's unsent messages cancelled.
@Suite("NewsletterIssueStore")
struct NewsletterIssueStoreTests {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private static func issues(_ store: any StoryStore) throws -> any NewsletterStore & NewsletterIssueStore {
        try #require(store as? any NewsletterStore & NewsletterIssueStore, "every backend keeps newsletter issues")
    }

    private static func list(_ store: any NewsletterStore, _ name: String = "Morning Briefing") async throws
        -> Newsletter
    {
        try await store.addNewsletter(
            NewsletterInput(
                name: name, source: .front, sendTime: "07:00", timeZone: "UTC", fromName: "Desk",
                fromAddress: "desk@example.com"), now: start)
    }

    /// Subscribes and confirms `email` to `lists`; returns the subscriber.
    private static func subscribe(_ store: any NewsletterStore, _ email: String, to lists: [Int64]) async throws
        -> NewsletterSubscriber
    {
        let digest = UUID().uuidString
        _ = try await store.requestSubscription(
            email: email, newsletterIDs: lists, confirmationDigest: digest, now: start,
            expiresAt: start.addingTimeInterval(3600))
        return try #require(try await store.confirmSubscription(digest: digest, now: start))
    }

    private static func draft(_ list: Newsletter, period: String = "daily:2027-01-15") -> NewsletterIssueDraft {
        NewsletterIssueDraft(
            newsletterID: list.id, period: period, subject: "Morning Briefing – 15 January 2027",
            stories: [
                NewsletterIssueStory(
                    storyID: 1, headline: "Harbour <reopens>", highlights: ["Ferries run again"],
                    path: "/story/harbour", sectionName: "Local", imagePath: "/media/1/600.jpeg", imageWidth: 600,
                    imageHeight: 400, imageAlt: "The harbour at dawn")
            ], storiesUntil: start, madeAt: start)
    }

    /// The deliveries a sender would make for `recipients`, each with its own outbox message.
    private static func deliveries(_ recipients: [NewsletterRecipient], tag: String) -> [NewsletterDeliveryInput] {
        recipients.map {
            NewsletterDeliveryInput(
                subscriberID: $0.subscriberID, email: $0.email,
                messageID: "<\(tag).s\($0.subscriberID).newsletter@example.com>",
                mail: StoredMail(
                    id: UUID(), payload: Data("{\"to\":\"\($0.email)\"}".utf8), enqueuedAt: start,
                    nextAttemptAt: start))
        }
    }

    @Test(
        "one issue per list and period even when two instances make it at once; the note is used once",
        arguments: StoreBackend.all)
    func oneIssuePerPeriod(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let first = try Self.issues(fixture.store)
            let second = try Self.issues(try await fixture.openAnother())
            let list = try await Self.list(first)
            #expect(try await first.setNextNewsletterIssueNote(newsletterID: list.id, note: "  Snow closes roads.  "))
            #expect(try await first.nextNewsletterIssueNote(newsletterID: list.id) == "Snow closes roads.")
            async let a = first.makeNewsletterIssue(Self.draft(list))
            async let b = second.makeNewsletterIssue(Self.draft(list))
            let made = [try await a, try await b].compactMap { $0 }
            #expect(made.count == 1)
            let issue = try #require(made.first)
            #expect(issue.number == 1 && issue.state == .queuing && issue.editorNote == "Snow closes roads.")
            #expect(issue.stories == Self.draft(list).stories)
            #expect(try await first.nextNewsletterIssueNote(newsletterID: list.id) == "")
            let next = try #require(try await second.makeNewsletterIssue(Self.draft(list, period: "now:x")))
            #expect(next.number == 2 && next.editorNote == "")
            #expect(try await first.latestNewsletterIssue(newsletterID: list.id)?.id == next.id)
            #expect(
                try await first.newsletterIssues(newsletterID: list.id, limit: 10, offset: 0).map(\.number) == [2, 1])
            #expect(try await first.newsletterIssue(newsletterID: list.id, number: 1)?.id == issue.id)
            #expect(try await first.makeNewsletterIssue(Self.draft(list, period: "now:y").with(list: 9_999)) == nil)
            let long = String(repeating: "a", count: NewsletterIssueRules.maximumNoteLength + 1)
            await #expect(throws: StoreError.self) {
                try await first.setNextNewsletterIssueNote(newsletterID: list.id, note: long)
            }
        }
    }

    @Test(
        "every confirmed subscriber gets exactly one delivery when two instances queue the same issue at once",
        arguments: StoreBackend.all)
    func exactlyOnceAcrossInstances(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let first = try Self.issues(fixture.store)
            let second = try Self.issues(try await fixture.openAnother())
            let list = try await Self.list(first)
            var expected: Set<String> = []
            for index in 0..<30 {
                let email = "reader\(index)@example.org"
                _ = try await Self.subscribe(first, email, to: [list.id])
                expected.insert(email)
            }
            let issue = try #require(try await first.makeNewsletterIssue(Self.draft(list)))
            // Both instances read the same recipients and race to queue them, in batches of 7.
            func queueAll(_ store: any NewsletterIssueStore, tag: String) async throws -> Int {
                var after: Int64 = 0
                var added = 0
                while true {
                    let batch = try await store.unqueuedNewsletterRecipients(
                        issueID: issue.id, afterSubscriberID: after, limit: 7)
                    guard let last = batch.last else { return added }
                    after = last.subscriberID
                    added += try await store.queueNewsletterDeliveries(
                        issueID: issue.id, Self.deliveries(batch, tag: tag), at: Self.start)
                }
            }
            async let a = queueAll(first, tag: "a")
            async let b = queueAll(second, tag: "b")
            let added = try await a + b
            #expect(added == 30)
            #expect(
                try await first.unqueuedNewsletterRecipients(issueID: issue.id, afterSubscriberID: 0, limit: 100)
                    .isEmpty)
            let progress = try await first.newsletterIssueProgress(issueID: issue.id)
            #expect(progress == NewsletterProgress(queued: 30))

            // Two instances claim from the shared outbox at once: every message once, none twice.
            let mail = try #require(fixture.store as? any MailStore)
            let otherMail = try #require(second as? any MailStore)
            var claimed: [UUID] = []
            var recipients: [String] = []
            while true {
                async let x = mail.claimDueMail(now: Self.start, leaseUntil: Self.start + 600, limit: 4)
                async let y = otherMail.claimDueMail(now: Self.start, leaseUntil: Self.start + 600, limit: 4)
                let both = try await x + y
                if both.isEmpty { break }
                for stored in both {
                    claimed.append(stored.id)
                    recipients.append(String(decoding: stored.payload, as: UTF8.self))
                    try await mail.markMailSent(id: stored.id, at: Self.start)
                }
            }
            #expect(claimed.count == 30 && Set(claimed).count == 30)
            #expect(Set(recipients).count == 30)
            #expect(Set(recipients) == Set(expected.map { "{\"to\":\"\($0)\"}" }))
            #expect(try await first.newsletterIssueProgress(issueID: issue.id) == NewsletterProgress(sent: 30))
            try await first.finishQueuingNewsletterIssue(id: issue.id, at: Self.start)
            #expect(try await first.newsletterIssue(id: issue.id)?.state == .queued)
            #expect(try await first.newsletterIssuesBeingQueued(quietSince: .distantFuture).isEmpty)
            // A finished issue queues nothing more.
            #expect(
                try await first.queueNewsletterDeliveries(
                    issueID: issue.id,
                    Self.deliveries(
                        [NewsletterRecipient(subscriberID: 999, email: "x@example.org", preferenceToken: "t")],
                        tag: "late"), at: Self.start) == 0)
        }
    }

    @Test(
        "an issue counts as left half-queued only once its queuing has stored nothing for a while",
        arguments: StoreBackend.all)
    func queuingHeartbeat(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.issues(fixture.store)
            let list = try await Self.list(store)
            for index in 0..<3 { _ = try await Self.subscribe(store, "beat\(index)@example.org", to: [list.id]) }
            let issue = try #require(try await store.makeNewsletterIssue(Self.draft(list)))
            // Before any batch, the making time counts.
            #expect(try await store.newsletterIssuesBeingQueued(quietSince: Self.start).isEmpty)
            #expect(try await store.newsletterIssuesBeingQueued(quietSince: Self.start + 1).map(\.id) == [issue.id])
            // A batch stored at start + 100 keeps it alive until then, even one that adds nothing.
            let first = try await store.unqueuedNewsletterRecipients(issueID: issue.id, afterSubscriberID: 0, limit: 2)
            #expect(
                try await store.queueNewsletterDeliveries(
                    issueID: issue.id, Self.deliveries(first, tag: "h"), at: Self.start + 100) == 2)
            #expect(try await store.newsletterIssuesBeingQueued(quietSince: Self.start + 61).isEmpty)
            #expect(try await store.newsletterIssuesBeingQueued(quietSince: Self.start + 101).map(\.id) == [issue.id])
            #expect(
                try await store.queueNewsletterDeliveries(
                    issueID: issue.id, Self.deliveries(first, tag: "again"), at: Self.start + 200) == 0)
            #expect(try await store.newsletterIssuesBeingQueued(quietSince: Self.start + 161).isEmpty)
            // Finished: never listed, and a late batch neither stores nor stamps anything.
            try await store.finishQueuingNewsletterIssue(id: issue.id, at: Self.start + 210)
            #expect(try await store.newsletterIssuesBeingQueued(quietSince: .distantFuture).isEmpty)
            let rest = try await store.unqueuedNewsletterRecipients(issueID: issue.id, afterSubscriberID: 0, limit: 9)
            #expect(rest.isEmpty)
        }
    }

    @Test(
        "suppressed, unsubscribed, paused and unconfirmed people are never queued; leaving after queuing stops the send",
        arguments: StoreBackend.all)
    func neverMailed(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.issues(fixture.store)
            let list = try await Self.list(store)
            let other = try await Self.list(store, "Evening")
            let kept = try await Self.subscribe(store, "kept@example.org", to: [list.id])
            let paused = try await Self.subscribe(store, "paused@example.org", to: [list.id])
            _ = try await store.updatePreferences(
                preferenceToken: paused.preferenceToken, newsletterIDs: [list.id], paused: true, now: Self.start)
            let left = try await Self.subscribe(store, "left@example.org", to: [list.id])
            _ = try await store.unsubscribe(preferenceToken: left.preferenceToken, newsletterID: nil, now: Self.start)
            _ = try await Self.subscribe(store, "bounced@example.org", to: [list.id])
            try await store.suppress(email: "bounced@example.org", reason: .bounced, now: Self.start)
            _ = try await Self.subscribe(store, "elsewhere@example.org", to: [other.id])
            _ = try await store.requestSubscription(
                email: "pending@example.org", newsletterIDs: [list.id], confirmationDigest: "pending",
                now: Self.start, expiresAt: Self.start + 3600)
            let later = try await Self.subscribe(store, "later@example.org", to: [list.id])

            let issue = try #require(try await store.makeNewsletterIssue(Self.draft(list)))
            let recipients = try await store.unqueuedNewsletterRecipients(
                issueID: issue.id, afterSubscriberID: 0, limit: 100)
            #expect(recipients.map(\.email) == ["kept@example.org", "later@example.org"])
            #expect(recipients.first?.preferenceToken == kept.preferenceToken)
            #expect(
                try await store.queueNewsletterDeliveries(
                    issueID: issue.id, Self.deliveries(recipients, tag: "i"), at: Self.start) == 2
            )

            #expect(
                try await store.newsletterDeliveryStanding(messageID: "<i.s\(kept.id).newsletter@example.com>") == .send
            )
            // Leaving after the issue was queued: the send-time check says no.
            _ = try await store.unsubscribe(
                preferenceToken: later.preferenceToken, newsletterID: list.id, now: Self.start)
            #expect(
                try await store.newsletterDeliveryStanding(messageID: "<i.s\(later.id).newsletter@example.com>")
                    == .notSubscribed)
            #expect(try await store.newsletterDeliveryStanding(messageID: "<other@example.com>") == nil)
        }
    }

    @Test(
        "deleting a list while its issue sends cancels the unsent messages and marks the issue, in one step",
        arguments: StoreBackend.all)
    func deletedWhileSending(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.issues(fixture.store)
            let mail = try #require(fixture.store as? any MailStore)
            let list = try await Self.list(store)
            for index in 0..<5 { _ = try await Self.subscribe(store, "r\(index)@example.org", to: [list.id]) }
            let issue = try #require(try await store.makeNewsletterIssue(Self.draft(list)))
            let recipients = try await store.unqueuedNewsletterRecipients(
                issueID: issue.id, afterSubscriberID: 0, limit: 100)
            try await store.queueNewsletterDeliveries(
                issueID: issue.id, Self.deliveries(recipients, tag: "d"), at: Self.start)
            // Two are sent, one is in flight (claimed), two wait.
            let claimed = try await mail.claimDueMail(now: Self.start, leaseUntil: Self.start + 600, limit: 3)
            try await mail.markMailSent(id: claimed[0].id, at: Self.start)
            try await mail.markMailSent(id: claimed[1].id, at: Self.start)

            #expect(try await store.deleteNewsletter(id: list.id))
            let progress = try await store.newsletterIssueProgress(issueID: issue.id)
            #expect(progress.sent == 2 && progress.cancelled == 3 && progress.queued == 0)
            let stopped = try #require(try await store.newsletterIssue(id: issue.id))
            #expect(stopped.state == .cancelled && stopped.stateNote == NewsletterProgress.listDeletedNote)
            #expect(
                try await mail.claimDueMail(now: Self.start + 86_400, leaseUntil: Self.start + 90_000, limit: 10)
                    .isEmpty)
            #expect(
                try await store.newsletterDeliveryStanding(
                    messageID: "<d.s\(recipients[4].subscriberID).newsletter@example.com>")
                    == .listDeleted)
            #expect(
                try await store.queueNewsletterDeliveries(
                    issueID: issue.id, Self.deliveries(recipients, tag: "x"), at: Self.start) == 0
            )
            let totals = try await store.newsletterProgressTotals()
            #expect(totals.total == 5 && totals.cancelled == 3)
        }
    }
}

extension NewsletterIssueDraft {
    fileprivate func with(list: Int64) -> NewsletterIssueDraft {
        var copy = self
        copy.newsletterID = list
        return copy
    }
}
