import DatelineArchive
import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// The newsletters (lists, people, suppressions, departures, issues and the deliveries still in
/// flight) and the wire queue, read into an archive and written back from one.
extension PostgresStoryStore {
    /// Tables whose `bigserial` keys an import of these records sets.
    private static let newsletterSerialTables = [
        "newsletters", "newsletter_subscribers", "newsletter_issues", "wire_items",
    ]

    /// Streams every newsletter and wire record to `emit`, in archive order, inside the export's
    /// snapshot.
    static func exportNewslettersAndWire(
        on connection: PostgresConnection, logger: Logger, emit: (ArchiveRecord) async throws -> Void
    ) async throws {
        for try await row in try await connection.query("SELECT * FROM newsletters ORDER BY id", logger: logger) {
            let columns = row.makeRandomAccess()
            try await emit(
                .newsletter(
                    .init(
                        id: try columns["id"].decode(Int64.self), slug: try columns["slug"].decode(String.self),
                        name: try columns["name"].decode(String.self),
                        description: try columns["description"].decode(String.self),
                        kind: try columns["kind"].decode(String.self),
                        section: try columns["section_id"].decode(Int64?.self),
                        topic: try columns["topic_id"].decode(Int64?.self),
                        sendMinute: try columns["send_minute"].decode(Int?.self),
                        timeZone: try columns["time_zone"].decode(String.self),
                        fromName: try columns["from_name"].decode(String.self),
                        fromAddress: try columns["from_address"].decode(String.self),
                        nextIssueNote: try columns["next_issue_note"].decode(String.self),
                        createdAt: try columns["created_at"].decode(ArchiveTime.self))))
        }
        let subscribers = try await connection.query(
            """
            SELECT s.*,
                ARRAY(SELECT newsletter_id FROM newsletter_subscriptions
                    WHERE subscriber_id = s.id ORDER BY newsletter_id) AS list_ids,
                ARRAY(SELECT (extract(epoch FROM created_at) * 1000000)::bigint FROM newsletter_subscriptions
                    WHERE subscriber_id = s.id ORDER BY newsletter_id) AS list_since
            FROM newsletter_subscribers s ORDER BY s.id
            """, logger: logger)
        for try await row in subscribers {
            let columns = row.makeRandomAccess()
            let lists = zip(
                try columns["list_ids"].decode([Int64].self), try columns["list_since"].decode([Int64].self)
            )
            .map { ArchiveRecord.Subscriber.Subscription(newsletter: $0, since: ArchiveTime(microseconds: $1)) }
            let confirmation = try columns["confirmation_digest"].decode(String?.self).map { digest in
                ArchiveRecord.Subscriber.Confirmation(
                    digest: digest,
                    lists: NewsletterRules.decode(try columns["confirmation_lists"].decode(String?.self)),
                    sentAt: try columns["confirmation_sent_at"].decode(ArchiveTime?.self),
                    expiresAt: try columns["confirmation_expires_at"].decode(ArchiveTime?.self))
            }
            try await emit(
                .subscriber(
                    .init(
                        id: try columns["id"].decode(Int64.self), email: try columns["email"].decode(String.self),
                        status: try columns["status"].decode(String.self),
                        paused: try columns["paused"].decode(Bool.self),
                        preferenceToken: try columns["preference_token"].decode(String.self),
                        createdAt: try columns["created_at"].decode(ArchiveTime.self),
                        confirmedAt: try columns["confirmed_at"].decode(ArchiveTime?.self), confirmation: confirmation,
                        lists: lists)))
        }
        let suppressions = try await connection.query(
            "SELECT email, reason, created_at FROM newsletter_suppressions ORDER BY email", logger: logger
        ).decode((String, String, ArchiveTime).self)
        for try await (email, reason, created) in suppressions {
            try await emit(.suppression(.init(email: email, reason: reason, createdAt: created)))
        }
        let departures = try await connection.query(
            """
            SELECT newsletter_id, email, subscribed_at, left_at FROM newsletter_departures
            ORDER BY newsletter_id, email
            """, logger: logger
        ).decode((Int64, String, ArchiveTime, ArchiveTime).self)
        for try await (list, email, subscribed, left) in departures {
            try await emit(.departure(.init(newsletter: list, email: email, subscribedAt: subscribed, leftAt: left)))
        }
        for try await row in try await connection.query("SELECT * FROM newsletter_issues ORDER BY id", logger: logger) {
            let columns = row.makeRandomAccess()
            try await emit(
                .newsletterIssue(
                    .init(
                        id: try columns["id"].decode(Int64.self),
                        newsletter: try columns["newsletter_id"].decode(Int64.self),
                        number: try columns["number"].decode(Int.self),
                        period: try columns["period"].decode(String.self),
                        subject: try columns["subject"].decode(String.self),
                        editorNote: try columns["editor_note"].decode(String.self),
                        stories: try columns["stories"].decode(String.self),
                        storiesUntil: try columns["stories_until"].decode(ArchiveTime.self),
                        madeAt: try columns["made_at"].decode(ArchiveTime.self),
                        state: try columns["state"].decode(String.self),
                        stateNote: try columns["state_note"].decode(String?.self),
                        queuedAt: try columns["queued_at"].decode(ArchiveTime?.self))))
        }
        // The deliveries still in flight: every one of an issue still queuing, and each whose
        // message waits in the outbox.
        let deliveries = try await connection.query(
            """
            SELECT d.issue_id, d.subscriber_id, d.email, d.mail_id, d.message_id
            FROM newsletter_deliveries d JOIN newsletter_issues i ON i.id = d.issue_id
            WHERE i.state = 'queuing'
                OR EXISTS (SELECT 1 FROM mail_outbox o WHERE o.id = d.mail_id AND o.state = 'pending')
            ORDER BY d.issue_id, d.subscriber_id
            """, logger: logger
        ).decode((Int64, Int64, String, UUID, String).self)
        for try await (issue, subscriber, email, mail, message) in deliveries {
            try await emit(
                .delivery(
                    .init(
                        issue: issue, subscriber: subscriber, email: email, mailID: mail.uuidString, messageID: message)
                ))
        }
        for try await row in try await connection.query("SELECT * FROM wire_items ORDER BY id", logger: logger) {
            try await emit(.wireItem(ArchiveRecord.WireItem(try wireItem(row.makeRandomAccess()))))
        }
    }

