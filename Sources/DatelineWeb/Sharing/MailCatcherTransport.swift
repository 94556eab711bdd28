import DatelineCore
import DatelineMail
import DatelineStore
import Foundation

/// The development mail catcher: a ``MailTransport`` that keeps each message in the site's
/// database instead of handing it to an SMTP server, so `/newsroom/mail` can show it. It sits
/// behind the same ``MailQueue`` and outbox as SMTP, so everything that sends mail works
/// unchanged; it accepts every recipient.
struct MailCatcherTransport: MailTransport {
    let store: any MailCatcherStore
    /// How many messages the catcher keeps; older ones are trimmed on every catch.
    let keep: Int
    let now: @Sendable () -> Date

    func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport {
        let subject = (try? MIMEPart(parsing: Array(mail.content.utf8)))?.header.decoded("Subject") ?? ""
        let input = CaughtMailInput(
            sender: mail.sender.string, recipients: mail.recipients.map(\.string), messageID: mail.messageID,
            subject: subject, content: mail.content, caughtAt: now())
        do {
            try await store.catchMail(input, keep: keep)
        } catch {
            let failure = SMTPFailure(
                server: "mail catcher", stage: .data, explanation: "the database did not keep the message: \(error)")
            // A message the store refuses (too large) would be refused again; anything else may pass later.
            if case .invalid = error { throw .permanent(failure) }
            throw .transient(failure)
        }
        return MailDeliveryReport(accepted: mail.recipients, serverReply: "caught")
    }
}
