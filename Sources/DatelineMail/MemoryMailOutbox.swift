import Foundation

/// A ``MailOutbox`` in memory: for tests, development, and sites that accept losing unsent mail when
/// the process stops.
public actor MemoryMailOutbox: MailOutbox {
    /// Where an entry stands.
    public enum State: Sendable, Equatable {
        /// Waiting to be sent (or claimed by a worker until its lease ends).
        case pending
        /// Being handed to the server by the worker that claimed it.
        case handedOver
        /// Handed over by a worker that stopped before it heard back: probably delivered, not resent.
        case inDoubt
        /// Delivered.
        case sent
        /// Given up, with the reason.
        case failed(String)
    }

    /// An entry and where it stands.
    public struct Record: Sendable, Equatable {
        /// The entry as the queue last left it.
        public var entry: OutboxEntry
        /// Where it stands.
        public var state: State
    }

    private var records: [UUID: Record] = [:]
    private var order: [UUID] = []

    /// An empty outbox.
    public init() {}

    /// Stores `entry` as pending.
    public func enqueue(_ entry: OutboxEntry) {
        if records[entry.id] == nil { order.append(entry.id) }
        records[entry.id] = Record(entry: entry, state: .pending)
    }

    /// Claims due pending entries, oldest due first, leasing them until `leaseUntil`.
    public func claimDue(now: Date, leaseUntil: Date, limit: Int) -> [OutboxEntry] {
        for id in order where records[id]?.state == .handedOver && records[id]!.entry.nextAttemptAt <= now {
            records[id]?.state = .inDoubt
        }
        let due = order.compactMap { records[$0] }
            .filter { $0.state == .pending && $0.entry.nextAttemptAt <= now }
            .sorted { $0.entry.nextAttemptAt < $1.entry.nextAttemptAt }
            .prefix(max(0, limit))
        return due.map { record in
            var entry = record.entry
            entry.attempts += 1
            entry.nextAttemptAt = leaseUntil
            records[entry.id]?.entry = entry
            return entry
        }
    }

    /// Marks a pending entry as being handed to the server, if no other claim was made since `attempt`.
    public func markHandedOver(_ id: UUID, attempt: Int) -> Bool {
        guard records[id]?.state == .pending, records[id]?.entry.attempts == attempt else { return false }
        records[id]?.state = .handedOver
        return true
    }

    /// Marks the entry delivered.
    public func markSent(_ id: UUID) {
        records[id]?.state = .sent
    }

    /// Makes a pending, handed-over or in-doubt entry due again at `nextAttemptAt`, if no other claim
    /// was made since `attempt`; finished entries stay finished.
    public func reschedule(_ id: UUID, attempt: Int, nextAttemptAt: Date, error: String) {
        guard let record = records[id], record.entry.attempts == attempt,
            [.pending, .handedOver, .inDoubt].contains(record.state)
        else { return }
        records[id]?.state = .pending
        records[id]?.entry.nextAttemptAt = nextAttemptAt
        records[id]?.entry.lastError = error
    }

    /// Marks the entry given up, with the reason.
    public func markFailed(_ id: UUID, error: String) {
        records[id]?.state = .failed(error)
        records[id]?.entry.lastError = error
    }

    /// Counts a handed-over entry in doubt, if no other claim was made since `attempt`.
    public func markInDoubt(_ id: UUID, attempt: Int, error: String) {
        guard records[id]?.state == .handedOver, records[id]?.entry.attempts == attempt else { return }
        records[id]?.state = .inDoubt
        records[id]?.entry.lastError = error
    }

    /// Makes every in-doubt entry pending again, due at `now`.
    public func resendInDoubt(now: Date) -> Int {
        var count = 0
        for id in order where records[id]?.state == .inDoubt {
            records[id]?.state = .pending
            records[id]?.entry.nextAttemptAt = now
            records[id]?.entry.lastError = nil
            count += 1
        }
        return count
    }

    /// Every entry in the order it was enqueued, with its state.
    public func allRecords() -> [Record] {
        order.compactMap { records[$0] }
    }

    /// One entry with its state, nil when there is no such entry.
    public func record(_ id: UUID) -> Record? {
        records[id]
    }

    /// How many entries are still pending.
    public var pendingCount: Int {
        records.values.filter { $0.state == .pending }.count
    }
}
