import DatelineArchive
import DatelineCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

extension PostgresStoryStore: ArchiveStore {
    /// Tables whose `bigserial` keys an import sets, so the next row added gets a fresh key.
    private static let serialTables = [
        "sections", "topics", "users", "authors", "stories", "story_revisions", "story_corrections", "api_tokens",
        "media", "feed_sources",
    ]

    @discardableResult
    public func exportArchive(to sink: (ArchiveRecord) async throws -> Void) async throws(StoreError)
        -> ArchiveCounts
    {
        // Work without a deadline runs in this task (see `withPooledConnection`), so the sink —
        // only valid while this call lasts — never outlives it, and the counts are only ever used
        // by one task at a time. No deadline: an export streams the whole archive in one snapshot.
        let counts = ExportTally()
        let outcome: Result<Void, StoreError> = await withoutActuallyEscaping(sink) { sink in
            nonisolated(unsafe) let sink = sink
            do {
                try await write(workDeadline: nil) { [self] connection in
                    // One snapshot for every statement of the export.
                    try await connection.query(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
                    @Sendable func emit(_ record: ArchiveRecord) async throws {
                        counts.value.count(record)
                        do {
                            try await sink(record)
                        } catch {
                            throw StoreError.failed("the archive could not be written: \(error)")
                        }
                    }
                    try await emit(.header(ArchiveRecord.Header(exportedAt: ArchiveTime(Date()), source: "postgresql")))
                    try await Self.exportRows(of: Self.archiveQueries, on: connection, logger: logger, emit: emit)
                    try await Self.exportNewslettersAndWire(on: connection, logger: logger, emit: emit)
                }
                return .success(())
            } catch let error as StoreError {
                return .failure(error)
            } catch {
                return .failure(.failed("the archive could not be exported: \(error)"))
            }
        }
        try outcome.get()
        return counts.value
    }

    /// The export's running counts, kept by the one task that runs the export.
    private final class ExportTally: @unchecked Sendable {
        var value = ArchiveCounts()
    }

    public func importArchive(_ records: [ArchiveRecord]) async throws(StoreError) -> ArchiveCounts {
        let contents = try ArchiveContents(records)
        // No work deadline: the whole archive goes in as one transaction.
        try await writeStories(workDeadline: nil) { [self] connection, _ in
            try await connection.query(
                """
                LOCK TABLE users, sections, topics, media, newsletters, newsletter_subscribers, wire_items
                IN SHARE ROW EXCLUSIVE MODE
                """, logger: logger)
            let counts =
                try await connection.query(
                    """
                    SELECT (SELECT COUNT(*) FROM stories), (SELECT COUNT(*) FROM users),
                        (SELECT COUNT(*) FROM sections), (SELECT COUNT(*) FROM topics), (SELECT COUNT(*) FROM media),
                        (SELECT COUNT(*) FROM newsletters), (SELECT COUNT(*) FROM newsletter_subscribers),
                        (SELECT COUNT(*) FROM wire_items)
                    """, logger: logger
                ).decode((Int, Int, Int, Int, Int, Int, Int, Int).self).collected().first ?? (0, 0, 0, 0, 0, 0, 0, 0)
            if let refusal = ArchiveContents.refusal(
                stories: counts.0, users: counts.1, sections: counts.2, topics: counts.3, media: counts.4,
                newsletters: counts.5, subscribers: counts.6, wireItems: counts.7)
            {
                throw StoreError.failed(refusal)
            }
            try await Self.insert(contents, on: connection, logger: logger)
            try await Self.insertStoryImages(contents, on: connection, logger: logger)
            try await Self.insertNewslettersAndWire(contents, on: connection, logger: logger)
        }
        return contents.counts
    }

    // MARK: Export

    /// What each kind of row is read with, in archive order after the header.
    private enum ArchiveQuery: CaseIterable {
        case sections, topics, users, authors, stories, revisions, corrections, apiTokens, mail, media, sources

        var sql: String {
            switch self {
            case .sections: return "SELECT id, slug, name FROM sections ORDER BY id"
            case .topics: return "SELECT id, slug, name FROM topics ORDER BY id"
            case .users:
                return "SELECT id, email, name, role, password_hash, created_at, deactivated_at FROM users ORDER BY id"
            case .authors:
                return """
                    SELECT id, slug, name, bio, user_id,
                        ARRAY(SELECT slug FROM author_old_slugs WHERE author_id = authors.id ORDER BY slug) AS old_slugs
                    FROM authors ORDER BY id
                    """
            case .stories:
                return """
                    SELECT stories.id, stories.slug, stories.headline, sections.slug AS section_slug,
                        stories.dateline_place, stories.dateline_source, stories.byline, stories.body,
                        stories.highlights, stories.highlights_origin, stories.topics_origin, stories.status,
                        stories.published_at, stories.created_at, stories.updated_at, stories.source_url,
                        stories.source_checksum, story_owners.user_id AS owner_id, stories.lead_image,
                        ARRAY(SELECT topics.slug FROM story_topics JOIN topics ON topics.id = story_topics.topic_id
                            WHERE story_topics.story_id = stories.id ORDER BY story_topics.position) AS topic_slugs,
                        ARRAY(SELECT author_id FROM story_authors WHERE story_authors.story_id = stories.id
                            ORDER BY story_authors.position) AS author_ids,
                        stories.seo_title, stories.seo_description
                    FROM stories JOIN sections ON sections.id = stories.section_id
                    LEFT JOIN story_owners ON story_owners.story_id = stories.id
                    ORDER BY stories.id
                    """
            case .revisions:
                return "SELECT id, story_id, number, author_id, created_at, content FROM story_revisions ORDER BY id"
            case .corrections:
                return "SELECT id, story_id, author_id, note, created_at FROM story_corrections ORDER BY id"
            case .apiTokens:
                return """
                    SELECT id, user_id, name, digest, prefix, created_at, last_used_at, revoked_at
                    FROM api_tokens ORDER BY id
                    """
            case .mail:
                return """
                    SELECT id, payload, enqueued_at, attempts, next_attempt_at, last_error
                    FROM mail_outbox WHERE state = 'pending' ORDER BY id::text
                    """
            case .media:
                // Rows stream one at a time, so originals are never all in memory together.
                return """
                    SELECT media.id, media.version, media.digest, media.file_name, media.format, media.width,
                        media.height, media.alt_text, media.credit, media.caption, media.uploaded_by,
                        media.created_at, media.updated_at, media_originals.bytes,
                        ARRAY(SELECT story_id FROM media_uses WHERE media_uses.media_id = media.id ORDER BY story_id)
                            AS used_by
                    FROM media JOIN media_originals ON media_originals.media_id = media.id
                    ORDER BY media.id
                    """
            case .sources:
                return """
                    SELECT id, url, name, section, interval_minutes, allow_private, paused, created_at
                    FROM feed_sources ORDER BY id
                    """
            }
        }
    }

    private static var archiveQueries: [ArchiveQuery] { ArchiveQuery.allCases }

    /// Streams every row of each query to `emit` as a record.
    private static func exportRows(
        of queries: [ArchiveQuery], on connection: PostgresConnection, logger: Logger,
        emit: (ArchiveRecord) async throws -> Void
    ) async throws {
        for query in queries {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: query.sql), logger: logger)
            for try await row in rows {
                try await emit(try record(query, from: row.makeRandomAccess()))
            }
        }
    }

    /// One row of `query` as its record.
    private static func record(_ query: ArchiveQuery, from row: PostgresRandomAccessRow) throws -> ArchiveRecord {
        switch query {
        case .sections, .topics:
            let value = ArchiveRecord.Section(
                id: try row["id"].decode(Int64.self), slug: try row["slug"].decode(String.self),
                name: try row["name"].decode(String.self))
            return query == .sections ? .section(value) : .topic(value)
        case .users:
            return .user(
                .init(
                    id: try row["id"].decode(Int64.self), email: try row["email"].decode(String.self),
                    name: try row["name"].decode(String.self), role: try row["role"].decode(String.self),
                    passwordHash: try row["password_hash"].decode(String.self),
                    createdAt: try row["created_at"].decode(ArchiveTime.self),
                    deactivatedAt: try row["deactivated_at"].decode(ArchiveTime?.self)))
        case .authors:
            return .author(
                .init(
                    id: try row["id"].decode(Int64.self), slug: try row["slug"].decode(String.self),
                    name: try row["name"].decode(String.self), bio: try row["bio"].decode(String?.self),
                    userID: try row["user_id"].decode(Int64?.self),
                    oldSlugs: try row["old_slugs"].decode([String].self)))
        case .stories:
            var story = ArchiveRecord.Story(
                id: try row["id"].decode(Int64.self), slug: try row["slug"].decode(String.self),
                headline: try row["headline"].decode(String.self),
                section: try row["section_slug"].decode(String.self),
                datelinePlace: try row["dateline_place"].decode(String?.self),
                datelineSource: try row["dateline_source"].decode(String?.self),
                byline: try row["byline"].decode(String?.self), body: try row["body"].decode([String].self),
                highlights: try row["highlights"].decode([String].self),
                highlightsOrigin: try row["highlights_origin"].decode(String.self),
                topicsOrigin: try row["topics_origin"].decode(String.self),
                status: try row["status"].decode(String.self),
                publishedAt: try row["published_at"].decode(ArchiveTime?.self),
                createdAt: try row["created_at"].decode(ArchiveTime.self),
                updatedAt: try row["updated_at"].decode(ArchiveTime.self),
                sourceURL: try row["source_url"].decode(String?.self),
                sourceChecksum: try row["source_checksum"].decode(String?.self),
                ownerID: try row["owner_id"].decode(Int64?.self),
                topics: try row["topic_slugs"].decode([String].self))
            let authors = try row["author_ids"].decode([Int64].self)
            story.authors = authors.isEmpty ? nil : authors
            story.leadImage = try row["lead_image"].decode(Int64?.self)
            story.seoTitle = try row["seo_title"].decode(String?.self)
            story.seoDescription = try row["seo_description"].decode(String?.self)
            return .story(story)
        case .revisions:
            return .revision(
                .init(
                    id: try row["id"].decode(Int64.self), storyID: try row["story_id"].decode(Int64.self),
                    number: try row["number"].decode(Int.self), authorID: try row["author_id"].decode(Int64?.self),
                    createdAt: try row["created_at"].decode(ArchiveTime.self),
                    content: try row["content"].decode(String.self)))
        case .corrections:
            return .correction(
                .init(
                    id: try row["id"].decode(Int64.self), storyID: try row["story_id"].decode(Int64.self),
                    authorID: try row["author_id"].decode(Int64?.self), note: try row["note"].decode(String.self),
                    createdAt: try row["created_at"].decode(ArchiveTime.self)))
        case .apiTokens:
            return .apiToken(
                .init(
                    id: try row["id"].decode(Int64.self), userID: try row["user_id"].decode(Int64.self),
                    name: try row["name"].decode(String.self), digest: try row["digest"].decode(String.self),
                    prefix: try row["prefix"].decode(String.self),
                    createdAt: try row["created_at"].decode(ArchiveTime.self),
                    lastUsedAt: try row["last_used_at"].decode(ArchiveTime?.self),
                    revokedAt: try row["revoked_at"].decode(ArchiveTime?.self)))
        case .mail:
            return .mail(
                .init(
                    id: try row["id"].decode(UUID.self).uuidString, payload: try row["payload"].decode(String.self),
                    enqueuedAt: try row["enqueued_at"].decode(ArchiveTime.self),
                    attempts: try row["attempts"].decode(Int.self),
                    nextAttemptAt: try row["next_attempt_at"].decode(ArchiveTime.self),
                    lastError: try row["last_error"].decode(String?.self)))
        case .media:
            return .media(
                .init(
                    id: try row["id"].decode(Int64.self), version: try row["version"].decode(Int.self),
                    sha256: try row["digest"].decode(String.self), fileName: try row["file_name"].decode(String.self),
                    format: try row["format"].decode(String.self), width: try row["width"].decode(Int.self),
                    height: try row["height"].decode(Int.self), altText: try row["alt_text"].decode(String?.self),
                    credit: try row["credit"].decode(String?.self), caption: try row["caption"].decode(String?.self),
                    uploadedBy: try row["uploaded_by"].decode(Int64?.self),
                    createdAt: try row["created_at"].decode(ArchiveTime.self),
                    updatedAt: try row["updated_at"].decode(ArchiveTime.self),
                    usedBy: try row["used_by"].decode([Int64].self), original: try row["bytes"].decode(Data.self)))
        case .sources:
            return .source(
                .init(
                    id: try row["id"].decode(Int64.self), url: try row["url"].decode(String.self),
                    name: try row["name"].decode(String?.self), section: try row["section"].decode(String?.self),
                    intervalMinutes: try row["interval_minutes"].decode(Int.self),
                    allowPrivate: try row["allow_private"].decode(Bool.self),
                    paused: try row["paused"].decode(Bool.self),
                    createdAt: try row["created_at"].decode(ArchiveTime.self)))
        }
    }

    // MARK: Import

    /// Inserts every record with its own key, indexes each story for search, and moves every
    /// key sequence past the largest key imported.
    private static func insert(_ contents: ArchiveContents, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        var sectionIDs: [String: Int64] = [:]
        for section in contents.sections {
            try await connection.query(
                "INSERT INTO sections (id, slug, name) VALUES (\(section.id), \(section.slug), \(section.name))",
                logger: logger)
            sectionIDs[section.slug] = section.id
        }
        var topicIDs: [String: Int64] = [:]
        for topic in contents.topics {
            try await connection.query(
                "INSERT INTO topics (id, slug, name) VALUES (\(topic.id), \(topic.slug), \(topic.name))", logger: logger
            )
            topicIDs[topic.slug] = topic.id
        }
        for user in contents.users {
            try await connection.query(
                """
                INSERT INTO users (id, email, name, role, password_hash, created_at, deactivated_at)
                VALUES (\(user.id), \(user.email), \(user.name), \(user.role), \(user.passwordHash), \(user.createdAt),
                    \(user.deactivatedAt))
                """, logger: logger)
        }
        for author in contents.authors {
            try await connection.query(
                """
                INSERT INTO authors (id, slug, name, bio, user_id)
                VALUES (\(author.id), \(author.slug), \(author.name), \(author.bio), \(author.userID))
                """, logger: logger)
            for old in author.oldSlugs {
                try await connection.query(
                    "INSERT INTO author_old_slugs (slug, author_id) VALUES (\(old), \(author.id))", logger: logger)
            }
        }
        for story in contents.stories {
            try await connection.query(
                """
                INSERT INTO stories (id, slug, headline, section_id, dateline_place, dateline_source, byline, body,
                    highlights, highlights_origin, topics_origin, status, published_at, created_at, updated_at,
                    source_url, source_checksum, seo_title, seo_description)
                VALUES (\(story.id), \(story.slug), \(story.headline), \(sectionIDs[story.section]),
                    \(story.datelinePlace), \(story.datelineSource), \(story.byline), \(story.body),
                    \(story.highlights), \(story.highlightsOrigin), \(story.topicsOrigin), \(story.status),
                    \(story.publishedAt), \(story.createdAt), \(story.updatedAt), \(story.sourceURL),
                    \(story.sourceChecksum), \(story.seoTitle), \(story.seoDescription))
                """, logger: logger)
            for (position, author) in (story.authors ?? []).enumerated() {
                try await connection.query(
                    """
                    INSERT INTO story_authors (story_id, author_id, position) VALUES (\(story.id), \(author), \(position))
                    """, logger: logger)
            }
            for (position, topic) in story.topics.enumerated() {
                try await connection.query(
                    """
                    INSERT INTO story_topics (story_id, topic_id, position)
                    VALUES (\(story.id), \(topicIDs[topic]), \(position))
                    """, logger: logger)
            }
            if let owner = story.ownerID {
                try await connection.query(
                    "INSERT INTO story_owners (story_id, user_id) VALUES (\(story.id), \(owner))", logger: logger)
            }
            try await refreshSearch(ofStory: story.id, on: connection, logger: logger)
        }
        for revision in contents.revisions {
            try await connection.query(
                """
                INSERT INTO story_revisions (id, story_id, number, author_id, created_at, content)
                VALUES (\(revision.id), \(revision.storyID), \(revision.number), \(revision.authorID),
                    \(revision.createdAt), \(revision.content))
                """, logger: logger)
        }
        for correction in contents.corrections {
            try await connection.query(
                """
                INSERT INTO story_corrections (id, story_id, author_id, note, created_at)
                VALUES (\(correction.id), \(correction.storyID), \(correction.authorID), \(correction.note),
                    \(correction.createdAt))
                """, logger: logger)
        }
        for token in contents.apiTokens {
            try await connection.query(
                """
                INSERT INTO api_tokens (id, user_id, name, digest, prefix, created_at, last_used_at, revoked_at)
                VALUES (\(token.id), \(token.userID), \(token.name), \(token.digest), \(token.prefix),
                    \(token.createdAt), \(token.lastUsedAt), \(token.revokedAt))
                """, logger: logger)
        }
        for mail in contents.mail {
            guard let id = UUID(uuidString: mail.id) else {
                throw StoreError.failed("the mail id '\(mail.id)' is not a UUID")
            }
            try await connection.query(
                """
                INSERT INTO mail_outbox (id, payload, enqueued_at, attempts, next_attempt_at, state, last_error)
                VALUES (\(id), \(mail.payload), \(mail.enqueuedAt), \(mail.attempts), \(mail.nextAttemptAt),
                    'pending', \(mail.lastError))
                """, logger: logger)
        }
        for item in contents.media {
            try await connection.query(
                """
                INSERT INTO media (id, version, digest, file_name, format, width, height, byte_count, alt_text, credit,
                    caption, uploaded_by, created_at, updated_at)
                VALUES (\(item.id), \(item.version), \(item.sha256), \(item.fileName), \(item.format), \(item.width),
                    \(item.height), \(Int64(item.original.count)), \(item.altText), \(item.credit), \(item.caption),
                    \(item.uploadedBy), \(item.createdAt), \(item.updatedAt))
                """, logger: logger)
            try await connection.query(
                "INSERT INTO media_originals (media_id, bytes) VALUES (\(item.id), \(item.original))", logger: logger)
            for story in item.usedBy {
                try await connection.query(
                    "INSERT INTO media_uses (media_id, story_id) VALUES (\(item.id), \(story))", logger: logger)
            }
        }
        // Followed sources, due at once: the first poll reads each feed afresh.
        for source in contents.sources {
            try await connection.query(
                """
                INSERT INTO feed_sources (id, url, name, section, interval_minutes, allow_private, paused,
                    next_poll_at, created_at)
                VALUES (\(source.id), \(source.url), \(source.name), \(source.section), \(source.intervalMinutes),
                    \(source.allowPrivate), \(source.paused), now(), \(source.createdAt))
                """, logger: logger)
        }
        try await moveKeySequences(of: serialTables, on: connection, logger: logger)
    }

    /// Moves each table's `bigserial` key sequence past its largest key, so the next row added
    /// after an import gets a fresh key.
    static func moveKeySequences(of tables: [String], on connection: PostgresConnection, logger: Logger)
        async throws
    {
        for table in tables {
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

extension ArchiveTime: PostgresNonThrowingEncodable, PostgresDecodable {
    /// PostgreSQL's zero time, midnight UTC on 1 January 2000, in microseconds since 1970.
    private static let postgresEpoch: Int64 = 946_684_800_000_000

    public static var psqlType: PostgresDataType { .timestamptz }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger(microseconds - Self.postgresEpoch)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .timestamptz || type == .timestamp, format == .binary, buffer.readableBytes == 8,
            let value = buffer.readInteger(as: Int64.self)
        else { throw PostgresDecodingError.Code.typeMismatch }
        self.init(microseconds: value + Self.postgresEpoch)
    }
}

extension PostgresStoryStore {
    /// Each story's lead image, and the uses of every image its story places that the database
    /// holds (an archive's images may come before or after its stories, or not at all).
    static func insertStoryImages(_ contents: ArchiveContents, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        for story in contents.stories {
            if let lead = story.leadImage {
                try await connection.query(
                    "UPDATE stories SET lead_image = \(lead) WHERE id = \(story.id)", logger: logger)
            }
            var draft = StoryDraft(headline: story.headline, body: story.body)
            draft.leadImage = story.leadImage
            if !draft.mediaIDs.isEmpty {
                try await recordMediaUses(of: draft, story: story.id, on: connection, logger: logger)
            }
        }
    }
}
