import DatelineCore
import Foundation

/// The development mail catcher: messages the site would have sent, kept in the database instead
/// of going to an SMTP server, so a newcomer can read them in the newsroom. Only the newest few
/// are kept; every catch trims the rest in the same transaction.
public protocol MailCatcherStore: Sendable {
    /// Keeps `mail` and deletes all but the newest `keep` messages, in one transaction; returns the
    /// new message's key. Refused (``StoreError/invalid(_:)``, nothing stored) for a message over
    /// ``CaughtMail/maximumBytes``, without a recipient, or a `keep` outside 1…``CaughtMail/maximumKeep``.
    @discardableResult
    func catchMail(_ mail: CaughtMailInput, keep: Int) async throws(StoreError) -> Int64

    /// The newest `limit` caught messages, newest first, without their text.
    func caughtMail(limit: Int) async throws(StoreError) -> [CaughtMailSummary]

    /// One caught message with its text; nil when there is none (or it was trimmed).
    func caughtMail(id: Int64) async throws(StoreError) -> CaughtMail?

    /// Deletes every caught message; returns how many there were.
    @discardableResult
    func clearCaughtMail() async throws(StoreError) -> Int
}

/// A message handed to the catcher: its envelope, the subject for the list, and the full text.
public struct CaughtMailInput: Sendable, Hashable {
    /// The envelope sender.
    public var sender: String
    /// The envelope recipients.
    public var recipients: [String]
    /// The Message-ID header's value.
    public var messageID: String
    /// The decoded Subject, for the list.
    public var subject: String
    /// The message as it would have gone over the wire (RFC 5322, CRLF line ends).
    public var content: String
    /// When the catcher took it.
    public var caughtAt: Date

    /// Makes an input.
    public init(
        sender: String, recipients: [String], messageID: String, subject: String, content: String, caughtAt: Date
    ) {
        self.sender = sender
        self.recipients = recipients
        self.messageID = messageID
        self.subject = subject
        self.content = content
        self.caughtAt = caughtAt
    }
}

/// A caught message as the catcher's list shows it.
public struct CaughtMailSummary: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var caughtAt: Date
    public var sender: String
    public var recipients: [String]
    public var subject: String
    /// The message's size in bytes.
    public var size: Int

    /// Makes a summary.
    public init(id: Int64, caughtAt: Date, sender: String, recipients: [String], subject: String, size: Int) {
        self.id = id
        self.caughtAt = caughtAt
        self.sender = sender
        self.recipients = recipients
        self.subject = subject
        self.size = size
    }
}

/// A caught message with its full text.
public struct CaughtMail: Sendable, Hashable, Identifiable {
    /// The largest message the catcher keeps (4 MiB); a newsletter with pictures linked, not
    /// attached, is a few dozen kilobytes.
    public static let maximumBytes = 4 * 1024 * 1024
    /// The most messages the catcher may be asked to keep.
    public static let maximumKeep = 10_000
    /// How many messages the catcher keeps unless told otherwise.
    public static let defaultKeep = 200

    public var summary: CaughtMailSummary
    public var messageID: String
    /// The message as it would have gone over the wire.
    public var content: String

    public var id: Int64 { summary.id }

    /// Makes a message.
    public init(summary: CaughtMailSummary, messageID: String, content: String) {
        self.summary = summary
        self.messageID = messageID
        self.content = content
    }
}