    /// Inserts the newsletters and the wire queue with their own keys, after the stories they
    /// point at, and moves their key sequences past the largest key imported. Departures go in
    /// after the subscriptions, whose trigger would otherwise clear them.
    static func insertNewslettersAndWire(
        _ contents: ArchiveContents, on connection: PostgresConnection, logger: Logger
    ) async throws {
        for list in contents.newsletters {
            try await connection.query(
                """
                INSERT INTO newsletters (id, slug, name, description, kind, section_id, topic_id, send_minute,
                    time_zone, from_name, from_address, next_issue_note, created_at)
                VALUES (\(list.id), \(list.slug), \(list.name), \(list.description), \(list.kind), \(list.section),
                    \(list.topic), \(list.sendMinute), \(list.timeZone), \(list.fromName), \(list.fromAddress),
                    \(list.nextIssueNote.postgresText), \(list.createdAt))
                """, logger: logger)
        }
        for person in contents.subscribers {
            let confirmation = person.confirmation
            let confirmationLists = confirmation.map { NewsletterRules.encode($0.lists) }
            try await connection.query(
                """
                INSERT INTO newsletter_subscribers (id, email, status, paused, preference_token, created_at,
                    confirmed_at, confirmation_digest, confirmation_lists, confirmation_sent_at, confirmation_expires_at)
                VALUES (\(person.id), \(person.email), \(person.status), \(person.paused), \(person.preferenceToken),
                    \(person.createdAt), \(person.confirmedAt), \(confirmation?.digest), \(confirmationLists),
                    \(confirmation?.sentAt), \(confirmation?.expiresAt))
                """, logger: logger)
            guard !person.lists.isEmpty else { continue }
            try await connection.query(
                """
                INSERT INTO newsletter_subscriptions (subscriber_id, newsletter_id, created_at)
                SELECT \(person.id), list, 'epoch'::timestamptz + since * interval '1 microsecond'
                FROM unnest(\(person.lists.map(\.newsletter))::bigint[], \(person.lists.map(\.since.microseconds))::bigint[])
                    AS given(list, since)
                """, logger: logger)
        }
        for entry in contents.suppressions {
            try await connection.query(
                """
                INSERT INTO newsletter_suppressions (email, reason, created_at)
                VALUES (\(entry.email), \(entry.reason), \(entry.createdAt))
                """, logger: logger)
        }
        for entry in contents.departures {
            try await connection.query(
                """
                INSERT INTO newsletter_departures (newsletter_id, email, subscribed_at, left_at)
                VALUES (\(entry.newsletter), \(entry.email), \(entry.subscribedAt), \(entry.leftAt))
                """, logger: logger)
        }
        // An issue still queuing keeps no heartbeat: the first instance to look takes it up.
        for issue in contents.newsletterIssues {
            try await connection.query(
                """
                INSERT INTO newsletter_issues (id, newsletter_id, number, period, subject, editor_note, stories,
                    stories_until, made_at, state, state_note, queued_at)
                VALUES (\(issue.id), \(issue.newsletter), \(issue.number), \(issue.period.postgresText),
                    \(issue.subject.postgresText), \(issue.editorNote.postgresText), \(issue.stories.postgresText),
                    \(issue.storiesUntil), \(issue.madeAt), \(issue.state), \(issue.stateNote?.postgresText),
                    \(issue.queuedAt))
                """, logger: logger)
        }
        for entry in contents.deliveries {
            try await connection.query(
                """
                INSERT INTO newsletter_deliveries (issue_id, subscriber_id, email, mail_id, message_id)
                VALUES (\(entry.issue), \(entry.subscriber), \(entry.email), \(UUID(uuidString: entry.mailID)),
                    \(entry.messageID))
                """, logger: logger)
        }
        // Items first, then their groups: an item may point at one with a larger key.
        for item in contents.wireItems {
            guard let draft = item.draft else { continue }
            var statement = PostgresStatement("INSERT INTO wire_items (id, source, guid, ")
            statement.append(wireColumns.joined(separator: ", "))
            statement.append(", received_at, expires_at, story_id) VALUES (")
            statement.append(
                "\(try statement.bind(item.id)), \(try statement.bind(draft.source.postgresText)), "
                    + "\(try statement.bind(draft.guid.postgresText)), ")
            try appendWireValues(draft, to: &statement, assigning: false)
            statement.append(
                ", \(try statement.bind(item.receivedAt)), \(try statement.bind(item.expiresAt)), "
                    + "\(try statement.bind(item.storyID)))")
            try await connection.query(statement.query, logger: logger)
        }
        for item in contents.wireItems {
            guard let first = item.duplicateOf else { continue }
            try await connection.query(
                "UPDATE wire_items SET duplicate_of = \(first) WHERE id = \(item.id)", logger: logger)
        }
        for table in newsletterSerialTables {
            // Table names are the store's own constants; nothing here comes from the archive.
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(MAX(id), 0) + 1, false)
                        FROM \(table)
                        """), logger: logger)
        }
    }
}
