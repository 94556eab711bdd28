import DatelineMail
import Foundation

/// How the site sends mail ("E-mail to a friend", newsletter confirmations, account mail).
/// Without one (no `DATELINE_SMTP_URL` and no mail catcher) the tools are hidden and their
/// addresses say that mail is not configured.
public struct StoryMailConfiguration: Sendable {
    /// Where messages go once the queue sends them.
    public enum Delivery: Sendable, Equatable {
        /// To this SMTP server (with STARTTLS and AUTH when its URL asks for them).
        case smtp(SMTPConfiguration)
        /// Into the development mail catcher in the site's database, keeping the newest `keep`
        /// messages, readable at `/newsroom/mail`; nothing leaves the machine.
        case catcher(keep: Int)
    }

    /// Where messages go.
    public var delivery: Delivery
    /// The SMTP server, nil when mail goes to the catcher.
    public var smtp: SMTPConfiguration? {
        if case .smtp(let configuration) = delivery { return configuration }
        return nil
    }
    /// True when mail goes into the development catcher instead of a server.
    public var catchesMail: Bool { smtp == nil }
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

    /// A configuration sending through `smtp`.
    public init(
        smtp: SMTPConfiguration, from: Mailbox, perSender: Int = 10, perRecipient: Int = 5, perClient: Int = 30,
        window: Duration = .seconds(3600), retry: MailRetryPolicy = MailRetryPolicy()
    ) {
        self.init(
            delivery: .smtp(smtp), from: from, perSender: perSender, perRecipient: perRecipient,
            perClient: perClient, window: window, retry: retry)
    }

    /// A configuration delivering as `delivery` says.
    public init(
        delivery: Delivery, from: Mailbox, perSender: Int = 10, perRecipient: Int = 5, perClient: Int = 30,
        window: Duration = .seconds(3600), retry: MailRetryPolicy = MailRetryPolicy()
    ) {
        self.delivery = delivery
        self.from = from
        self.perSender = max(1, perSender)
        self.perRecipient = max(1, perRecipient)
        self.perClient = max(1, perClient)
        self.window = window
        self.retry = retry
    }

    /// The From mailbox for `smtp`: its own `from` option when given, else `no-reply@host` named after
    /// the site, where host is the public URL's host (or "localhost.localdomain" when that is not a name).
    /// With no SMTP server (the catcher), the same `no-reply@host` address.
    public static func defaultSender(for smtp: SMTPConfiguration?, siteName: String, publicBaseURL: URL?) throws
        -> Mailbox
    {
        if let sender = smtp?.sender {
            return sender.displayName == nil ? try Mailbox(sender.address, displayName: siteName) : sender
        }
        let host = publicBaseURL?.host.flatMap { $0.contains(".") && !$0.contains(":") ? $0 : nil }
        return try Mailbox("no-reply@\(host ?? "localhost.localdomain")", displayName: siteName)
    }
}
