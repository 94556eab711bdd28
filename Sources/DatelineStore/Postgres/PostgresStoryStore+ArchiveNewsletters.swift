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

    /// Rows per batched insert.
    private static let batchSize = 1_000

    private static func batches<T>(of rows: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: rows.count, by: batchSize).map { rows[$0..<min($0 + batchSize, rows.count)] }
    }

    /// A time as microseconds since 1970 for an array parameter; nil as `Int64.min`, which
    /// ``time(_:)`` reads back as NULL.
    private static func micro(_ time: ArchiveTime?) -> Int64 { time?.microseconds ?? Int64.min }

    /// SQL turning the microseconds in `column` back into a `timestamptz` (NULL for `Int64.min`).
    private static func time(_ column: String) -> String {
        "CASE WHEN \(column) = \(Int64.min) THEN NULL ELSE 'epoch'::timestamptz + \(column) * interval '1 microsecond' END"
    }

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
        // People in batches: one statement per thousand rows, not two round trips per person
        // (100,000 subscribers took 228 s one by one in a debug build).
        for batch in batches(of: contents.subscribers) {
            let confirmations = batch.map(\.confirmation)
            try await connection.query(
                """
                INSERT INTO newsletter_subscribers (id, email, status, paused, preference_token, created_at,
                    confirmed_at, confirmation_digest, confirmation_lists, confirmation_sent_at, confirmation_expires_at)
                SELECT id, email, status, paused, token, \(unescaped: time("created")), \(unescaped: time("confirmed")),
                    NULLIF(digest, ''), CASE WHEN digest = '' THEN NULL ELSE lists END, \(unescaped: time("sent")),
                    \(unescaped: time("expires"))
                FROM unnest(\(batch.map(\.id))::bigint[], \(batch.map(\.email))::text[], \(batch.map(\.status))::text[],
                    \(batch.map(\.paused))::boolean[], \(batch.map(\.preferenceToken))::text[],
                    \(batch.map(\.createdAt.microseconds))::bigint[], \(batch.map { micro($0.confirmedAt) })::bigint[],
                    \(confirmations.map { $0?.digest ?? "" })::text[],
                    \(confirmations.map { $0.map { NewsletterRules.encode($0.lists) } ?? "" })::text[],
                    \(confirmations.map { micro($0?.sentAt) })::bigint[],
                    \(confirmations.map { micro($0?.expiresAt) })::bigint[])
                    AS given(id, email, status, paused, token, created, confirmed, digest, lists, sent, expires)
                """, logger: logger)
        }
        let subscriptions = contents.subscribers.flatMap { person in person.lists.map { (person.id, $0) } }
        for batch in batches(of: subscriptions) {
            try await connection.query(
                """
                INSERT INTO newsletter_subscriptions (subscriber_id, newsletter_id, created_at)
                SELECT person, list, \(unescaped: time("since"))
                FROM unnest(\(batch.map(\.0))::bigint[], \(batch.map(\.1.newsletter))::bigint[],
                    \(batch.map(\.1.since.microseconds))::bigint[]) AS given(person, list, since)
                """, logger: logger)
        }
        for batch in batches(of: contents.suppressions) {
            try await connection.query(
                """
                INSERT INTO newsletter_suppressions (email, reason, created_at)
                SELECT email, reason, \(unescaped: time("created"))
                FROM unnest(\(batch.map(\.email))::text[], \(batch.map(\.reason))::text[],
                    \(batch.map(\.createdAt.microseconds))::bigint[]) AS given(email, reason, created)
                """, logger: logger)
        }
        for batch in batches(of: contents.departures) {
            try await connection.query(
                """
                INSERT INTO newsletter_departures (newsletter_id, email, subscribed_at, left_at)
                SELECT list, email, \(unescaped: time("subscribed")), \(unescaped: time("gone"))
                FROM unnest(\(batch.map(\.newsletter))::bigint[], \(batch.map(\.email))::text[],
                    \(batch.map(\.subscribedAt.microseconds))::bigint[], \(batch.map(\.leftAt.microseconds))::bigint[])
                    AS given(list, email, subscribed, gone)
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
        for batch in batches(of: contents.deliveries) {
            try await connection.query(
                """
                INSERT INTO newsletter_deliveries (issue_id, subscriber_id, email, mail_id, message_id)
                SELECT issue, person, email, mail::uuid, message
                FROM unnest(\(batch.map(\.issue))::bigint[], \(batch.map(\.subscriber))::bigint[],
                    \(batch.map(\.email))::text[], \(batch.map(\.mailID))::text[], \(batch.map(\.messageID))::text[])
                    AS given(issue, person, email, mail, message)
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
        try await moveKeySequences(of: newsletterSerialTables, on: connection, logger: logger)
    }
}
