import DatelineMail
import DatelineStore
import Foundation

/// The mail queue's outbox kept in the site's database, so a message accepted by one instance
/// survives restarts and may be sent by any instance.
struct StoreMailOutbox: MailOutbox {
    let store: any MailStore

    func enqueue(_ entry: OutboxEntry) async throws {
        let payload = try JSONEncoder().encode(entry.mail)
        try await store.enqueueMail(
            StoredMail(
                id: entry.id, payload: payload, enqueuedAt: entry.enqueuedAt, attempts: entry.attempts,
                nextAttemptAt: entry.nextAttemptAt, lastError: entry.lastError))
    }

    func claimDue(now: Date, leaseUntil: Date, limit: Int) async throws -> [OutboxEntry] {
        let claimed = try await store.claimDueMail(now: now, leaseUntil: leaseUntil, limit: limit)
        var entries: [OutboxEntry] = []
        for stored in claimed {
            do {
                let mail = try JSONDecoder().decode(OutgoingMail.self, from: stored.payload)
                entries.append(
                    OutboxEntry(
                        id: stored.id, mail: mail, enqueuedAt: stored.enqueuedAt, attempts: stored.attempts,
                        nextAttemptAt: stored.nextAttemptAt, lastError: stored.lastError))
            } catch {
                // A row no version of this code can read would come back forever; end it with the reason.
                try await store.markMailFailed(
                    id: stored.id, error: "unreadable outbox entry: \(error)", at: now)
            }
        }
        return entries
    }

    func markHandedOver(_ id: UUID, attempt: Int) async throws -> Bool {
        try await store.markMailHandedOver(id: id, attempt: attempt)
    }

    func markSent(_ id: UUID) async throws { try await store.markMailSent(id: id, at: Date()) }

    func reschedule(_ id: UUID, attempt: Int, nextAttemptAt: Date, error: String) async throws {
        try await store.rescheduleMail(id: id, attempt: attempt, nextAttemptAt: nextAttemptAt, error: error)
    }

    func markFailed(_ id: UUID, error: String) async throws {
        try await store.markMailFailed(id: id, error: error, at: Date())
    }

    func markInDoubt(_ id: UUID, attempt: Int, error: String) async throws {
        try await store.markMailInDoubt(id: id, attempt: attempt, error: error, at: Date())
    }

    func resendInDoubt(now: Date) async throws -> Int {
        try await store.resendInDoubtMail(now: now)
    }
}
