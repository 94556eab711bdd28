import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: MailStore {
    public func enqueueMail(_ mail: StoredMail) async throws(StoreError) {
        guard let payload = String(data: mail.payload, encoding: .utf8) else {
            throw .failed("the mail payload is not UTF-8 text")
        }
        try await write { [self] connection in
            try await connection.query(
                """
                INSERT INTO mail_outbox (id, payload, enqueued_at, attempts, next_attempt_at, state, last_error)
                VALUES (\(mail.id), \(payload), \(mail.enqueuedAt.postgres), \(mail.attempts),
                        \(mail.nextAttemptAt.postgres), 'pending', \(mail.lastError))
                """, logger: logger)
        }
    }

    public func claimDueMail(now: Date, leaseUntil: Date, limit: Int) async throws(StoreError) -> [StoredMail] {
        let limit = max(limit, 0)
        guard limit > 0 else { return [] }
        return try await write { [self] connection in
            try await connection.query(
                """
                UPDATE mail_outbox SET state = 'in_doubt', finished_at = \(now.postgres),
                    last_error = \(MailCounts.inDoubtError)
                WHERE state = 'handed_over' AND next_attempt_at <= \(now.postgres)
                """, logger: logger)
            // SKIP LOCKED: instances claiming at the same moment take different rows, never the same one.
            let rows = try await connection.query(
                """
                UPDATE mail_outbox SET next_attempt_at = \(leaseUntil.postgres), attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= \(now.postgres)
                    ORDER BY next_attempt_at, enqueued_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING id, payload, enqueued_at, attempts, next_attempt_at, last_error
                """, logger: logger
            ).decode((UUID, String, Date, Int, Date, String?).self).collected()
            return rows.map {
                StoredMail(
                    id: $0.0, payload: Data($0.1.utf8), enqueuedAt: $0.2, attempts: $0.3, nextAttemptAt: $0.4,
                    lastError: $0.5)
            }
            .sorted { ($0.nextAttemptAt, $0.enqueuedAt) < ($1.nextAttemptAt, $1.enqueuedAt) }
        }
    }

    public func markMailHandedOver(id: UUID, attempt: Int) async throws(StoreError) -> Bool {
        try await write { [self] connection in
            !(try await connection.query(
                """
                UPDATE mail_outbox SET state = 'handed_over'
                WHERE id = \(id) AND state = 'pending' AND attempts = \(attempt) RETURNING id
                """, logger: logger
            ).decode(UUID.self).collected()).isEmpty
        }
    }

    public func markMailSent(id: UUID, at time: Date) async throws(StoreError) {
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE mail_outbox SET state = 'sent', finished_at = \(time.postgres), last_error = NULL
                WHERE id = \(id)
                """, logger: logger)
        }
    }

    public func rescheduleMail(id: UUID, attempt: Int, nextAttemptAt: Date, error: String) async throws(StoreError) {
        let error = String(error.prefix(1000)).postgresText
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE mail_outbox SET state = 'pending', next_attempt_at = \(nextAttemptAt.postgres),
                    last_error = \(error), finished_at = NULL
                WHERE id = \(id) AND attempts = \(attempt) AND state IN ('pending', 'handed_over', 'in_doubt')
                """, logger: logger)
        }
    }

    public func markMailInDoubt(id: UUID, attempt: Int, error: String, at time: Date) async throws(StoreError) {
        let error = String(error.prefix(1000)).postgresText
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE mail_outbox SET state = 'in_doubt', finished_at = \(time.postgres), last_error = \(error)
                WHERE id = \(id) AND attempts = \(attempt) AND state = 'handed_over'
                """, logger: logger)
        }
    }

    public func resendInDoubtMail(now: Date) async throws(StoreError) -> Int {
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE mail_outbox SET state = 'pending', next_attempt_at = \(now.postgres), finished_at = NULL,
                    last_error = NULL
                WHERE state = 'in_doubt' RETURNING id
                """, logger: logger
            ).decode(UUID.self).collected().count
        }
    }

    public func markMailFailed(id: UUID, error: String, at time: Date) async throws(StoreError) {
        let error = String(error.prefix(1000)).postgresText
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE mail_outbox SET state = 'failed', finished_at = \(time.postgres), last_error = \(error)
                WHERE id = \(id)
                """, logger: logger)
        }
    }

    public func mailCounts() async throws(StoreError) -> MailCounts {
        try await read { [self] connection in
            var counts = MailCounts(pending: 0, sent: 0, failed: 0)
            let rows = try await connection.query(
                "SELECT state, COUNT(*)::bigint FROM mail_outbox GROUP BY state", logger: logger
            ).decode((String, Int).self).collected()
            for (state, count) in rows { counts.add(state: state, count: count) }
            return counts
        }
    }

    public func acquireSendQuota(_ quotas: [SendQuota], since: Date, now: Date) async throws(StoreError) -> String? {
        var seen = Set<String>()
        let quotas = quotas.filter { seen.insert($0.key).inserted }
        return try await write { [self] connection in
            // One instance at a time counts and records, so two sends cannot both take the last slot.
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(PostgresSchema.mailQuotaLockKey))", logger: logger)
            try await connection.query(
                "DELETE FROM mail_send_log WHERE sent_at < \(since.postgres)", logger: logger)
            for quota in quotas {
                let key = quota.key.postgresText
                let used =
                    try await connection.query(
                        "SELECT COUNT(*) FROM mail_send_log WHERE key = \(key) AND sent_at >= \(since.postgres)",
                        logger: logger
                    ).decode(Int.self).collected().first ?? 0
                if used >= quota.limit { return quota.key }
            }
            for quota in quotas {
                let key = quota.key.postgresText
                try await connection.query(
                    "INSERT INTO mail_send_log (key, sent_at) VALUES (\(key), \(now.postgres))", logger: logger)
            }
            return nil
        }
    }
}
