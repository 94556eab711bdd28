import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: NewsletterIssueStore {
    public func makeNewsletterIssue(_ draft: NewsletterIssueDraft) async throws(StoreError) -> NewsletterIssue? {
        let stories = try NewsletterIssueRules.encode(draft.stories)
        return try await write { db in
            guard
                let note = try String.fetchOne(
                    db, sql: "SELECT next_issue_note FROM newsletters WHERE id = ?", arguments: [draft.newsletterID])
            else { return nil }
            // One write transaction at a time in SQLite: the check and the insert cannot interleave.
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO newsletter_issues (newsletter_id, number, period, subject, editor_note,
                        stories, stories_until, made_at, state)
                    SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ?, 'queuing'
                    FROM newsletter_issues WHERE newsletter_id = ?
                    """,
                arguments: [
                    draft.newsletterID, draft.period, draft.subject, note, stories, draft.storiesUntil, draft.madeAt,
                    draft.newsletterID,
                ])
            guard db.changesCount > 0 else { return nil }
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "UPDATE newsletters SET next_issue_note = '' WHERE id = ?", arguments: [draft.newsletterID])
            return try Self.issues(where: "id = ?", arguments: [id], db).first
        }
    }

    public func latestNewsletterIssue(newsletterID: Int64) async throws(StoreError) -> NewsletterIssue? {
        try await read { db in
            try Self.issues(
                where: "newsletter_id = ? ORDER BY number DESC LIMIT 1", arguments: [newsletterID], db
            ).first
        }
    }

    public func newsletterIssues(newsletterID: Int64, limit: Int, offset: Int) async throws(StoreError)
        -> [NewsletterIssue]
    {
        try await read { db in
            try Self.issues(
                where: "newsletter_id = ? ORDER BY number DESC LIMIT ? OFFSET ?",
                arguments: [newsletterID, max(1, limit), max(0, offset)], db)
        }
    }

    public func newsletterIssue(newsletterID: Int64, number: Int) async throws(StoreError) -> NewsletterIssue? {
        try await read { db in
            try Self.issues(where: "newsletter_id = ? AND number = ?", arguments: [newsletterID, number], db).first
        }
    }

    public func newsletterIssue(id: Int64) async throws(StoreError) -> NewsletterIssue? {
        try await read { db in try Self.issues(where: "id = ?", arguments: [id], db).first }
    }

    public func newsletterIssuesBeingQueued(quietSince: Date) async throws(StoreError) -> [NewsletterIssue] {
        try await read { db in
            try Self.issues(
                where: "state = 'queuing' AND COALESCE(queuing_touched_at, made_at) < ? ORDER BY id",
                arguments: [quietSince], db)
        }
    }

    public func unqueuedNewsletterRecipients(issueID: Int64, afterSubscriberID: Int64, limit: Int)
        async throws(StoreError) -> [NewsletterRecipient]
    {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.email, s.preference_token
                    FROM newsletter_issues i
                    JOIN newsletter_subscriptions n ON n.newsletter_id = i.newsletter_id
                    JOIN newsletter_subscribers s ON s.id = n.subscriber_id
                    WHERE i.id = ? AND i.state = 'queuing' AND s.id > ?
                        AND s.status = 'confirmed' AND s.paused = 0
                        AND NOT EXISTS (SELECT 1 FROM newsletter_suppressions x WHERE x.email = s.email)
                        AND NOT EXISTS (
                            SELECT 1 FROM newsletter_deliveries d WHERE d.issue_id = i.id AND d.subscriber_id = s.id)
                    ORDER BY s.id LIMIT ?
                    """, arguments: [issueID, afterSubscriberID, max(1, limit)])
            return rows.map {
                NewsletterRecipient(subscriberID: $0["id"], email: $0["email"], preferenceToken: $0["preference_token"])
            }
        }
    }

    public func queueNewsletterDeliveries(issueID: Int64, _ deliveries: [NewsletterDeliveryInput], at time: Date)
        async throws(StoreError) -> Int
    {
        try await write { db in
            try db.execute(
                sql: "UPDATE newsletter_issues SET queuing_touched_at = ? WHERE id = ? AND state = 'queuing'",
                arguments: [time, issueID])
            guard db.changesCount > 0 else { return 0 }
            let delivery = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO newsletter_deliveries (issue_id, subscriber_id, email, mail_id, message_id)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            let message = try db.cachedStatement(
                sql: """
                    INSERT INTO mail_outbox (id, payload, enqueued_at, attempts, next_attempt_at, state)
                    VALUES (?, ?, ?, 0, ?, 'pending')
                    """)
            var added = 0
            for input in deliveries {
                guard let payload = String(data: input.mail.payload, encoding: .utf8) else {
                    throw StoreError.failed("the mail payload is not UTF-8 text")
                }
                try delivery.execute(arguments: [
                    issueID, input.subscriberID, input.email, input.mail.id.uuidString, input.messageID,
                ])
                guard db.changesCount > 0 else { continue }
                try message.execute(arguments: [
                    input.mail.id.uuidString, payload, input.mail.enqueuedAt, input.mail.nextAttemptAt,
                ])
                added += 1
            }
            return added
        }
    }

    public func finishQueuingNewsletterIssue(id: Int64, at time: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE newsletter_issues SET state = 'queued', queued_at = ? WHERE id = ? AND state = 'queuing'",
                arguments: [time, id])
        }
    }

    public func newsletterDeliveryStanding(messageID: String) async throws(StoreError) -> NewsletterDeliveryStanding? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT i.state, i.newsletter_id, d.subscriber_id, d.email
                        FROM newsletter_deliveries d JOIN newsletter_issues i ON i.id = d.issue_id
                        WHERE d.message_id = ?
                        """, arguments: [messageID])
            else { return nil }
            let state: String = row["state"]
            guard state != NewsletterIssueState.cancelled.rawValue else { return .listDeleted }
            let subscribed =
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (
                            SELECT 1 FROM newsletter_subscriptions n
                            JOIN newsletter_subscribers s ON s.id = n.subscriber_id
                            WHERE n.newsletter_id = ? AND s.id = ? AND s.status = 'confirmed' AND s.paused = 0
                                AND NOT EXISTS (SELECT 1 FROM newsletter_suppressions x WHERE x.email = s.email))
                        """, arguments: [row["newsletter_id"] as Int64, row["subscriber_id"] as Int64]) ?? false
            return subscribed ? .send : .notSubscribed
        }
    }

    public func newsletterIssueProgress(issueID: Int64) async throws(StoreError) -> NewsletterProgress {
        try await read { db in try Self.progress(where: "d.issue_id = ?", arguments: [issueID], db) }
    }

    public func newsletterProgressTotals() async throws(StoreError) -> NewsletterProgress {
        try await read { db in try Self.progress(where: "1", arguments: [], db) }
    }

    public func nextNewsletterIssueNote(newsletterID: Int64) async throws(StoreError) -> String {
        try await read { db in
            try String.fetchOne(
                db, sql: "SELECT next_issue_note FROM newsletters WHERE id = ?", arguments: [newsletterID]) ?? ""
        }
    }

    public func setNextNewsletterIssueNote(newsletterID: Int64, note: String) async throws(StoreError) -> Bool {
        let note = try NewsletterIssueRules.note(note)
        return try await write { db in
            try db.execute(
                sql: "UPDATE newsletters SET next_issue_note = ? WHERE id = ?", arguments: [note, newsletterID])
            return db.changesCount > 0
        }
    }

    public func resendInDoubtNewsletterDeliveries(issueID: Int64, now: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE mail_outbox SET state = 'pending', next_attempt_at = ?, finished_at = NULL, last_error = NULL
                    WHERE state = 'in_doubt' AND id IN (SELECT mail_id FROM newsletter_deliveries WHERE issue_id = ?)
                    """, arguments: [now, issueID])
            return db.changesCount
        }
    }

    /// Cancels what a deleted list still had to send; part of ``deleteNewsletter(id:)``'s transaction.
    static func cancelIssues(ofNewsletter id: Int64, now: Date, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE mail_outbox SET state = 'failed', finished_at = ?, last_error = ?
                WHERE state = 'pending' AND id IN (
                    SELECT d.mail_id FROM newsletter_deliveries d JOIN newsletter_issues i ON i.id = d.issue_id
                    WHERE i.newsletter_id = ?)
                """, arguments: [now, NewsletterProgress.listDeletedError, id])
        try db.execute(
            sql: """
                UPDATE newsletter_issues SET state = 'cancelled', state_note = ?
                WHERE newsletter_id = ? AND (state = 'queuing' OR state = 'queued' AND id IN (
                    SELECT d.issue_id FROM newsletter_deliveries d JOIN mail_outbox o ON o.id = d.mail_id
                    WHERE o.last_error = ?))
                """,
            arguments: [NewsletterProgress.listDeletedNote, id, NewsletterProgress.listDeletedError])
    }

    private static func progress(where condition: String, arguments: StatementArguments, _ db: Database) throws
        -> NewsletterProgress
    {
        var progress = NewsletterProgress()
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(NewsletterProgress.progressCase) AS kind, COUNT(*) AS n
                FROM newsletter_deliveries d JOIN mail_outbox o ON o.id = d.mail_id
                WHERE \(condition) GROUP BY kind
                """, arguments: arguments)
        for row in rows { progress.add(kind: row["kind"], times: row["n"]) }
        return progress
    }

    private static func issues(where condition: String, arguments: StatementArguments, _ db: Database) throws
        -> [NewsletterIssue]
    {
        try Row.fetchAll(db, sql: "SELECT * FROM newsletter_issues WHERE \(condition)", arguments: arguments).map {
            row in
            NewsletterIssue(
                id: row["id"], newsletterID: row["newsletter_id"], number: row["number"], period: row["period"],
                subject: row["subject"], editorNote: row["editor_note"],
                stories: NewsletterIssueRules.decode(row["stories"]), storiesUntil: row["stories_until"],
                madeAt: row["made_at"], state: NewsletterIssueState(rawValue: row["state"]) ?? .queued,
                stateNote: row["state_note"])
        }
    }
}
