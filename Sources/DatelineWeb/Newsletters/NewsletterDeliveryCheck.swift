import DatelineMail
import DatelineStore
import Foundation

/// Stands in front of the real transport and asks, just before each newsletter message goes out,
/// whether it still should: a list deleted or a reader who left, paused or was suppressed after
/// the issue was queued gets nothing. Other mail passes straight through.
///
/// A refused message fails for good with a reason that says it was cancelled, not lost; the
/// dashboard counts it as cancelled.
struct NewsletterDeliveryCheck: MailTransport {
    let inner: any MailTransport
    let store: any NewsletterIssueStore
    /// The most newsletter messages a minute to one destination domain, counted in the database
    /// so every instance shares it; nil for none.
    var domainLimit: DomainLimit? = nil
    var now: @Sendable () -> Date = { Date() }

    struct DomainLimit: Sendable {
        let perMinute: Int
        let counts: any MailStore
    }

    func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport {
        try await deliver(mail, handOver: .none)
    }

    func deliver(_ mail: OutgoingMail, handOver: MailHandOver) async throws(MailError) -> MailDeliveryReport {
        if mail.messageID.contains(NewsletterIssueMail.messageIDMarker) {
            let standing: NewsletterDeliveryStanding?
            do {
                standing = try await store.newsletterDeliveryStanding(messageID: mail.messageID)
            } catch {
                throw .transient(
                    SMTPFailure(
                        server: "database", stage: .connect,
                        explanation: "cannot check the newsletter delivery before sending: \(error)"))
            }
            switch standing {
            case .listDeleted:
                throw .invalidMessage(
                    NewsletterProgress.cancelledMarker + "the newsletter was deleted before this message was sent")
            case .notSubscribed:
                throw .invalidMessage(
                    NewsletterProgress.cancelledMarker
                        + "the reader unsubscribed, paused or was suppressed before this message was sent")
            case .send:
                try await checkDomainLimit(mail)
            case nil:
                break
            }
        }
        return try await inner.deliver(mail, handOver: handOver)
    }

    /// Counts the message against its domain's minute; over the limit it waits (a transient
    /// failure, so the outbox tries again later and the dashboard shows it deferred).
    private func checkDomainLimit(_ mail: OutgoingMail) async throws(MailError) {
        guard let domainLimit, let domain = mail.recipients.first?.domain.lowercased() else { return }
        let time = now()
        let full: String?
        do {
            full = try await domainLimit.counts.acquireSendQuota(
                [SendQuota(key: "newsletter-domain:\(domain)", limit: domainLimit.perMinute)],
                since: time.addingTimeInterval(-60), now: time)
        } catch {
            throw .transient(
                SMTPFailure(
                    server: "database", stage: .connect, explanation: "cannot count newsletter sends: \(error)"))
        }
        if full != nil {
            throw .transient(
                SMTPFailure(
                    server: domain, stage: .connect,
                    explanation:
                        "newsletter rate limit for \(domain) reached (\(domainLimit.perMinute) a minute); waiting"))
        }
    }
}
