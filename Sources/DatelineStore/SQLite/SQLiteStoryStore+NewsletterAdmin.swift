import DatelineCore
import Foundation
import GRDB

/// The administration of lists' people: paging through them, importing people who consented
/// elsewhere, taking one off, and reading the suppression list.
extension SQLiteStoryStore {
    public func members(ofNewsletter newsletterID: Int64, limit: Int, offset: Int) async throws(StoreError)
        -> [NewsletterMember]
    {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.email, s.status, s.paused, subscription.created_at AS subscribed_at, s.confirmed_at,
                        suppression.reason, NULL AS left_at
                    FROM newsletter_subscriptions subscription
                    JOIN newsletter_subscribers s ON s.id = subscription.subscriber_id
                    LEFT JOIN newsletter_suppressions suppression ON suppression.email = s.email
                    WHERE subscription.newsletter_id = ?
                    UNION ALL
                    SELECT s.email, 'pending', 0, COALESCE(s.confirmation_sent_at, s.created_at), NULL,
                        suppression.reason, NULL
                    FROM newsletter_subscribers s
                    LEFT JOIN newsletter_suppressions suppression ON suppression.email = s.email
                    WHERE s.confirmation_lists IS NOT NULL AND (',' || s.confirmation_lists || ',') LIKE ?
                        AND NOT EXISTS (SELECT 1 FROM newsletter_subscriptions mine
                            WHERE mine.subscriber_id = s.id AND mine.newsletter_id = ?)
                    UNION ALL
                    SELECT d.email, 'left', 0, d.subscribed_at, NULL, suppression.reason, d.left_at
                    FROM newsletter_departures d
                    LEFT JOIN newsletter_suppressions suppression ON suppression.email = d.email
                    WHERE d.newsletter_id = ? AND NOT EXISTS (SELECT 1 FROM newsletter_subscribers s
                        WHERE s.email = d.email AND s.confirmation_lists IS NOT NULL
                            AND (',' || s.confirmation_lists || ',') LIKE ?)
                    ORDER BY 1
                    LIMIT ? OFFSET ?
                    """,
                arguments: [
                    newsletterID, "%,\(newsletterID),%", newsletterID, newsletterID, "%,\(newsletterID),%", limit,
                    offset,
                ])
            return rows.map { row in
                NewsletterMember(
                    email: row["email"],
                    status: NewsletterRules.memberStatus(stored: row["status"], paused: row["paused"]),
                    suppression: (row["reason"] as String?).flatMap(SuppressionReason.init(rawValue:)),
                    subscribedAt: row["subscribed_at"], confirmedAt: row["confirmed_at"], leftAt: row["left_at"])
            }
        }
    }

    public func importSubscribers(_ entries: [NewsletterImportEntry], toNewsletter newsletterID: Int64, now: Date)
        async throws(StoreError) -> NewsletterImportTally
    {
        let (entries, repeated) = try NewsletterRules.importable(entries)
        return try await write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM newsletters WHERE id = ?)", arguments: [newsletterID])
                    == true
            else { throw StoreError.notFound(id: newsletterID) }
            var tally = NewsletterImportTally(alreadySubscribed: repeated)
            // Prepared once for the batch: parsing each statement again per person took most of
            // the time of a large import.
            let isSuppressed = try db.cachedStatement(
                sql: "SELECT EXISTS (SELECT 1 FROM newsletter_suppressions WHERE email = ?)")
            // Consent given elsewhere is confirmation: a pending or departed person becomes
            // confirmed; a paused one stays paused.
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO newsletter_subscribers (email, status, preference_token, created_at, confirmed_at)
                    VALUES (?, 'confirmed', ?, ?, ?)
                    ON CONFLICT (email) DO UPDATE SET
                        paused = CASE WHEN status = 'confirmed' THEN paused ELSE 0 END,
                        confirmed_at = COALESCE(CASE WHEN status = 'confirmed' THEN confirmed_at END,
                            excluded.confirmed_at),
                        status = 'confirmed'
                    """)
            let subscribe = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO newsletter_subscriptions (subscriber_id, newsletter_id, created_at)
                    SELECT id, ?, ? FROM newsletter_subscribers WHERE email = ?
                    """)
            for entry in entries {
                if try Bool.fetchOne(isSuppressed, arguments: [entry.email]) == true {
                    tally.suppressed += 1
                    continue
                }
                let since = entry.subscribedAt ?? now
                try upsert.execute(arguments: [entry.email, NewsletterRules.newPreferenceToken(), now, since])
                try subscribe.execute(arguments: [newsletterID, since, entry.email])
                if db.changesCount > 0 {
                    tally.added += 1
                } else {
                    tally.alreadySubscribed += 1
                }
            }
            return tally
        }
    }

    public func removeSubscriber(email: String, fromNewsletter newsletterID: Int64) async throws(StoreError) -> Bool {
        guard let address = NewsletterRules.normalisedEmail(email) else { return false }
        return try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, status, confirmation_lists FROM newsletter_subscribers WHERE email = ?",
                    arguments: [address])
            else { return false }
            let id: Int64 = row["id"]
            try db.execute(
                sql: "DELETE FROM newsletter_subscriptions WHERE subscriber_id = ? AND newsletter_id = ?",
                arguments: [id, newsletterID])
            var removed = db.changesCount > 0
            let asked = NewsletterRules.decode(row["confirmation_lists"])
            if asked.contains(newsletterID) {
                removed = true
                let rest = asked.filter { $0 != newsletterID }
                if rest.isEmpty, row["status"] as String == SubscriberStatus.pending.rawValue {
                    try db.execute(sql: "DELETE FROM newsletter_subscribers WHERE id = ?", arguments: [id])
                } else if rest.isEmpty {
                    try db.execute(
                        sql: """
                            UPDATE newsletter_subscribers SET confirmation_digest = NULL, confirmation_lists = NULL,
                                confirmation_expires_at = NULL
                            WHERE id = ?
                            """, arguments: [id])
                } else {
                    try db.execute(
                        sql: "UPDATE newsletter_subscribers SET confirmation_lists = ? WHERE id = ?",
                        arguments: [NewsletterRules.encode(rest), id])
                }
            }
            return removed
        }
    }

    public func suppressions(limit: Int, offset: Int) async throws(StoreError) -> [NewsletterSuppression] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT email, reason, created_at FROM newsletter_suppressions
                    ORDER BY created_at DESC, email LIMIT ? OFFSET ?
                    """, arguments: [limit, offset]
            ).map { row in
                NewsletterSuppression(
                    email: row["email"], reason: SuppressionReason(rawValue: row["reason"]) ?? .unsubscribed,
                    createdAt: row["created_at"])
            }
        }
    }
}
