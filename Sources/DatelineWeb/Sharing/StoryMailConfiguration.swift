import DatelineMail
import Foundation

/// How the "E-mail to a friend" tool sends mail. Without one (no `DATELINE_SMTP_URL`) the tool is
/// hidden and its address says that mail is not configured.
public struct StoryMailConfiguration: Sendable {
    /// The SMTP server (with STARTTLS and AUTH when its URL asks for them).
    public var smtp: SMTPConfiguration
    /// The site's own From address; readers never choose it.
    public var from: Mailbox
    /// Shares one sender address may make per window.
    public var perSender: Int
    /// Messages one recipient address may receive per window.
    public var perRecipient: Int
    /// Shares one client address (IPv6: its /64) may make per window.
    public var perClient: Int
    /// The window the limits count over; an hour unless set.
    public var window: Duration
    /// When the queue retries a message the server did not take.
    public var retry: MailRetryPolicy

    /// A configuration; `from` defaults to the SMTP URL's `from` option, else `no-reply@` the site's host.
    public init(
        smtp: SMTPConfiguration, from: Mailbox, perSender: Int = 10, perRecipient: Int = 5, perClient: Int = 30,
        window: Duration = .seconds(3600), retry: MailRetryPolicy = MailRetryPolicy()
    ) {
        self.smtp = smtp
        self.from = from
        self.perSender = max(1, perSender)
        self.perRecipient = max(1, perRecipient)
        self.perClient = max(1, perClient)
        self.window = window
        self.retry = retry
    }

    /// The From mailbox for `smtp`: its own `from` option when given, else `no-reply@host` named after
    /// the site, where host is the public URL's host (or "localhost.localdomain" when that is not a name).
    public static func defaultSender(for smtp: SMTPConfiguration, siteName: String, publicBaseURL: URL?) throws
        -> Mailbox
    {
        if let sender = smtp.sender {
            return sender.displayName == nil ? try Mailbox(sender.address, displayName: siteName) : sender
        }
        let host = publicBaseURL?.host.flatMap { $0.contains(".") && !$0.contains(":") ? $0 : nil }
        return try Mailbox("no-reply@\(host ?? "localhost.localdomain")", displayName: siteName)
    }
}
