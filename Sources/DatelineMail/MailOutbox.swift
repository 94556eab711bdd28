import Foundation

/// Where ``MailQueue`` keeps messages until they are sent, so that none is lost when a send fails
/// or the process stops. ``MemoryMailOutbox`` keeps them in memory; a database implementation keeps
/// them in a table with one row per entry.
///
/// The contract, written so that it maps onto a single SQL statement each:
/// - ``enqueue(_:)`` stores a pending entry.
/// - ``claimDue(now:leaseUntil:limit:)`` picks up to `limit` pending entries whose `nextAttemptAt`
///   is at or before `now` (oldest due first), and in the same step sets their `nextAttemptAt` to
///   `leaseUntil` and adds one to `attempts`. A claimed entry is therefore invisible to other workers
///   until its lease runs out, and comes back by itself if the worker that claimed it dies
///   (`UPDATE … SET next_attempt_at = :lease, attempts = attempts + 1 WHERE id IN (SELECT … LIMIT :n)
///   RETURNING …`, or `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL).
/// - ``markHandedOver(_:attempt:)`` records that the message is about to become the server's (see
///   ``MailTransport/deliver(_:handOver:)``), but only for the claim that made `attempt` (the
///   entry's attempt count when claimed): a worker whose lease ran out while it was still working,
///   so that another claimed the entry again, is told no and must not finish the message. That
///   check is what keeps two workers from both sending it. A handed-over entry is never claimed again: if its
///   lease runs out before it was ended, its sender stopped at the moment the server most likely
///   took the message, so it is not sent again but counted **in doubt** — the next
///   ``claimDue(now:leaseUntil:limit:)`` moves it there — until an operator decides.
/// - ``markSent(_:)`` and ``markFailed(_:error:)`` end an entry; ``reschedule(_:attempt:nextAttemptAt:error:)``
///   makes it pending again for a later attempt (a handed-over or in-doubt one too: the server
///   said no), again only for the claim that made `attempt`.
///
/// - ``markInDoubt(_:attempt:error:)`` counts a handed-over entry in doubt at once: the connection
///   ended after the message's last line without the server's reply (``MailError/serverMayHaveMessage``)
///   and the policy is ``MailInDoubtPolicy/hold``; ``resendInDoubt(now:)`` makes in-doubt entries due.
///
/// So a sender killed at any moment never sends a second copy by itself; it leaves a missing copy
/// only if it dies between the database confirming the hand-over and the last line reaching the
/// socket (that stretch runs on the thread that received the confirmation, see
/// ``ImmediateTaskExecutor``), and such a message shows as in doubt, never as sent.
public protocol MailOutbox: Sendable {
    /// Stores a new pending entry.
    func enqueue(_ entry: OutboxEntry) async throws
    /// Claims due pending entries as described above and returns them with their updated attempt counts.
    func claimDue(now: Date, leaseUntil: Date, limit: Int) async throws -> [OutboxEntry]
    /// Records that the entry is being handed to the server, if it is pending and its attempt count
    /// is still `attempt` (no other worker claimed it since); returns whether it did. A handed-over
    /// entry is never claimed again (in doubt once its lease runs out, unless it is ended or
    /// rescheduled before).
    func markHandedOver(_ id: UUID, attempt: Int) async throws -> Bool
    /// Records that the entry was delivered; it is never claimed again.
    func markSent(_ id: UUID) async throws
    /// Makes the entry pending again (also after it was handed over, or counted in doubt meanwhile),
    /// due at `nextAttemptAt`, remembering why the last attempt failed; only while its attempt count
    /// is still `attempt`.
    func reschedule(_ id: UUID, attempt: Int, nextAttemptAt: Date, error: String) async throws
    /// Records that the entry will never be delivered, and why; it is never claimed again.
    func markFailed(_ id: UUID, error: String) async throws
    /// Counts a handed-over entry **in doubt** at once, with the reason (the connection ended after
    /// the message's final `.` without a reply); only while its attempt count is still `attempt`.
    func markInDoubt(_ id: UUID, attempt: Int, error: String) async throws
    /// Makes every in-doubt entry pending again, due at `now`; returns how many.
    func resendInDoubt(now: Date) async throws -> Int
}

/// One message in a ``MailOutbox``.
public struct OutboxEntry: Sendable, Hashable, Identifiable {
    /// The entry's key.
    public let id: UUID
    /// The message with its envelope.
    public let mail: OutgoingMail
    /// When the message was first accepted; the queue gives up on it after its maximum age.
    public let enqueuedAt: Date
    /// How many times it has been claimed for sending.
    public var attempts: Int
    /// When it is next due (while claimed: when its lease ends).
    public var nextAttemptAt: Date
    /// Why the last attempt failed, if it did.
    public var lastError: String?

    /// An entry as stored or read back.
    public init(
        id: UUID = UUID(), mail: OutgoingMail, enqueuedAt: Date, attempts: Int = 0, nextAttemptAt: Date,
        lastError: String? = nil
    ) {
        self.id = id
        self.mail = mail
        self.enqueuedAt = enqueuedAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}
