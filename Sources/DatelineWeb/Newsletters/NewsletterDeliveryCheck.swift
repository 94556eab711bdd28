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

    func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport {
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
            case .send, nil:
                break
            }
        }
        return try await inner.deliver(mail)
    }
}
