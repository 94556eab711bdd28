import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: NewsletterStore {
    // MARK: Lists

    public func newsletters() async throws(StoreError) -> [Newsletter] {
        try await read { db in try Self.newsletters(where: "1", arguments: [], db) }
    }

    public func hasNewsletters() async throws(StoreError) -> Bool {
        try await read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM newsletters)") ?? false }
    }

    public func newsletter(id: Int64) async throws(StoreError) -> Newsletter? {
        try await read { db in try Self.newsletters(where: "newsletters.id = ?", arguments: [id], db).first }
    }

    public func newsletter(slug: Slug) async throws(StoreError) -> Newsletter? {
        try await read { db in
            try Self.newsletters(where: "newsletters.slug = ?", arguments: [slug.rawValue], db).first
        }
    }

    public func addNewsletter(_ input: NewsletterInput, now: Date) async throws(StoreError) -> Newsletter {
        let checked = try NewsletterRules.checked(input)
        return try await write { db in
            let (sectionID, topicID) = try Self.newsletterSource(input.source, db)
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM newsletters WHERE slug = ?)",
                    arguments: [checked.slug.rawValue]) == false
            else { throw NewsletterRules.taken(checked.slug) }
            try db.execute(
                sql: """
                    INSERT INTO newsletters (slug, name, description, kind, section_id, topic_id, send_minute,
                        time_zone, from_name, from_address, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    checked.slug.rawValue, checked.name, checked.description, input.source.kind, sectionID, topicID,
                    checked.sendMinute, checked.timeZone, checked.fromName, checked.fromAddress, now,
                ])
            let id = db.lastInsertedRowID
            guard let list = try Self.newsletters(where: "newsletters.id = ?", arguments: [id], db).first else {
                throw StoreError.failed("SQLite lost the new newsletter")
            }
            return list
        }
    }

    public func updateNewsletter(id: Int64, with input: NewsletterInput) async throws(StoreError) -> Newsletter {
        let checked = try NewsletterRules.checked(input)
        return try await write { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM newsletters WHERE id = ?)", arguments: [id])
                    == true
            else { throw StoreError.notFound(id: id) }
            let (sectionID, topicID) = try Self.newsletterSource(input.source, db)
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM newsletters WHERE slug = ? AND id <> ?)",
                    arguments: [checked.slug.rawValue, id]) == false
            else { throw NewsletterRules.taken(checked.slug) }
            try db.execute(
                sql: """
                    UPDATE newsletters SET slug = ?, name = ?, description = ?, kind = ?, section_id = ?, topic_id = ?,
                        send_minute = ?, time_zone = ?, from_name = ?, from_address = ?
                    WHERE id = ?
                    """,
                arguments: [
                    checked.slug.rawValue, checked.name, checked.description, input.source.kind, sectionID, topicID,
                    checked.sendMinute, checked.timeZone, checked.fromName, checked.fromAddress, id,
                ])
            guard let list = try Self.newsletters(where: "newsletters.id = ?", arguments: [id], db).first else {
                throw StoreError.notFound(id: id)
            }
            return list
        }
    }

    public func deleteNewsletter(id: Int64) async throws(StoreError) -> Bool {
        try await write { db in
            // Unsent messages of its issues are cancelled in the same transaction: none goes out after.
            try Self.cancelIssues(ofNewsletter: id, now: Date(), db)
            try db.execute(sql: "DELETE FROM newsletters WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    // MARK: Consent

    public func requestSubscription(
        email: String, newsletterIDs: [Int64], confirmationDigest: String, now: Date, expiresAt: Date
    ) async throws(StoreError) -> SubscriptionRequestOutcome {
        let address = try NewsletterRules.email(email)
        let ids = NewsletterRules.distinct(newsletterIDs)
        guard !ids.isEmpty else { throw NewsletterRules.refuse("newsletters", "choose at least one newsletter") }
        return try await write { db in
            try Self.checkNewsletters(ids, db)
            if let reason = try String.fetchOne(
                db, sql: "SELECT reason FROM newsletter_suppressions WHERE email = ?", arguments: [address]),
                reason != SuppressionReason.unsubscribed.rawValue
            {
                return .suppressed
            }
            let existing = try Row.fetchOne(
                db, sql: "SELECT id, confirmation_sent_at FROM newsletter_subscribers WHERE email = ?",
                arguments: [address])
            if let existing {
                if let sent: Date = existing["confirmation_sent_at"],
                    now.timeIntervalSince(sent) < NewsletterRules.confirmationInterval
                {
                    return .alreadySentToday
                }
                try db.execute(
                    sql: """
                        UPDATE newsletter_subscribers SET confirmation_digest = ?, confirmation_lists = ?,
                            confirmation_sent_at = ?, confirmation_expires_at = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        confirmationDigest, NewsletterRules.encode(ids), now, expiresAt, existing["id"] as Int64,
                    ])
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO newsletter_subscribers (email, status, preference_token, created_at,
                            confirmation_digest, confirmation_lists, confirmation_sent_at, confirmation_expires_at)
                        VALUES (?, 'pending', ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        address, NewsletterRules.newPreferenceToken(), now, confirmationDigest,
                        NewsletterRules.encode(ids), now, expiresAt,
                    ])
            }
            return .sendConfirmation(email: address)
        }
    }

    public func confirmSubscription(digest: String, now: Date) async throws(StoreError) -> NewsletterSubscriber? {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, email, confirmation_lists, confirmation_expires_at FROM newsletter_subscribers
                        WHERE confirmation_digest = ?
                        """, arguments: [digest])
            else { return nil }
            let id: Int64 = row["id"]
            let expires: Date? = row["confirmation_expires_at"]
            guard let expires, expires > now else { return nil }
            let email: String = row["email"]
            if let reason = try String.fetchOne(
                db, sql: "SELECT reason FROM newsletter_suppressions WHERE email = ?", arguments: [email]),
                reason != SuppressionReason.unsubscribed.rawValue
            {
                return nil
            }
            try db.execute(sql: "DELETE FROM newsletter_suppressions WHERE email = ?", arguments: [email])
            for list in NewsletterRules.decode(row["confirmation_lists"]) {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO newsletter_subscriptions (subscriber_id, newsletter_id, created_at)
                        SELECT ?, id, ? FROM newsletters WHERE id = ?
                        """, arguments: [id, now, list])
            }
            try db.execute(
                sql: """
                    UPDATE newsletter_subscribers SET status = 'confirmed', paused = 0,
                        confirmed_at = COALESCE(CASE WHEN status = 'confirmed' THEN confirmed_at END, ?),
                        confirmation_digest = NULL, confirmation_lists = NULL, confirmation_expires_at = NULL
                    WHERE id = ?
                    """, arguments: [now, id])
            return try Self.subscriber(where: "id = ?", arguments: [id], db)
        }
    }

    public func subscriber(preferenceToken token: String) async throws(StoreError) -> NewsletterSubscriber? {
        try await read { db in try Self.subscriber(where: "preference_token = ?", arguments: [token], db) }
    }

    public func subscriber(email: String) async throws(StoreError) -> NewsletterSubscriber? {
        guard let address = NewsletterRules.normalisedEmail(email) else { return nil }
        return try await read { db in
            try Self.subscriber(where: "email = ? AND status = 'confirmed'", arguments: [address], db)
        }
    }

    public func updatePreferences(preferenceToken token: String, newsletterIDs: [Int64], paused: Bool, now: Date)
        async throws(StoreError) -> NewsletterSubscriber?
    {
        let ids = NewsletterRules.distinct(newsletterIDs)
        return try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, email, status FROM newsletter_subscribers WHERE preference_token = ?",
                    arguments: [token])
            else { return nil }
            let id: Int64 = row["id"]
            guard row["status"] as String == SubscriberStatus.confirmed.rawValue else {
                return try Self.subscriber(where: "id = ?", arguments: [id], db)
            }
            try Self.checkNewsletters(ids, db)
            try db.execute(sql: "DELETE FROM newsletter_subscriptions WHERE subscriber_id = ?", arguments: [id])
            for list in ids {
                try db.execute(
                    sql:
                        "INSERT INTO newsletter_subscriptions (subscriber_id, newsletter_id, created_at) VALUES (?, ?, ?)",
                    arguments: [id, list, now])
            }
            if ids.isEmpty {
                try Self.leave(id: id, email: row["email"], now: now, db)
            } else {
                try db.execute(
                    sql: "UPDATE newsletter_subscribers SET paused = ? WHERE id = ?", arguments: [paused, id])
            }
            return try Self.subscriber(where: "id = ?", arguments: [id], db)
        }
    }

    public func unsubscribe(preferenceToken token: String, newsletterID: Int64?, now: Date)
        async throws(StoreError) -> NewsletterSubscriber?
    {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, email FROM newsletter_subscribers WHERE preference_token = ?",
                    arguments: [token])
            else { return nil }
            let id: Int64 = row["id"]
            if let newsletterID {
                try db.execute(
                    sql: "DELETE FROM newsletter_subscriptions WHERE subscriber_id = ? AND newsletter_id = ?",
                    arguments: [id, newsletterID])
            } else {
                try db.execute(sql: "DELETE FROM newsletter_subscriptions WHERE subscriber_id = ?", arguments: [id])
            }
            let left =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM newsletter_subscriptions WHERE subscriber_id = ?", arguments: [id])
                ?? 0
            if left == 0 { try Self.leave(id: id, email: row["email"], now: now, db) }
            return try Self.subscriber(where: "id = ?", arguments: [id], db)
        }
    }

    public func suppress(email: String, reason: SuppressionReason, now: Date) async throws(StoreError) {
        let address = try NewsletterRules.email(email)
        try await write { db in
            try Self.suppress(address, reason: reason, now: now, db)
            try db.execute(
                sql: """
                    DELETE FROM newsletter_subscriptions
                    WHERE subscriber_id IN (SELECT id FROM newsletter_subscribers WHERE email = ?)
                    """, arguments: [address])
            try db.execute(
                sql: """
                    UPDATE newsletter_subscribers SET status = 'left', confirmation_digest = NULL,
                        confirmation_lists = NULL, confirmation_expires_at = NULL
                    WHERE email = ? AND status <> 'pending'
                    """, arguments: [address])
            try db.execute(
                sql: "DELETE FROM newsletter_subscribers WHERE email = ? AND status = 'pending'", arguments: [address])
        }
    }

    public func suppression(email: String) async throws(StoreError) -> SuppressionReason? {
        guard let address = NewsletterRules.normalisedEmail(email) else { return nil }
        return try await read { db in
            try String.fetchOne(
                db, sql: "SELECT reason FROM newsletter_suppressions WHERE email = ?", arguments: [address]
            ).flatMap(SuppressionReason.init(rawValue:))
        }
    }

    public func purgeUnconfirmedSubscribers(now: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM newsletter_subscribers WHERE status = 'pending' AND confirmation_expires_at <= ?",
                arguments: [now])
            let deleted = db.changesCount
            try db.execute(
                sql: """
                    UPDATE newsletter_subscribers SET confirmation_digest = NULL, confirmation_lists = NULL,
                        confirmation_expires_at = NULL
                    WHERE confirmation_expires_at <= ?
                    """, arguments: [now])
            return deleted
        }
    }

    // MARK: Rows

    private static func newsletterSource(_ source: NewsletterSource, _ db: Database) throws -> (Int64?, Int64?) {
        switch source {
        case .front, .breaking:
            return (nil, nil)
        case .section(let slug):
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM sections WHERE slug = ?", arguments: [slug.rawValue])
            else { throw NewsletterRules.unknownSection(slug) }
            return (id, nil)
        case .topic(let slug):
            guard
                let id = try Int64.fetchOne(db, sql: "SELECT id FROM topics WHERE slug = ?", arguments: [slug.rawValue])
            else { throw NewsletterRules.unknownTopic(slug) }
            return (nil, id)
        }
    }

    private static func checkNewsletters(_ ids: [Int64], _ db: Database) throws {
        guard !ids.isEmpty else { return }
        let known = Set(
            try Int64.fetchAll(
                db, sql: "SELECT id FROM newsletters WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(ids)))
        let unknown = ids.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw NewsletterRules.unknownNewsletters(unknown) }
    }

    private static func suppress(_ address: String, reason: SuppressionReason, now: Date, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO newsletter_suppressions (email, reason, created_at) VALUES (?, ?, ?)",
            arguments: [address, reason.rawValue, now])
    }

    private static func leave(id: Int64, email: String, now: Date, _ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE newsletter_subscribers SET status = CASE WHEN status = 'pending' THEN status ELSE 'left' END,
                    paused = 0, confirmation_digest = NULL, confirmation_lists = NULL, confirmation_expires_at = NULL
                WHERE id = ?
                """, arguments: [id])
        try suppress(email, reason: .unsubscribed, now: now, db)
    }

    static func newsletters(where condition: String, arguments: StatementArguments, _ db: Database) throws
        -> [Newsletter]
    {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT newsletters.*, sections.slug AS section_slug, sections.name AS section_name,
                    topics.slug AS topic_slug, topics.name AS topic_name,
                    (SELECT COUNT(*) FROM newsletter_subscriptions
                        JOIN newsletter_subscribers ON newsletter_subscribers.id = newsletter_subscriptions.subscriber_id
                        WHERE newsletter_subscriptions.newsletter_id = newsletters.id
                            AND newsletter_subscribers.status = 'confirmed' AND newsletter_subscribers.paused = 0
                    ) AS subscriber_count
                FROM newsletters
                LEFT JOIN sections ON sections.id = newsletters.section_id
                LEFT JOIN topics ON topics.id = newsletters.topic_id
                WHERE \(condition)
                ORDER BY newsletters.name COLLATE NOCASE, newsletters.id
                """, arguments: arguments)
        return rows.compactMap { row in
            let kind: String = row["kind"]
            let source: NewsletterSource
            var sourceName: String?
            switch kind {
            case "section":
                guard let slug = (row["section_slug"] as String?).flatMap(Slug.init(validating:)) else { return nil }
                source = .section(slug)
                sourceName = row["section_name"]
            case "topic":
                guard let slug = (row["topic_slug"] as String?).flatMap(Slug.init(validating:)) else { return nil }
                source = .topic(slug)
                sourceName = row["topic_name"]
            case "breaking": source = .breaking
            default: source = .front
            }
            guard let slug = Slug(validating: row["slug"]) else { return nil }
            return Newsletter(
                id: row["id"], slug: slug, name: row["name"], description: row["description"], source: source,
                sourceName: sourceName, sendMinute: row["send_minute"], timeZone: row["time_zone"],
                fromName: row["from_name"], fromAddress: row["from_address"], subscriberCount: row["subscriber_count"],
                createdAt: row["created_at"])
        }
    }

    private static func subscriber(where condition: String, arguments: StatementArguments, _ db: Database) throws
        -> NewsletterSubscriber?
    {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM newsletter_subscribers WHERE \(condition)", arguments: arguments)
        else { return nil }
        let id: Int64 = row["id"]
        let lists = try Int64.fetchAll(
            db,
            sql: "SELECT newsletter_id FROM newsletter_subscriptions WHERE subscriber_id = ? ORDER BY newsletter_id",
            arguments: [id])
        return NewsletterSubscriber(
            id: id, email: row["email"], status: SubscriberStatus(rawValue: row["status"]) ?? .pending,
            paused: row["paused"], newsletterIDs: lists, preferenceToken: row["preference_token"],
            createdAt: row["created_at"], confirmedAt: row["confirmed_at"])
    }
}
