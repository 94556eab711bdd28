import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// The administration of lists' people: paging through them, importing people who consented
/// elsewhere, taking one off, and reading the suppression list.
extension PostgresStoryStore {
    public func members(ofNewsletter newsletterID: Int64, limit: Int, offset: Int) async throws(StoreError)
        -> [NewsletterMember]
    {
        let pattern = "%,\(newsletterID),%"
        return try await read { [self] connection in
            try await connection.query(
                """
                SELECT s.email, s.status, s.paused, subscription.created_at, s.confirmed_at, suppression.reason,
                    NULL::timestamptz
                FROM newsletter_subscriptions subscription
                JOIN newsletter_subscribers s ON s.id = subscription.subscriber_id
                LEFT JOIN newsletter_suppressions suppression ON suppression.email = s.email
                WHERE subscription.newsletter_id = \(newsletterID)
                UNION ALL
                SELECT s.email, 'pending', false, COALESCE(s.confirmation_sent_at, s.created_at), NULL::timestamptz,
                    suppression.reason, NULL::timestamptz
                FROM newsletter_subscribers s
                LEFT JOIN newsletter_suppressions suppression ON suppression.email = s.email
                WHERE s.confirmation_lists IS NOT NULL AND (',' || s.confirmation_lists || ',') LIKE \(pattern)
                    AND NOT EXISTS (SELECT 1 FROM newsletter_subscriptions mine
                        WHERE mine.subscriber_id = s.id AND mine.newsletter_id = \(newsletterID))
                UNION ALL
                SELECT d.email, 'left', false, d.subscribed_at, NULL::timestamptz, suppression.reason, d.left_at
                FROM newsletter_departures d
                LEFT JOIN newsletter_suppressions suppression ON suppression.email = d.email
                WHERE d.newsletter_id = \(newsletterID) AND NOT EXISTS (SELECT 1 FROM newsletter_subscribers s
                    WHERE s.email = d.email AND s.confirmation_lists IS NOT NULL
                        AND (',' || s.confirmation_lists || ',') LIKE \(pattern))
                ORDER BY 1
                LIMIT \(Int64(limit)) OFFSET \(Int64(offset))
                """, logger: logger
            ).decode((String, String, Bool, Date, Date?, String?, Date?).self).collected().map { row in
                NewsletterMember(
                    email: row.0, status: NewsletterRules.memberStatus(stored: row.1, paused: row.2),
                    suppression: row.5.flatMap(SuppressionReason.init(rawValue:)), subscribedAt: row.3,
                    confirmedAt: row.4, leftAt: row.6)
            }
        }
    }

