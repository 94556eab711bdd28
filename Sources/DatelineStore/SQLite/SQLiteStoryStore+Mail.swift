import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: MailStore {
    public func enqueueMail(_ mail: StoredMail) async throws(StoreError) {
        guard let payload = String(data: mail.payload, encoding: .utf8) else {
            throw .failed("the mail payload is not UTF-8 text")
        }
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO mail_outbox (id, payload, enqueued_at, attempts, next_attempt_at, state, last_error)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?)
                    """,
                arguments: [
                    mail.id.uuidString, payload, mail.enqueuedAt, mail.attempts, mail.nextAttemptAt, mail.lastError,
                ])
        }
    }

    public func claimDueMail(now: Date, leaseUntil: Date, limit: Int) async throws(StoreError) -> [StoredMail] {
        let limit = max(limit, 0)
        guard limit > 0 else { return [] }
        return try await write { db in
            // One write transaction: no other process can claim the same rows in between.
            try db.execute(
                sql: """
                    UPDATE mail_outbox SET state = 'in_doubt', finished_at = ?, last_error = ?
                    WHERE state = 'handed_over' AND next_attempt_at <= ?
                    """,
                arguments: [now, MailCounts.inDoubtError, now])
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, enqueued_at LIMIT ?
                    """,
                arguments: [now, limit])
            var claimed: [StoredMail] = []
            for row in rows {
                let id: String = row["id"]
                try db.execute(
                    sql: "UPDATE mail_outbox SET next_attempt_at = ?, attempts = attempts + 1 WHERE id = ?",
                    arguments: [leaseUntil, id])
                if let stored = try Self.mail(id: id, db) { claimed.append(stored) }
            }
            return claimed
        }
    }

    public func markMailHandedOver(id: UUID, attempt: Int) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE mail_outbox SET state = 'handed_over' WHERE id = ? AND state = 'pending' AND attempts = ?",
                arguments: [id.uuidString, attempt])
            return db.changesCount == 1
        }
    }

    public func markMailSent(id: UUID, at time: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE mail_outbox SET state = 'sent', finished_at = ?, last_error = NULL WHERE id = ?",
                arguments: [time, id.uuidString])
        }
    }

    public func rescheduleMail(id: UUID, attempt: Int, nextAttemptAt: Date, error: String) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE mail_outbox SET state = 'pending', next_attempt_at = ?, last_error = ?, finished_at = NULL
                    WHERE id = ? AND attempts = ? AND state IN ('pending', 'handed_over', 'in_doubt')
                    """,
                arguments: [nextAttemptAt, String(error.prefix(1000)), id.uuidString, attempt])
        }
    }

    public func markMailInDoubt(id: UUID, attempt: Int, error: String, at time: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE mail_outbox SET state = 'in_doubt', finished_at = ?, last_error = ?
                    WHERE id = ? AND attempts = ? AND state = 'handed_over'
                    """,
                arguments: [time, String(error.prefix(1000)), id.uuidString, attempt])
        }
    }

    public func resendInDoubtMail(now: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE mail_outbox SET state = 'pending', next_attempt_at = ?, finished_at = NULL, last_error = NULL
                    WHERE state = 'in_doubt'
                    """, arguments: [now])
            return db.changesCount
        }
    }

    public func markMailFailed(id: UUID, error: String, at time: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE mail_outbox SET state = 'failed', finished_at = ?, last_error = ? WHERE id = ?",
                arguments: [time, String(error.prefix(1000)), id.uuidString])
        }
    }

    public func mailCounts() async throws(StoreError) -> MailCounts {
        try await read { db in
            var counts = MailCounts(pending: 0, sent: 0, failed: 0)
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM mail_outbox GROUP BY state") {
                counts.add(state: row["state"], count: row["n"])
            }
            return counts
        }
    }

    public func acquireSendQuota(_ quotas: [SendQuota], since: Date, now: Date) async throws(StoreError) -> String? {
        var seen = Set<String>()
        let quotas = quotas.filter { seen.insert($0.key).inserted }
        return try await write { db in
            try db.execute(sql: "DELETE FROM mail_send_log WHERE sent_at < ?", arguments: [since])
            for quota in quotas {
                let used =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM mail_send_log WHERE key = ? AND sent_at >= ?",
                        arguments: [quota.key, since]) ?? 0
                if used >= quota.limit { return quota.key }
            }
            for quota in quotas {
                try db.execute(
                    sql: "INSERT INTO mail_send_log (key, sent_at) VALUES (?, ?)", arguments: [quota.key, now])
            }
            return nil
        }
    }

    private static func mail(id: String, _ db: Database) throws -> StoredMail? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, payload, enqueued_at, attempts, next_attempt_at, last_error
                    FROM mail_outbox WHERE id = ?
                    """,
                arguments: [id]),
            let uuid = UUID(uuidString: row["id"])
        else { return nil }
        let payload: String = row["payload"]
        return StoredMail(
            id: uuid, payload: Data(payload.utf8), enqueuedAt: row["enqueued_at"], attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"], lastError: row["last_error"])
    }
}
