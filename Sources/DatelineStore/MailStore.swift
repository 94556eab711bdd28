import DatelineCore
import Foundation

/// The database side of outgoing mail: an outbox that several server instances share, and the
/// send counts that rate limits are checked against, so neither is lost on a restart nor split
/// between instances.
///
/// The store knows messages only as opaque payloads; the mail module decides what they hold.
/// Every method is one statement or one transaction.
public protocol MailStore: Sendable {
    /// Stores a new pending message.
    func enqueueMail(_ mail: StoredMail) async throws(StoreError)

    /// Claims up to `limit` pending messages due at or before `now`, oldest due first: in the same
    /// transaction their next attempt moves to `leaseUntil` and their attempt count grows by one,
    /// so another instance cannot claim them until the lease runs out. Returns them as updated.
    /// First, handed-over messages whose lease ended at or before `now` move to `in_doubt`.
    func claimDueMail(now: Date, leaseUntil: Date, limit: Int) async throws(StoreError) -> [StoredMail]

    /// Records that a claimed message is being handed to the server (`handed_over`): it is never
    /// claimed again, and if its lease ends before it is sent, rescheduled or failed, the next
    /// claim moves it to `in_doubt`. Only a pending message whose attempt count is still `attempt`
    /// changes (another claim since means another instance is sending it); returns whether it did.
    func markMailHandedOver(id: UUID, attempt: Int) async throws(StoreError) -> Bool

    /// Records a delivery; the message is never claimed again.
    func markMailSent(id: UUID, at time: Date) async throws(StoreError)

    /// Makes a claimed (or handed-over, or meanwhile in-doubt) message pending again, due at
    /// `nextAttemptAt`, with the reason it failed; only while its attempt count is still `attempt`.
    func rescheduleMail(id: UUID, attempt: Int, nextAttemptAt: Date, error: String) async throws(StoreError)

    /// Moves a handed-over message to `in_doubt` at once, with the reason, while its attempt count
    /// is still `attempt` (its sender lost the connection after the final `.` without a reply).
    func markMailInDoubt(id: UUID, attempt: Int, error: String, at time: Date) async throws(StoreError)

    /// Makes every in-doubt message pending again, due at `now` and without its error (so it
    /// counts as queued, not deferred), for an operator who prefers a possible second copy to a
    /// possibly missing one. Returns how many.
    func resendInDoubtMail(now: Date) async throws(StoreError) -> Int

    /// Gives a message up for good, with the reason; it is never claimed again.
    func markMailFailed(id: UUID, error: String, at time: Date) async throws(StoreError)

    /// Messages in each state, for operators and tests.
    func mailCounts() async throws(StoreError) -> MailCounts

    /// Counts one send against every key in `quotas` if each key has had fewer than its limit since
    /// `since`; otherwise counts nothing and returns the first key that is full. Sends older than
    /// `since` are forgotten on the way, so the table stays as small as the window.
    func acquireSendQuota(_ quotas: [SendQuota], since: Date, now: Date) async throws(StoreError) -> String?
}

/// One message in the shared outbox.
public struct StoredMail: Sendable, Hashable {
    /// The message's key.
    public var id: UUID
    /// What the mail module stored (its envelope and text, as JSON).
    public var payload: Data
    /// When it was accepted.
    public var enqueuedAt: Date
    /// How many times it has been claimed.
    public var attempts: Int
    /// When it is next due (while claimed: when the claim ends).
    public var nextAttemptAt: Date
    /// Why the last attempt failed, if it did.
    public var lastError: String?

    /// Makes an entry.
    public init(
        id: UUID, payload: Data, enqueuedAt: Date, attempts: Int = 0, nextAttemptAt: Date, lastError: String? = nil
    ) {
        self.id = id
        self.payload = payload
        self.enqueuedAt = enqueuedAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}

/// How many messages the outbox holds in each state.
public struct MailCounts: Sendable, Hashable {
    /// Waiting for a first or later attempt (including claimed ones).
    public var pending: Int
    /// Delivered.
    public var sent: Int
    /// Given up.
    public var failed: Int
    /// Being handed to the server right now.
    public var handedOver: Int
    /// Handed to the server by an instance that stopped before it heard back: probably delivered,
    /// not sent again unless an operator asks.
    public var inDoubt: Int

    /// Makes a count.
    public init(pending: Int, sent: Int, failed: Int, handedOver: Int = 0, inDoubt: Int = 0) {
        self.pending = pending
        self.sent = sent
        self.failed = failed
        self.handedOver = handedOver
        self.inDoubt = inDoubt
    }

    /// Adds `count` messages in the outbox state named `state` (the column's value).
    public mutating func add(state: String, count: Int) {
        switch state {
        case "pending": pending += count
        case "sent": sent += count
        case "failed": failed += count
        case "handed_over": handedOver += count
        case "in_doubt": inDoubt += count
        default: break
        }
    }

    /// What an in-doubt message's outbox error says.
    public static let inDoubtError =
        "in doubt: the instance sending this message stopped after handing it to the server and before it heard back; it was probably delivered, so it is not sent again unless an operator asks"
}

/// A key sends are counted against (a sender, a recipient, a client address) and its limit per window.
public struct SendQuota: Sendable, Hashable {
    /// The key, already normalised by the caller ("sender:ann@example.com").
    public var key: String
    /// The most sends the key may have in the window.
    public var limit: Int

    /// Makes a quota.
    public init(key: String, limit: Int) {
        self.key = key
        self.limit = limit
    }
}