    public func importSubscribers(_ entries: [NewsletterImportEntry], toNewsletter newsletterID: Int64, now: Date)
        async throws(StoreError) -> NewsletterImportTally
    {
        let (entries, repeated) = try NewsletterRules.importable(entries)
        return try await write { [self] connection in
            // FOR SHARE: the list cannot be deleted under the import.
            let found = try await connection.query(
                "SELECT id FROM newsletters WHERE id = \(newsletterID) FOR SHARE", logger: logger
            ).decode(Int64.self).collected()
            guard !found.isEmpty else { throw StoreError.notFound(id: newsletterID) }
            var tally = NewsletterImportTally(alreadySubscribed: repeated)
            guard !entries.isEmpty else { return tally }
            let all = entries.map(\.email)
            let suppressed = Set(
                try await connection.query(
                    "SELECT email FROM newsletter_suppressions WHERE email = ANY(\(all)::text[]) FOR SHARE",
                    logger: logger
                ).decode(String.self).collected())
            let wanted = entries.filter { !suppressed.contains($0.email) }
            tally.suppressed = entries.count - wanted.count
            guard !wanted.isEmpty else { return tally }
            let emails = wanted.map(\.email)
            let tokens = wanted.map { _ in NewsletterRules.newPreferenceToken() }
            let since = wanted.map { ($0.subscribedAt ?? now).timeIntervalSince1970 }
            // Consent given elsewhere is confirmation: a pending or departed person becomes
            // confirmed; a paused one stays paused.
            try await connection.query(
                """
                INSERT INTO newsletter_subscribers (email, status, preference_token, created_at, confirmed_at)
                SELECT entry.email, 'confirmed', entry.token, \(now.postgres), to_timestamp(entry.since)
                FROM unnest(\(emails)::text[], \(tokens)::text[], \(since)::float8[]) AS entry(email, token, since)
                ON CONFLICT (email) DO UPDATE SET
                    paused = CASE WHEN newsletter_subscribers.status = 'confirmed'
                        THEN newsletter_subscribers.paused ELSE false END,
                    confirmed_at = COALESCE(CASE WHEN newsletter_subscribers.status = 'confirmed'
                        THEN newsletter_subscribers.confirmed_at END, excluded.confirmed_at),
                    status = 'confirmed'
                """, logger: logger)
            let added = try await connection.query(
                """
                INSERT INTO newsletter_subscriptions (subscriber_id, newsletter_id, created_at)
                SELECT s.id, \(newsletterID), to_timestamp(entry.since)
                FROM unnest(\(emails)::text[], \(since)::float8[]) AS entry(email, since)
                JOIN newsletter_subscribers s ON s.email = entry.email
                ON CONFLICT DO NOTHING
                RETURNING subscriber_id
                """, logger: logger
            ).decode(Int64.self).collected().count
            tally.added = added
            tally.alreadySubscribed += wanted.count - added
            return tally
        }
    }

    public func removeSubscriber(email: String, fromNewsletter newsletterID: Int64) async throws(StoreError) -> Bool {
        guard let address = NewsletterRules.normalisedEmail(email) else { return false }
        return try await write { [self] connection in
            let rows = try await connection.query(
                """
                SELECT id, status, confirmation_lists FROM newsletter_subscribers
                WHERE email = \(address) FOR UPDATE
                """, logger: logger
            ).decode((Int64, String, String?).self).collected()
            guard let (id, status, lists) = rows.first else { return false }
            let deleted = try await connection.query(
                """
                DELETE FROM newsletter_subscriptions
                WHERE subscriber_id = \(id) AND newsletter_id = \(newsletterID)
                RETURNING subscriber_id
                """, logger: logger
            ).decode(Int64.self).collected()
            var removed = !deleted.isEmpty
            let asked = NewsletterRules.decode(lists)
            if asked.contains(newsletterID) {
                removed = true
                let rest = asked.filter { $0 != newsletterID }
                if rest.isEmpty, status == SubscriberStatus.pending.rawValue {
                    try await connection.query("DELETE FROM newsletter_subscribers WHERE id = \(id)", logger: logger)
                } else if rest.isEmpty {
                    try await connection.query(
                        """
                        UPDATE newsletter_subscribers SET confirmation_digest = NULL, confirmation_lists = NULL,
                            confirmation_expires_at = NULL
                        WHERE id = \(id)
                        """, logger: logger)
                } else {
                    try await connection.query(
                        """
                        UPDATE newsletter_subscribers SET confirmation_lists = \(NewsletterRules.encode(rest))
                        WHERE id = \(id)
                        """, logger: logger)
                }
            }
            return removed
        }
    }

    public func suppressions(limit: Int, offset: Int) async throws(StoreError) -> [NewsletterSuppression] {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT email, reason, created_at FROM newsletter_suppressions
                ORDER BY created_at DESC, email LIMIT \(Int64(limit)) OFFSET \(Int64(offset))
                """, logger: logger
            ).decode((String, String, Date).self).collected().map { row in
                NewsletterSuppression(
                    email: row.0, reason: SuppressionReason(rawValue: row.1) ?? .unsubscribed, createdAt: row.2)
            }
        }
    }
}
