import DatelineArchive
import DatelineCore
import Foundation
import GRDB

/// The newsletters (lists, people, suppressions, departures, issues and the deliveries still in
/// flight) and the wire queue, read into an archive and written back from one.
extension SQLiteStoryStore {
    /// How many rows one read of the snapshot takes.
    private static let page = 500

    /// Emits every newsletter and wire record the snapshot holds, in archive order, page by page.
    func exportNewslettersAndWire(
        from snapshot: DatabaseSnapshot, emit: (ArchiveRecord) async throws(StoreError) -> Void
    ) async throws(StoreError) {
        for list in try await read(snapshot, Self.newsletterRecords) { try await emit(list) }
        var afterID = Int64.min
        while true {
            let records = try await read(snapshot) { [afterID] db in try Self.subscriberPage(after: afterID, db) }
            for record in records { try await emit(.subscriber(record)) }
            guard records.count == Self.page, let last = records.last else { break }
            afterID = last.id
        }
        var afterEmail = ""
        while true {
            let records = try await read(snapshot) { [afterEmail] db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM newsletter_suppressions WHERE email > ? ORDER BY email LIMIT ?",
                    arguments: [afterEmail, Self.page]
                ).map { row in
                    ArchiveRecord.Suppression(
                        email: row["email"], reason: row["reason"], createdAt: try Self.time(row, "created_at"))
                }
            }
            for record in records { try await emit(.suppression(record)) }
            guard records.count == Self.page, let last = records.last else { break }
            afterEmail = last.email
        }
        var afterDeparture = (Int64.min, "")
        while true {
            let records = try await read(snapshot) { [afterDeparture] db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM newsletter_departures WHERE (newsletter_id, email) > (?, ?)
                        ORDER BY newsletter_id, email LIMIT ?
                        """, arguments: [afterDeparture.0, afterDeparture.1, Self.page]
                ).map { row in
                    ArchiveRecord.Departure(
                        newsletter: row["newsletter_id"], email: row["email"],
                        subscribedAt: try Self.time(row, "subscribed_at"), leftAt: try Self.time(row, "left_at"))
                }
            }
            for record in records { try await emit(.departure(record)) }
            guard records.count == Self.page, let last = records.last else { break }
            afterDeparture = (last.newsletter, last.email)
        }
        afterID = Int64.min
        while true {
            let records = try await read(snapshot) { [afterID] db in try Self.issuePage(after: afterID, db) }
            for record in records { try await emit(.newsletterIssue(record)) }
            guard records.count == Self.page, let last = records.last else { break }
            afterID = last.id
        }
        var afterDelivery = (Int64.min, Int64.min)
        while true {
            let records = try await read(snapshot) { [afterDelivery] db in
                try Self.deliveryPage(after: afterDelivery, db)
            }
            for record in records { try await emit(.delivery(record)) }
            guard records.count == Self.page, let last = records.last else { break }
            afterDelivery = (last.issue, last.subscriber)
        }
        afterID = Int64.min
        while true {
            let items = try await read(snapshot) { [afterID] db in
                try Self.wireRows(where: "id > ?", arguments: [afterID], suffix: "ORDER BY id LIMIT \(Self.page)", db)
            }
            for item in items { try await emit(.wireItem(ArchiveRecord.WireItem(item))) }
            guard items.count == Self.page, let last = items.last else { break }
            afterID = last.id
        }
    }

    /// Runs `work` on the export's snapshot, its errors as the store's.
    func read<T: Sendable>(_ snapshot: DatabaseSnapshot, _ work: @escaping @Sendable (Database) throws -> T)
        async throws(StoreError) -> T
    {
        do {
            return try await snapshot.read(work)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.sqlite(error, path: path)
        }
    }

    /// Every list (a site has a handful).
    private static func newsletterRecords(_ db: Database) throws -> [ArchiveRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM newsletters ORDER BY id").map { row in
            .newsletter(
                .init(
                    id: row["id"], slug: row["slug"], name: row["name"], description: row["description"],
                    kind: row["kind"], section: row["section_id"], topic: row["topic_id"],
                    sendMinute: row["send_minute"], timeZone: row["time_zone"], fromName: row["from_name"],
                    fromAddress: row["from_address"], nextIssueNote: row["next_issue_note"],
                    createdAt: try time(row, "created_at")))
        }
    }

    /// A page of subscribers with the lists each gets.
    private static func subscriberPage(after id: Int64, _ db: Database) throws -> [ArchiveRecord.Subscriber] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM newsletter_subscribers WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, page])
        guard let first = rows.first, let last = rows.last else { return [] }
        var lists: [Int64: [ArchiveRecord.Subscriber.Subscription]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT subscriber_id, newsletter_id, created_at FROM newsletter_subscriptions
                WHERE subscriber_id BETWEEN ? AND ? ORDER BY subscriber_id, newsletter_id
                """, arguments: [first["id"] as Int64, last["id"] as Int64])
        {
            lists[row["subscriber_id"], default: []].append(
                .init(newsletter: row["newsletter_id"], since: try time(row, "created_at")))
        }
        return try rows.map { row in
            let id: Int64 = row["id"]
            let digest: String? = row["confirmation_digest"]
            return ArchiveRecord.Subscriber(
                id: id, email: row["email"], status: row["status"], paused: row["paused"],
                preferenceToken: row["preference_token"], createdAt: try time(row, "created_at"),
                confirmedAt: try optionalTime(row, "confirmed_at"),
                confirmation: try digest.map { digest in
                    .init(
                        digest: digest, lists: NewsletterRules.decode(row["confirmation_lists"]),
                        sentAt: try optionalTime(row, "confirmation_sent_at"),
                        expiresAt: try optionalTime(row, "confirmation_expires_at"))
                }, lists: lists[id] ?? [])
        }
    }

