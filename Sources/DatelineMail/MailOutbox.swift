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
/// - ``markSent(_:)`` and ``markFailed(_:error:)`` end an entry; ``reschedule(_:nextAttemptAt:error:)``
///   makes it pending again for a later attempt.
public protocol MailOutbox: Sendable {
    /// Stores a new pending entry.
    func enqueue(_ entry: OutboxEntry) async throws
    /// Claims due pending entries as described above and returns them with their updated attempt counts.
    func claimDue(now: Date, leaseUntil: Date, limit: Int) async throws -> [OutboxEntry]
    /// Records that the entry was delivered; it is never claimed again.
    func markSent(_ id: UUID) async throws
    /// Makes the entry pending again, due at `nextAttemptAt`, remembering why the last attempt failed.
    func reschedule(_ id: UUID, nextAttemptAt: Date, error: String) async throws
    /// Records that the entry will never be delivered, and why; it is never claimed again.
    func markFailed(_ id: UUID, error: String) async throws
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
