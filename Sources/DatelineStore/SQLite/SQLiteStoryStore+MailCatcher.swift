import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: MailCatcherStore {
    public func catchMail(_ mail: CaughtMailInput, keep: Int) async throws(StoreError) -> Int64 {
        let checked = try MailCatcherRules.checked(mail, keep: keep)
        return try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO caught_mail (caught_at, sender, recipients, message_id, subject, size, content)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    mail.caughtAt, checked.sender, checked.recipients, checked.messageID, checked.subject,
                    checked.size, checked.content,
                ])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "DELETE FROM caught_mail WHERE id NOT IN (SELECT id FROM caught_mail ORDER BY id DESC LIMIT ?)",
                arguments: [keep])
            return id
        }
    }

    public func caughtMail(limit: Int) async throws(StoreError) -> [CaughtMailSummary] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, caught_at, sender, recipients, subject, size FROM caught_mail
                    ORDER BY id DESC LIMIT ?
                    """,
                arguments: [max(0, limit)]
            ).map(Self.caughtSummary)
        }
    }

    public func caughtMail(id: Int64) async throws(StoreError) -> CaughtMail? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT id, caught_at, sender, recipients, subject, size, message_id, content FROM caught_mail
                    WHERE id = ?
                    """,
                arguments: [id]
            ).map { row in
                CaughtMail(summary: Self.caughtSummary(row), messageID: row["message_id"], content: row["content"])
            }
        }
    }

    public func clearCaughtMail() async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM caught_mail")
            return db.changesCount
        }
    }

    private static func caughtSummary(_ row: Row) -> CaughtMailSummary {
        CaughtMailSummary(
            id: row["id"], caughtAt: row["caught_at"], sender: row["sender"],
            recipients: MailCatcherRules.recipients(row["recipients"]), subject: row["subject"], size: row["size"])
    }
}
