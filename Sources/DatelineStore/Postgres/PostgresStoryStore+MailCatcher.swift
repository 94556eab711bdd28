import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: MailCatcherStore {
    public func catchMail(_ mail: CaughtMailInput, keep: Int) async throws(StoreError) -> Int64 {
        let checked = try MailCatcherRules.checked(mail, keep: keep)
        return try await write { [self] connection in
            let inserted = try await connection.query(
                """
                INSERT INTO caught_mail (caught_at, sender, recipients, message_id, subject, size, content)
                VALUES (\(mail.caughtAt.postgres), \(checked.sender.postgresText), \(checked.recipients.postgresText),
                    \(checked.messageID.postgresText), \(checked.subject.postgresText), \(checked.size),
                    \(checked.content.postgresText))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard let id = inserted.first else { throw StoreError.failed("PostgreSQL did not keep the caught message") }
            try await connection.query(
                """
                DELETE FROM caught_mail WHERE id NOT IN (SELECT id FROM caught_mail ORDER BY id DESC LIMIT \(keep))
                """, logger: logger)
            return id
        }
    }

    public func caughtMail(limit: Int) async throws(StoreError) -> [CaughtMailSummary] {
        let limit = max(0, limit)
        return try await read { [self] connection in
            try await connection.query(
                """
                SELECT id, caught_at, sender, recipients, subject, size FROM caught_mail
                ORDER BY id DESC LIMIT \(limit)
                """, logger: logger
            ).decode((Int64, Date, String, String, String, Int).self).collected().map {
                CaughtMailSummary(
                    id: $0.0, caughtAt: $0.1, sender: $0.2, recipients: MailCatcherRules.recipients($0.3),
                    subject: $0.4, size: $0.5)
            }
        }
    }

    public func caughtMail(id: Int64) async throws(StoreError) -> CaughtMail? {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT id, caught_at, sender, recipients, subject, size, message_id, content FROM caught_mail
                WHERE id = \(id)
                """, logger: logger
            ).decode((Int64, Date, String, String, String, Int, String, String).self).collected().first.map {
                CaughtMail(
                    summary: CaughtMailSummary(
                        id: $0.0, caughtAt: $0.1, sender: $0.2, recipients: MailCatcherRules.recipients($0.3),
                        subject: $0.4, size: $0.5),
                    messageID: $0.6, content: $0.7)
            }
        }
    }

    public func clearCaughtMail() async throws(StoreError) -> Int {
        try await write { [self] connection in
            try await connection.query("DELETE FROM caught_mail RETURNING id", logger: logger)
                .decode(Int64.self).collected().count
        }
    }
}
