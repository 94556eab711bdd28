import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: NewsletterIssueStore {
    private typealias IssueRow = (Int64, Int64, Int, String, String, String, String, Date, Date, String, String?)
    private static let issueColumns =
        "id, newsletter_id, number, period, subject, editor_note, stories, stories_until, made_at, state, state_note"

    public func makeNewsletterIssue(_ draft: NewsletterIssueDraft) async throws(StoreError) -> NewsletterIssue? {
        let stories = try NewsletterIssueRules.encode(draft.stories)
        return try await write { [self] connection in
            // Locking the list's row makes makers of the same list take turns, so the second one
            // sees the first one's issue and its number.
            let notes = try await connection.query(
                "SELECT next_issue_note FROM newsletters WHERE id = \(draft.newsletterID) FOR UPDATE", logger: logger
            ).decode(String.self).collected()
            guard let note = notes.first else { return nil }
            let inserted = try await connection.query(
                """
                INSERT INTO newsletter_issues (newsletter_id, number, period, subject, editor_note, stories,
                    stories_until, made_at, state)
                SELECT \(draft.newsletterID), COALESCE(MAX(number), 0) + 1, \(draft.period.postgresText),
                    \(draft.subject.postgresText), \(note), \(stories.postgresText), \(draft.storiesUntil.postgres),
                    \(draft.madeAt.postgres), 'queuing'
                FROM newsletter_issues WHERE newsletter_id = \(draft.newsletterID)
                ON CONFLICT DO NOTHING
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard let id = inserted.first else { return nil }
            try await connection.query(
                "UPDATE newsletters SET next_issue_note = '' WHERE id = \(draft.newsletterID)", logger: logger)
            return try await Self.issues(id: id, on: connection, logger: logger).first
        }
    }

    public func latestNewsletterIssue(newsletterID: Int64) async throws(StoreError) -> NewsletterIssue? {
        try await newsletterIssues(newsletterID: newsletterID, limit: 1, offset: 0).first
    }

    public func newsletterIssues(newsletterID: Int64, limit: Int, offset: Int) async throws(StoreError)
        -> [NewsletterIssue]
    {
        let limit = max(1, limit)
        let offset = max(0, offset)
        return try await read { [self] connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.issueColumns) FROM newsletter_issues WHERE newsletter_id = \(newsletterID)
                ORDER BY number DESC LIMIT \(limit) OFFSET \(offset)
                """, logger: logger
            ).decode(IssueRow.self).collected()
            return rows.map(Self.issue)
        }
    }

    public func newsletterIssue(newsletterID: Int64, number: Int) async throws(StoreError) -> NewsletterIssue? {
        try await read { [self] connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.issueColumns) FROM newsletter_issues
                WHERE newsletter_id = \(newsletterID) AND number = \(number)
                """, logger: logger
            ).decode(IssueRow.self).collected()
            return rows.first.map(Self.issue)
        }
    }

    public func newsletterIssue(id: Int64) async throws(StoreError) -> NewsletterIssue? {
        try await read { [self] connection in try await Self.issues(id: id, on: connection, logger: logger).first }
    }

    public func newsletterIssuesBeingQueued(quietSince: Date) async throws(StoreError) -> [NewsletterIssue] {
        try await read { [self] connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.issueColumns) FROM newsletter_issues
                WHERE state = 'queuing' AND COALESCE(queuing_touched_at, made_at) < \(quietSince.postgres) ORDER BY id
                """, logger: logger
            ).decode(IssueRow.self).collected()
            return rows.map(Self.issue)
        }
    }

    public func unqueuedNewsletterRecipients(issueID: Int64, afterSubscriberID: Int64, limit: Int)
        async throws(StoreError) -> [NewsletterRecipient]
    {
        let limit = max(1, limit)
        return try await read { [self] connection in
            let rows = try await connection.query(
                """
                SELECT s.id, s.email, s.preference_token
                FROM newsletter_issues i
                JOIN newsletter_subscriptions n ON n.newsletter_id = i.newsletter_id
                JOIN newsletter_subscribers s ON s.id = n.subscriber_id
                WHERE i.id = \(issueID) AND i.state = 'queuing' AND s.id > \(afterSubscriberID)
                    AND s.status = 'confirmed' AND NOT s.paused
                    AND NOT EXISTS (SELECT 1 FROM newsletter_suppressions x WHERE x.email = s.email)
                    AND NOT EXISTS (
                        SELECT 1 FROM newsletter_deliveries d WHERE d.issue_id = i.id AND d.subscriber_id = s.id)
                ORDER BY s.id LIMIT \(limit)
                """, logger: logger
            ).decode((Int64, String, String).self).collected()
            return rows.map { NewsletterRecipient(subscriberID: $0.0, email: $0.1, preferenceToken: $0.2) }
        }
    }

    public func queueNewsletterDeliveries(issueID: Int64, _ deliveries: [NewsletterDeliveryInput], at time: Date)
        async throws(StoreError) -> Int
    {
        var payloads: [String] = []
        payloads.reserveCapacity(deliveries.count)
        for delivery in deliveries {
            guard let payload = String(data: delivery.mail.payload, encoding: .utf8) else {
                throw StoreError.failed("the mail payload is not UTF-8 text")
            }
            payloads.append(payload.postgresText)
        }
        let subscribers = deliveries.map(\.subscriberID)
        let emails = deliveries.map(\.email.postgresText)
        let mailIDs = deliveries.map(\.mail.id)
        let messageIDs = deliveries.map(\.messageID.postgresText)
        let enqueued = deliveries.map(\.mail.enqueuedAt.postgres)
        let due = deliveries.map(\.mail.nextAttemptAt.postgres)
        return try await write { [self, payloads] connection in
            // Locking the issue's row (the stamp is an update): a list deleted meanwhile waits, or
            // has already cancelled it; two queuers of one issue take turns per batch.
            let live = try await connection.query(
                """
                UPDATE newsletter_issues SET queuing_touched_at = \(time.postgres)
                WHERE id = \(issueID) AND state = 'queuing' RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard !live.isEmpty, !deliveries.isEmpty else { return 0 }
            // One statement for the batch: a delivery already stored (another instance queued it)
            // is skipped, and only the new ones get their outbox message.
            let added = try await connection.query(
                """
                WITH batch AS (
                    SELECT * FROM unnest(\(subscribers)::bigint[], \(emails)::text[], \(mailIDs)::uuid[],
                        \(messageIDs)::text[], \(payloads)::text[], \(enqueued)::timestamptz[], \(due)::timestamptz[])
                        AS b(subscriber_id, email, mail_id, message_id, payload, enqueued_at, next_attempt_at)
                ), stored AS (
                    INSERT INTO newsletter_deliveries (issue_id, subscriber_id, email, mail_id, message_id)
                    SELECT \(issueID), subscriber_id, email, mail_id, message_id FROM batch
                    ON CONFLICT DO NOTHING
                    RETURNING mail_id
                )
                INSERT INTO mail_outbox (id, payload, enqueued_at, attempts, next_attempt_at, state)
                SELECT b.mail_id, b.payload, b.enqueued_at, 0, b.next_attempt_at, 'pending'
                FROM batch b JOIN stored s ON s.mail_id = b.mail_id
                RETURNING id
                """, logger: logger
            ).decode(UUID.self).collected()
            return added.count
        }
    }

    public func finishQueuingNewsletterIssue(id: Int64, at time: Date) async throws(StoreError) {
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE newsletter_issues SET state = 'queued', queued_at = \(time.postgres)
                WHERE id = \(id) AND state = 'queuing'
                """, logger: logger)
        }
    }

    public func newsletterDeliveryStanding(messageID: String) async throws(StoreError) -> NewsletterDeliveryStanding? {
        try await read { [self] connection in
            let rows = try await connection.query(
                """
                SELECT i.state, EXISTS (
                    SELECT 1 FROM newsletter_subscriptions n
                    JOIN newsletter_subscribers s ON s.id = n.subscriber_id
                    WHERE n.newsletter_id = i.newsletter_id AND s.id = d.subscriber_id AND s.status = 'confirmed'
                        AND NOT s.paused
                        AND NOT EXISTS (SELECT 1 FROM newsletter_suppressions x WHERE x.email = s.email))
                FROM newsletter_deliveries d JOIN newsletter_issues i ON i.id = d.issue_id
                WHERE d.message_id = \(messageID.postgresText)
                """, logger: logger
            ).decode((String, Bool).self).collected()
            guard let row = rows.first else { return nil }
            if row.0 == NewsletterIssueState.cancelled.rawValue { return .listDeleted }
            return row.1 ? .send : .notSubscribed
        }
    }

    public func newsletterIssueProgress(issueID: Int64) async throws(StoreError) -> NewsletterProgress {
        try await read { [self] connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: NewsletterProgress.progressCase) AS kind, COUNT(*)::bigint
                FROM newsletter_deliveries d JOIN mail_outbox o ON o.id = d.mail_id
                WHERE d.issue_id = \(issueID) GROUP BY kind
                """, logger: logger
            ).decode((String, Int).self).collected()
            var progress = NewsletterProgress()
            for row in rows { progress.add(kind: row.0, times: row.1) }
            return progress
        }
    }

    public func newsletterProgressTotals() async throws(StoreError) -> NewsletterProgress {
        try await read { [self] connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: NewsletterProgress.progressCase) AS kind, COUNT(*)::bigint
                FROM newsletter_deliveries d JOIN mail_outbox o ON o.id = d.mail_id GROUP BY kind
                """, logger: logger
            ).decode((String, Int).self).collected()
            var progress = NewsletterProgress()
            for row in rows { progress.add(kind: row.0, times: row.1) }
            return progress
        }
    }

    public func nextNewsletterIssueNote(newsletterID: Int64) async throws(StoreError) -> String {
        try await read { [self] connection in
            try await connection.query(
                "SELECT next_issue_note FROM newsletters WHERE id = \(newsletterID)", logger: logger
            ).decode(String.self).collected().first ?? ""
        }
    }

    public func setNextNewsletterIssueNote(newsletterID: Int64, note: String) async throws(StoreError) -> Bool {
        let note = try NewsletterIssueRules.note(note).postgresText
        return try await write { [self] connection in
            !(try await connection.query(
                "UPDATE newsletters SET next_issue_note = \(note) WHERE id = \(newsletterID) RETURNING id",
                logger: logger
            ).decode(Int64.self).collected()).isEmpty
        }
    }

    public func resendInDoubtNewsletterDeliveries(issueID: Int64, now: Date) async throws(StoreError) -> Int {
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE mail_outbox SET state = 'pending', next_attempt_at = \(now.postgres), finished_at = NULL,
                    last_error = NULL
                WHERE state = 'in_doubt' AND id IN (
                    SELECT mail_id FROM newsletter_deliveries WHERE issue_id = \(issueID))
                RETURNING id
                """, logger: logger
            ).decode(UUID.self).collected().count
        }
    }

    /// Cancels what a deleted list still had to send; part of ``deleteNewsletter(id:)``'s transaction.
    static func cancelIssues(ofNewsletter id: Int64, now: Date, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        // Lock the list's issues first: an instance queuing deliveries holds FOR SHARE and is waited for.
        try await connection.query(
            "SELECT id FROM newsletter_issues WHERE newsletter_id = \(id) FOR UPDATE", logger: logger)
        try await connection.query(
            """
            UPDATE mail_outbox SET state = 'failed', finished_at = \(now.postgres),
                last_error = \(NewsletterProgress.listDeletedError)
            WHERE state = 'pending' AND id IN (
                SELECT d.mail_id FROM newsletter_deliveries d JOIN newsletter_issues i ON i.id = d.issue_id
                WHERE i.newsletter_id = \(id))
            """, logger: logger)
        try await connection.query(
            """
            UPDATE newsletter_issues SET state = 'cancelled', state_note = \(NewsletterProgress.listDeletedNote)
            WHERE newsletter_id = \(id) AND (state = 'queuing' OR state = 'queued' AND id IN (
                SELECT d.issue_id FROM newsletter_deliveries d JOIN mail_outbox o ON o.id = d.mail_id
                WHERE o.last_error = \(NewsletterProgress.listDeletedError)))
            """, logger: logger)
    }

    private static func issues(id: Int64, on connection: PostgresConnection, logger: Logger) async throws
        -> [NewsletterIssue]
    {
        try await connection.query(
            "SELECT \(unescaped: issueColumns) FROM newsletter_issues WHERE id = \(id)", logger: logger
        ).decode(IssueRow.self).collected().map(issue)
    }

    private static func issue(_ row: IssueRow) -> NewsletterIssue {
        NewsletterIssue(
            id: row.0, newsletterID: row.1, number: row.2, period: row.3, subject: row.4, editorNote: row.5,
            stories: NewsletterIssueRules.decode(row.6), storiesUntil: row.7, madeAt: row.8,
            state: NewsletterIssueState(rawValue: row.9) ?? .queued, stateNote: row.10)
    }
}