    private static func issuePage(after id: Int64, _ db: Database) throws -> [ArchiveRecord.NewsletterIssue] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM newsletter_issues WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, page]
        ).map { row in
            ArchiveRecord.NewsletterIssue(
                id: row["id"], newsletter: row["newsletter_id"], number: row["number"], period: row["period"],
                subject: row["subject"], editorNote: row["editor_note"], stories: row["stories"],
                storiesUntil: try time(row, "stories_until"), madeAt: try time(row, "made_at"), state: row["state"],
                stateNote: row["state_note"], queuedAt: try optionalTime(row, "queued_at"))
        }
    }

    /// A page of the deliveries still in flight: every one of an issue still queuing, and each
    /// whose message waits in the outbox.
    private static func deliveryPage(after key: (Int64, Int64), _ db: Database) throws -> [ArchiveRecord.Delivery] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT d.* FROM newsletter_deliveries d JOIN newsletter_issues i ON i.id = d.issue_id
                WHERE (d.issue_id, d.subscriber_id) > (?, ?)
                    AND (i.state = 'queuing'
                        OR EXISTS (SELECT 1 FROM mail_outbox o WHERE o.id = d.mail_id AND o.state = 'pending'))
                ORDER BY d.issue_id, d.subscriber_id LIMIT ?
                """, arguments: [key.0, key.1, page]
        ).map { row in
            let mail: String = row["mail_id"]
            return ArchiveRecord.Delivery(
                issue: row["issue_id"], subscriber: row["subscriber_id"], email: row["email"],
                mailID: UUID(uuidString: mail)?.uuidString ?? mail, messageID: row["message_id"])
        }
    }

    // MARK: Import

    /// Inserts the newsletters and the wire queue with their own keys, after the stories they
    /// point at. Departures go in after the subscriptions, whose trigger would otherwise clear them.
    static func insertNewslettersAndWire(_ contents: ArchiveContents, _ db: Database) throws {
        for list in contents.newsletters {
            try db.execute(
                sql: """
                    INSERT INTO newsletters (id, slug, name, description, kind, section_id, topic_id, send_minute,
                        time_zone, from_name, from_address, next_issue_note, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    list.id, list.slug, list.name, list.description, list.kind, list.section, list.topic,
                    list.sendMinute, list.timeZone, list.fromName, list.fromAddress, list.nextIssueNote,
                    list.createdAt.sqliteText,
                ])
        }
        let subscriber = try db.cachedStatement(
            sql: """
                INSERT INTO newsletter_subscribers (id, email, status, paused, preference_token, created_at,
                    confirmed_at, confirmation_digest, confirmation_lists, confirmation_sent_at, confirmation_expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let subscription = try db.cachedStatement(
            sql: "INSERT INTO newsletter_subscriptions (subscriber_id, newsletter_id, created_at) VALUES (?, ?, ?)")
        for person in contents.subscribers {
            let confirmation = person.confirmation
            try subscriber.execute(arguments: [
                person.id, person.email, person.status, person.paused, person.preferenceToken,
                person.createdAt.sqliteText, person.confirmedAt?.sqliteText, confirmation?.digest,
                confirmation.map { NewsletterRules.encode($0.lists) }, confirmation?.sentAt?.sqliteText,
                confirmation?.expiresAt?.sqliteText,
            ])
            for list in person.lists {
                try subscription.execute(arguments: [person.id, list.newsletter, list.since.sqliteText])
            }
        }
        let suppression = try db.cachedStatement(
            sql: "INSERT INTO newsletter_suppressions (email, reason, created_at) VALUES (?, ?, ?)")
        for entry in contents.suppressions {
            try suppression.execute(arguments: [entry.email, entry.reason, entry.createdAt.sqliteText])
        }
        let departure = try db.cachedStatement(
            sql: "INSERT INTO newsletter_departures (newsletter_id, email, subscribed_at, left_at) VALUES (?, ?, ?, ?)")
        for entry in contents.departures {
            try departure.execute(arguments: [
                entry.newsletter, entry.email, entry.subscribedAt.sqliteText, entry.leftAt.sqliteText,
            ])
        }
        // An issue still queuing keeps no heartbeat: the first instance to look takes it up.
        for issue in contents.newsletterIssues {
            try db.execute(
                sql: """
                    INSERT INTO newsletter_issues (id, newsletter_id, number, period, subject, editor_note, stories,
                        stories_until, made_at, state, state_note, queued_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    issue.id, issue.newsletter, issue.number, issue.period, issue.subject, issue.editorNote,
                    issue.stories, issue.storiesUntil.sqliteText, issue.madeAt.sqliteText, issue.state,
                    issue.stateNote, issue.queuedAt?.sqliteText,
                ])
        }
        let delivery = try db.cachedStatement(
            sql: """
                INSERT INTO newsletter_deliveries (issue_id, subscriber_id, email, mail_id, message_id)
                VALUES (?, ?, ?, ?, ?)
                """)
        for entry in contents.deliveries {
            try delivery.execute(arguments: [
                entry.issue, entry.subscriber, entry.email, entry.mailID, entry.messageID,
            ])
        }
        // Items first, then their groups: an item may point at one with a larger key.
        for item in contents.wireItems {
            guard let draft = item.draft else { continue }
            try db.execute(
                sql: """
                    INSERT INTO wire_items (id, source, guid, version, format, headline, byline, dateline, body,
                        summary, subjects, subject_keys, search_text, embargoed_until, version_created, url,
                        canonical_url, normalized_url, section, language, status, origin, fingerprint, word_count,
                        received_at, expires_at, story_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [item.id, draft.source, draft.guid] + wireArguments(draft)
                    + [item.receivedAt.date, item.expiresAt.date, item.storyID])
        }
        for item in contents.wireItems {
            guard let first = item.duplicateOf else { continue }
            try db.execute(sql: "UPDATE wire_items SET duplicate_of = ? WHERE id = ?", arguments: [first, item.id])
        }
    }
}
