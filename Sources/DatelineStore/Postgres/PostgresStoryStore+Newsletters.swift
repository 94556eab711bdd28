import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: NewsletterStore {
    // MARK: Lists

    public func newsletters() async throws(StoreError) -> [Newsletter] {
        try await read { [self] connection in try await Self.newsletters(on: connection, logger: logger) }
    }

    public func hasNewsletters() async throws(StoreError) -> Bool {
        try await read { [self] connection in
            try await connection.query("SELECT EXISTS (SELECT 1 FROM newsletters)", logger: logger)
                .decode(Bool.self).collected().first ?? false
        }
    }

    public func newsletter(id: Int64) async throws(StoreError) -> Newsletter? {
        try await read { [self] connection in try await Self.newsletters(id: id, on: connection, logger: logger).first }
    }

    public func newsletter(slug: Slug) async throws(StoreError) -> Newsletter? {
        try await read { [self] connection in
            try await Self.newsletters(slug: slug.rawValue, on: connection, logger: logger).first
        }
    }

    public func addNewsletter(_ input: NewsletterInput, now: Date) async throws(StoreError) -> Newsletter {
        let checked = try NewsletterRules.checked(input)
        return try await write { [self] connection in
            let (sectionID, topicID) = try await Self.newsletterSource(input.source, on: connection, logger: logger)
            let inserted = try await connection.query(
                """
                INSERT INTO newsletters (slug, name, description, kind, section_id, topic_id, send_minute,
                    time_zone, from_name, from_address, created_at)
                VALUES (\(checked.slug.rawValue), \(checked.name), \(checked.description), \(input.source.kind),
                    \(sectionID), \(topicID), \(checked.sendMinute), \(checked.timeZone), \(checked.fromName),
                    \(checked.fromAddress), \(now.postgres))
                ON CONFLICT (slug) DO NOTHING
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard let id = inserted.first else { throw NewsletterRules.taken(checked.slug) }
            guard let list = try await Self.newsletters(id: id, on: connection, logger: logger).first else {
                throw StoreError.failed("PostgreSQL lost the new newsletter")
            }
            return list
        }
    }

    public func updateNewsletter(id: Int64, with input: NewsletterInput) async throws(StoreError) -> Newsletter {
        let checked = try NewsletterRules.checked(input)
        return try await write { [self] connection in
            let found = try await connection.query(
                "SELECT id FROM newsletters WHERE id = \(id) FOR UPDATE", logger: logger
            ).decode(Int64.self).collected()
            guard !found.isEmpty else { throw StoreError.notFound(id: id) }
            let (sectionID, topicID) = try await Self.newsletterSource(input.source, on: connection, logger: logger)
            let taken = try await connection.query(
                "SELECT id FROM newsletters WHERE slug = \(checked.slug.rawValue) AND id <> \(id)", logger: logger
            ).decode(Int64.self).collected()
            guard taken.isEmpty else { throw NewsletterRules.taken(checked.slug) }
            try await connection.query(
                """
                UPDATE newsletters SET slug = \(checked.slug.rawValue), name = \(checked.name),
                    description = \(checked.description), kind = \(input.source.kind), section_id = \(sectionID),
                    topic_id = \(topicID), send_minute = \(checked.sendMinute), time_zone = \(checked.timeZone),
                    from_name = \(checked.fromName), from_address = \(checked.fromAddress)
                WHERE id = \(id)
                """, logger: logger)
            guard let list = try await Self.newsletters(id: id, on: connection, logger: logger).first else {
                throw StoreError.notFound(id: id)
            }
            return list
        }
    }

    public func deleteNewsletter(id: Int64) async throws(StoreError) -> Bool {
        try await write { [self] connection in
            // Unsent messages of its issues are cancelled in the same transaction: none goes out after.
            try await Self.cancelIssues(ofNewsletter: id, now: Date(), on: connection, logger: logger)
            let deleted = try await connection.query(
                "DELETE FROM newsletters WHERE id = \(id) RETURNING id", logger: logger
            ).decode(Int64.self).collected()
            return !deleted.isEmpty
        }
    }

    // MARK: Consent

    public func requestSubscription(
        email: String, newsletterIDs: [Int64], confirmationDigest: String, now: Date, expiresAt: Date
    ) async throws(StoreError) -> SubscriptionRequestOutcome {
        let address = try NewsletterRules.email(email)
        let ids = NewsletterRules.distinct(newsletterIDs)
        guard !ids.isEmpty else { throw NewsletterRules.refuse("newsletters", "choose at least one newsletter") }
        let lists = NewsletterRules.encode(ids)
        return try await write { [self] connection in
            try await Self.checkNewsletters(ids, on: connection, logger: logger)
            if let reason = try await Self.suppressionReason(address, on: connection, logger: logger),
                reason != .unsubscribed
            {
                return .suppressed
            }
            let existing = try await connection.query(
                "SELECT id, confirmation_sent_at FROM newsletter_subscribers WHERE email = \(address) FOR UPDATE",
                logger: logger
            ).decode((Int64, Date?).self).collected()
            if let (id, sent) = existing.first {
                if let sent, now.timeIntervalSince(sent) < NewsletterRules.confirmationInterval {
                    return .alreadySentToday
                }
                try await connection.query(
                    """
                    UPDATE newsletter_subscribers SET confirmation_digest = \(confirmationDigest),
                        confirmation_lists = \(lists), confirmation_sent_at = \(now.postgres),
                        confirmation_expires_at = \(expiresAt.postgres)
                    WHERE id = \(id)
                    """, logger: logger)
            } else {
                let inserted = try await connection.query(
                    """
                    INSERT INTO newsletter_subscribers (email, status, preference_token, created_at,
                        confirmation_digest, confirmation_lists, confirmation_sent_at, confirmation_expires_at)
                    VALUES (\(address), 'pending', \(NewsletterRules.newPreferenceToken()), \(now.postgres),
                        \(confirmationDigest), \(lists), \(now.postgres), \(expiresAt.postgres))
                    ON CONFLICT (email) DO NOTHING
                    RETURNING id
                    """, logger: logger
                ).decode(Int64.self).collected()
                // Another instance took the same address a moment ago and sends its confirmation.
                if inserted.isEmpty { return .alreadySentToday }
            }
            return .sendConfirmation(email: address)
        }
    }

    public func confirmSubscription(digest: String, now: Date) async throws(StoreError) -> NewsletterSubscriber? {
        try await write { [self] connection in
            let rows = try await connection.query(
                """
                SELECT id, email, confirmation_lists, confirmation_expires_at FROM newsletter_subscribers
                WHERE confirmation_digest = \(digest) FOR UPDATE
                """, logger: logger
            ).decode((Int64, String, String?, Date?).self).collected()
            guard let (id, email, lists, expires) = rows.first, let expires, expires > now else { return nil }
            if let reason = try await Self.suppressionReason(email, on: connection, logger: logger),
                reason != .unsubscribed
            {
                return nil
            }
            try await connection.query("DELETE FROM newsletter_suppressions WHERE email = \(email)", logger: logger)
            let ids = NewsletterRules.decode(lists)
            try await connection.query(
                """
                INSERT INTO newsletter_subscriptions (subscriber_id, newsletter_id, created_at)
                SELECT \(id), newsletters.id, \(now.postgres) FROM newsletters WHERE newsletters.id = ANY(\(ids))
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await connection.query(
                """
                UPDATE newsletter_subscribers SET status = 'confirmed', paused = false,
                    confirmed_at = COALESCE(CASE WHEN status = 'confirmed' THEN confirmed_at END, \(now.postgres)),
                    confirmation_digest = NULL, confirmation_lists = NULL, confirmation_expires_at = NULL
                WHERE id = \(id)
                """, logger: logger)
            return try await Self.subscriber(id: id, on: connection, logger: logger)
        }
    }

    public func subscriber(preferenceToken token: String) async throws(StoreError) -> NewsletterSubscriber? {
        try await read { [self] connection in try await Self.subscriber(token: token, on: connection, logger: logger) }
    }

    public func subscriber(email: String) async throws(StoreError) -> NewsletterSubscriber? {
        guard let address = NewsletterRules.normalisedEmail(email) else { return nil }
        return try await read { [self] connection in
            let found = try await Self.subscriber(email: address, on: connection, logger: logger)
            return found?.status == .confirmed ? found : nil
        }
    }

    public func updatePreferences(preferenceToken token: String, newsletterIDs: [Int64], paused: Bool, now: Date)
        async throws(StoreError) -> NewsletterSubscriber?
    {
        let ids = NewsletterRules.distinct(newsletterIDs)
        return try await write { [self] connection in
            let rows = try await connection.query(
                "SELECT id, email, status FROM newsletter_subscribers WHERE preference_token = \(token) FOR UPDATE",
                logger: logger
            ).decode((Int64, String, String).self).collected()
            guard let (id, email, status) = rows.first else { return nil }
            guard status == SubscriberStatus.confirmed.rawValue else {
                return try await Self.subscriber(id: id, on: connection, logger: logger)
            }
            try await Self.checkNewsletters(ids, on: connection, logger: logger)
            try await connection.query(
                "DELETE FROM newsletter_subscriptions WHERE subscriber_id = \(id)", logger: logger)
            try await connection.query(
                """
                INSERT INTO newsletter_subscriptions (subscriber_id, newsletter_id, created_at)
                SELECT \(id), list, \(now.postgres) FROM unnest(\(ids)::bigint[]) AS list
                """, logger: logger)
            if ids.isEmpty {
                try await Self.leave(id: id, email: email, now: now, on: connection, logger: logger)
            } else {
                try await connection.query(
                    "UPDATE newsletter_subscribers SET paused = \(paused) WHERE id = \(id)", logger: logger)
            }
            return try await Self.subscriber(id: id, on: connection, logger: logger)
        }
    }

    public func unsubscribe(preferenceToken token: String, newsletterID: Int64?, now: Date)
        async throws(StoreError) -> NewsletterSubscriber?
    {
        try await write { [self] connection in
            let rows = try await connection.query(
                "SELECT id, email FROM newsletter_subscribers WHERE preference_token = \(token) FOR UPDATE",
                logger: logger
            ).decode((Int64, String).self).collected()
            guard let (id, email) = rows.first else { return nil }
            try await connection.query(
                """
                DELETE FROM newsletter_subscriptions
                WHERE subscriber_id = \(id) AND (\(newsletterID)::bigint IS NULL OR newsletter_id = \(newsletterID))
                """, logger: logger)
            let left =
                try await connection.query(
                    "SELECT COUNT(*) FROM newsletter_subscriptions WHERE subscriber_id = \(id)", logger: logger
                ).decode(Int64.self).collected().first ?? 0
            if left == 0 { try await Self.leave(id: id, email: email, now: now, on: connection, logger: logger) }
            return try await Self.subscriber(id: id, on: connection, logger: logger)
        }
    }

    public func suppress(email: String, reason: SuppressionReason, now: Date) async throws(StoreError) {
        let address = try NewsletterRules.email(email)
        try await write { [self] connection in
            try await Self.suppress(address, reason: reason, now: now, on: connection, logger: logger)
            try await connection.query(
                """
                DELETE FROM newsletter_subscriptions
                WHERE subscriber_id IN (SELECT id FROM newsletter_subscribers WHERE email = \(address))
                """, logger: logger)
            try await connection.query(
                """
                UPDATE newsletter_subscribers SET status = 'left', confirmation_digest = NULL,
                    confirmation_lists = NULL, confirmation_expires_at = NULL
                WHERE email = \(address) AND status <> 'pending'
                """, logger: logger)
            try await connection.query(
                "DELETE FROM newsletter_subscribers WHERE email = \(address) AND status = 'pending'", logger: logger)
        }
    }

    public func suppression(email: String) async throws(StoreError) -> SuppressionReason? {
        guard let address = NewsletterRules.normalisedEmail(email) else { return nil }
        return try await read { [self] connection in
            try await Self.suppressionReason(address, on: connection, logger: logger)
        }
    }

    public func purgeUnconfirmedSubscribers(now: Date) async throws(StoreError) -> Int {
        try await write { [self] connection in
            let deleted = try await connection.query(
                """
                DELETE FROM newsletter_subscribers
                WHERE status = 'pending' AND confirmation_expires_at <= \(now.postgres)
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            try await connection.query(
                """
                UPDATE newsletter_subscribers SET confirmation_digest = NULL, confirmation_lists = NULL,
                    confirmation_expires_at = NULL
                WHERE confirmation_expires_at <= \(now.postgres)
                """, logger: logger)
            return deleted.count
        }
    }

    // MARK: Rows

    private static func newsletterSource(
        _ source: NewsletterSource, on connection: PostgresConnection, logger: Logger
    ) async throws -> (Int64?, Int64?) {
        switch source {
        case .front, .breaking:
            return (nil, nil)
        case .section(let slug):
            guard
                let id = try await connection.query(
                    "SELECT id FROM sections WHERE slug = \(slug.rawValue)", logger: logger
                ).decode(Int64.self).collected().first
            else { throw NewsletterRules.unknownSection(slug) }
            return (id, nil)
        case .topic(let slug):
            guard
                let id = try await connection.query(
                    "SELECT id FROM topics WHERE slug = \(slug.rawValue)", logger: logger
                ).decode(Int64.self).collected().first
            else { throw NewsletterRules.unknownTopic(slug) }
            return (nil, id)
        }
    }

    private static func checkNewsletters(_ ids: [Int64], on connection: PostgresConnection, logger: Logger)
        async throws
    {
        guard !ids.isEmpty else { return }
        let known = Set(
            try await connection.query("SELECT id FROM newsletters WHERE id = ANY(\(ids))", logger: logger)
                .decode(Int64.self).collected())
        let unknown = ids.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw NewsletterRules.unknownNewsletters(unknown) }
    }

    private static func suppressionReason(_ address: String, on connection: PostgresConnection, logger: Logger)
        async throws -> SuppressionReason?
    {
        try await connection.query(
            "SELECT reason FROM newsletter_suppressions WHERE email = \(address)", logger: logger
        ).decode(String.self).collected().first.flatMap(SuppressionReason.init(rawValue:))
    }

    private static func suppress(
        _ address: String, reason: SuppressionReason, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO newsletter_suppressions (email, reason, created_at)
            VALUES (\(address), \(reason.rawValue), \(now.postgres))
            ON CONFLICT (email) DO NOTHING
            """, logger: logger)
    }

    private static func leave(id: Int64, email: String, now: Date, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            UPDATE newsletter_subscribers SET status = CASE WHEN status = 'pending' THEN status ELSE 'left' END,
                paused = false, confirmation_digest = NULL, confirmation_lists = NULL, confirmation_expires_at = NULL
            WHERE id = \(id)
            """, logger: logger)
        try await suppress(email, reason: .unsubscribed, now: now, on: connection, logger: logger)
    }

    private static func newsletters(
        id: Int64? = nil, slug: String? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Newsletter] {
        let rows = try await connection.query(
            """
            SELECT newsletters.id, newsletters.slug, newsletters.name, newsletters.description, newsletters.kind,
                sections.slug, sections.name, topics.slug, topics.name, newsletters.send_minute,
                newsletters.time_zone, newsletters.from_name, newsletters.from_address, newsletters.created_at,
                (SELECT COUNT(*) FROM newsletter_subscriptions
                    JOIN newsletter_subscribers ON newsletter_subscribers.id = newsletter_subscriptions.subscriber_id
                    WHERE newsletter_subscriptions.newsletter_id = newsletters.id
                        AND newsletter_subscribers.status = 'confirmed' AND NOT newsletter_subscribers.paused)
            FROM newsletters
            LEFT JOIN sections ON sections.id = newsletters.section_id
            LEFT JOIN topics ON topics.id = newsletters.topic_id
            WHERE (\(id)::bigint IS NULL OR newsletters.id = \(id))
                AND (\(slug)::text IS NULL OR newsletters.slug = \(slug))
            ORDER BY lower(newsletters.name), newsletters.id
            """, logger: logger
        ).decode(
            (
                Int64, String, String, String, String, String?, String?, String?, String?, Int32?, String, String,
                String, Date, Int64
            ).self
        ).collected()
        return rows.compactMap { row in
            let source: NewsletterSource
            var sourceName: String?
            switch row.4 {
            case "section":
                guard let slug = row.5.flatMap(Slug.init(validating:)) else { return nil }
                source = .section(slug)
                sourceName = row.6
            case "topic":
                guard let slug = row.7.flatMap(Slug.init(validating:)) else { return nil }
                source = .topic(slug)
                sourceName = row.8
            case "breaking": source = .breaking
            default: source = .front
            }
            guard let slug = Slug(validating: row.1) else { return nil }
            return Newsletter(
                id: row.0, slug: slug, name: row.2, description: row.3, source: source, sourceName: sourceName,
                sendMinute: row.9.map(Int.init), timeZone: row.10, fromName: row.11, fromAddress: row.12,
                subscriberCount: Int(row.14), createdAt: row.13)
        }
    }

    private static func subscriber(
        id: Int64? = nil, token: String? = nil, email: String? = nil, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> NewsletterSubscriber? {
        let rows = try await connection.query(
            """
            SELECT id, email, status, paused, preference_token, created_at, confirmed_at,
                ARRAY(SELECT newsletter_id FROM newsletter_subscriptions
                    WHERE subscriber_id = newsletter_subscribers.id ORDER BY newsletter_id)
            FROM newsletter_subscribers
            WHERE (\(id)::bigint IS NULL OR id = \(id)) AND (\(token)::text IS NULL OR preference_token = \(token))
                AND (\(email)::text IS NULL OR email = \(email))
            """, logger: logger
        ).decode((Int64, String, String, Bool, String, Date, Date?, [Int64]).self).collected()
        guard let row = rows.first else { return nil }
        return NewsletterSubscriber(
            id: row.0, email: row.1, status: SubscriberStatus(rawValue: row.2) ?? .pending, paused: row.3,
            newsletterIDs: row.7, preferenceToken: row.4, createdAt: row.5, confirmedAt: row.6)
    }
}
