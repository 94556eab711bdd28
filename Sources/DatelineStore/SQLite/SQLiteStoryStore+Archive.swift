import DatelineArchive
import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: ArchiveStore {
    /// How many rows one read of the snapshot takes.
    private static let archivePage = 500

    @discardableResult
    public func exportArchive(to sink: (ArchiveRecord) async throws -> Void) async throws(StoreError)
        -> ArchiveCounts
    {
        let snapshot: DatabaseSnapshot
        do {
            // One read transaction held open for the whole export: every page sees the same data.
            snapshot = try pool.makeSnapshot()
        } catch {
            throw StoreError.sqlite(error, path: path)
        }
        var counts = ArchiveCounts()
        func emit(_ record: ArchiveRecord) async throws(StoreError) {
            counts.count(record)
            do {
                try await sink(record)
            } catch {
                throw .failed("the archive could not be written: \(error)")
            }
        }
        try await emit(.header(ArchiveRecord.Header(exportedAt: ArchiveTime(Date()), source: "sqlite")))
        for kind in ArchiveKind.allCases {
            var after: String? = nil
            while true {
                let (records, last) = try await readPage(of: kind, after: after, from: snapshot)
                for record in records { try await emit(record) }
                guard records.count == Self.archivePage, let last else { break }
                after = last
            }
        }
        // Media items last, one read each: an original can be 25 MB, so a page of them is not.
        var afterMedia = Int64.min
        while let item = try await readMedia(after: afterMedia, from: snapshot) {
            try await emit(.media(item))
            afterMedia = item.id
        }
        for source in try await readSources(from: snapshot) { try await emit(.source(source)) }
        try await exportNewslettersAndWire(from: snapshot, emit: emit)
        return counts
    }

    /// Every followed source as the newsroom set it up (a site follows tens, not thousands).
    private func readSources(from snapshot: DatabaseSnapshot) async throws(StoreError) -> [ArchiveRecord.Source] {
        try await read(snapshot) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM feed_sources ORDER BY id").map { row in
                ArchiveRecord.Source(
                    id: row["id"], url: row["url"], name: row["name"], section: row["section"],
                    intervalMinutes: row["interval_minutes"], allowPrivate: row["allow_private"],
                    paused: row["paused"], createdAt: try Self.time(row, "created_at"))
            }
        }
    }

    public func importArchive(_ records: [ArchiveRecord]) async throws(StoreError) -> ArchiveCounts {
        let contents = try ArchiveContents(records)
        try await write { db in
            let count = { (table: String) in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            if let refusal = ArchiveContents.refusal(
                stories: try count("stories"), users: try count("users"), sections: try count("sections"),
                topics: try count("topics"), media: try count("media"), newsletters: try count("newsletters"),
                subscribers: try count("newsletter_subscribers"), wireItems: try count("wire_items"))
            {
                throw StoreError.failed(refusal)
            }
            try Self.insert(contents, db)
            try Self.insertStoryImages(contents, db)
            try Self.insertNewslettersAndWire(contents, db)
        }
        return contents.counts
    }

    // MARK: Export

    /// The kinds of rows in archive order, after the header.
    private enum ArchiveKind: CaseIterable {
        case sections, topics, users, authors, stories, revisions, corrections, apiTokens, mail
    }

    /// One page of `kind` after the key `after`, and the last key read.
    private func readPage(of kind: ArchiveKind, after: String?, from snapshot: DatabaseSnapshot)
        async throws(StoreError) -> ([ArchiveRecord], String?)
    {
        let limit = Self.archivePage
        let path = self.path
        do {
            return try await snapshot.read { db in
                if kind == .mail {
                    let rows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT * FROM mail_outbox WHERE state = 'pending' AND id > ? ORDER BY id LIMIT ?
                            """, arguments: [after ?? "", limit])
                    let records = try rows.map { row in
                        let id: String = row["id"]
                        return ArchiveRecord.mail(
                            .init(
                                id: UUID(uuidString: id)?.uuidString ?? id, payload: row["payload"],
                                enqueuedAt: try Self.time(row, "enqueued_at"), attempts: row["attempts"],
                                nextAttemptAt: try Self.time(row, "next_attempt_at"), lastError: row["last_error"]))
                    }
                    return (records, rows.last.map { $0["id"] })
                }
                let afterID = after.flatMap { Int64($0) } ?? Int64.min
                let table: String
                switch kind {
                case .sections: table = "sections"
                case .topics: table = "topics"
                case .users: table = "users"
                case .authors: return try Self.authorPage(after: afterID, limit: limit, db)
                case .stories:
                    return try Self.storyPage(after: afterID, limit: limit, db)
                case .revisions: table = "story_revisions"
                case .corrections: table = "story_corrections"
                case .apiTokens: table = "api_tokens"
                case .mail: table = "mail_outbox"
                }
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM \(table) WHERE id > ? ORDER BY id LIMIT ?", arguments: [afterID, limit])
                let records: [ArchiveRecord] = try rows.map { row in
                    switch kind {
                    case .sections: return .section(.init(id: row["id"], slug: row["slug"], name: row["name"]))
                    case .topics: return .topic(.init(id: row["id"], slug: row["slug"], name: row["name"]))
                    case .users:
                        return .user(
                            .init(
                                id: row["id"], email: row["email"], name: row["name"], role: row["role"],
                                passwordHash: row["password_hash"], createdAt: try Self.time(row, "created_at"),
                                deactivatedAt: try Self.optionalTime(row, "deactivated_at")))
                    case .revisions:
                        return .revision(
                            .init(
                                id: row["id"], storyID: row["story_id"], number: row["number"],
                                authorID: row["author_id"], createdAt: try Self.time(row, "created_at"),
                                content: row["content"]))
                    case .corrections:
                        return .correction(
                            .init(
                                id: row["id"], storyID: row["story_id"], authorID: row["author_id"], note: row["note"],
                                createdAt: try Self.time(row, "created_at")))
                    case .stories, .mail, .authors:
                        throw StoreError.failed("\(table) rows are read elsewhere")
                    case .apiTokens:
                        return .apiToken(
                            .init(
                                id: row["id"], userID: row["user_id"], name: row["name"], digest: row["digest"],
                                prefix: row["prefix"], createdAt: try Self.time(row, "created_at"),
                                lastUsedAt: try Self.optionalTime(row, "last_used_at"),
                                revokedAt: try Self.optionalTime(row, "revoked_at")))
                    }
                }
                return (records, rows.last.map { String($0["id"] as Int64) })
            }
        } catch {
            throw StoreError.sqlite(error, path: path)
        }
    }

    /// The media item after key `after` with its original and users; nil after the last.
    private func readMedia(after: Int64, from snapshot: DatabaseSnapshot) async throws(StoreError)
        -> ArchiveRecord.Media?
    {
        let path = self.path
        do {
            return try await snapshot.read { db -> ArchiveRecord.Media? in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT media.*, media_originals.bytes FROM media
                            JOIN media_originals ON media_originals.media_id = media.id
                            WHERE media.id > ? ORDER BY media.id LIMIT 1
                            """, arguments: [after])
                else { return nil }
                let id: Int64 = row["id"]
                let users = try Int64.fetchAll(
                    db, sql: "SELECT story_id FROM media_uses WHERE media_id = ? ORDER BY story_id", arguments: [id])
                return ArchiveRecord.Media(
                    id: id, version: row["version"], sha256: row["digest"], fileName: row["file_name"],
                    format: row["format"], width: row["width"], height: row["height"], altText: row["alt_text"],
                    credit: row["credit"], caption: row["caption"], uploadedBy: row["uploaded_by"],
                    createdAt: try Self.time(row, "created_at"), updatedAt: try Self.time(row, "updated_at"),
                    usedBy: users, original: row["bytes"])
            }
        } catch {
            throw StoreError.sqlite(error, path: path)
        }
    }

    /// A page of stories with their section slugs, owners and topic slugs in order.
    private static func storyPage(after id: Int64, limit: Int, _ db: Database) throws -> ([ArchiveRecord], String?) {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT stories.*, sections.slug AS section_slug, story_owners.user_id AS owner_id
                FROM stories JOIN sections ON sections.id = stories.section_id
                LEFT JOIN story_owners ON story_owners.story_id = stories.id
                WHERE stories.id > ? ORDER BY stories.id LIMIT ?
                """, arguments: [id, limit])
        let ids: [Int64] = rows.map { $0["id"] }
        var topics: [Int64: [String]] = [:]
        let links = try Row.fetchAll(
            db,
            sql: """
                SELECT story_topics.story_id, topics.slug FROM story_topics JOIN topics ON topics.id = story_topics.topic_id
                WHERE story_topics.story_id IN (SELECT value FROM json_each(?))
                ORDER BY story_topics.story_id, story_topics.position
                """, arguments: [String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)])
        for link in links { topics[link["story_id"], default: []].append(link["slug"]) }
        var authors: [Int64: [Int64]] = [:]
        let credits = try Row.fetchAll(
            db,
            sql: """
                SELECT story_id, author_id FROM story_authors WHERE story_id IN (SELECT value FROM json_each(?))
                ORDER BY story_id, position
                """, arguments: [String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)])
        for credit in credits { authors[credit["story_id"], default: []].append(credit["author_id"]) }
        let decoder = JSONDecoder()
        let records: [ArchiveRecord] = try rows.map { row in
            let id: Int64 = row["id"]
            let bodyText: String = row["body"]
            let highlightsText: String = row["highlights"]
            guard let body = try? decoder.decode([String].self, from: Data(bodyText.utf8)),
                let highlights = try? decoder.decode([String].self, from: Data(highlightsText.utf8))
            else {
                throw StoreError.failed("story \(id) has a body or highlights that are not JSON lists; fix the row")
            }
            var record = ArchiveRecord.Story(
                id: id, slug: row["slug"], headline: row["headline"], section: row["section_slug"],
                datelinePlace: row["dateline_place"], datelineSource: row["dateline_source"],
                byline: row["byline"], body: body, highlights: highlights,
                highlightsOrigin: row["highlights_origin"], topicsOrigin: row["topics_origin"],
                status: row["status"], publishedAt: try optionalTime(row, "published_at"),
                createdAt: try time(row, "created_at"), updatedAt: try time(row, "updated_at"),
                sourceURL: row["source_url"], sourceChecksum: row["source_checksum"], ownerID: row["owner_id"],
                topics: topics[id] ?? [])
            record.leadImage = row["lead_image"]
            record.authors = authors[id]
            record.seoTitle = row["seo_title"]
            record.seoDescription = row["seo_description"]
            return .story(record)
        }
        return (records, ids.last.map(String.init))
    }

    /// A page of author profiles with their old addresses.
    private static func authorPage(after id: Int64, limit: Int, _ db: Database) throws -> ([ArchiveRecord], String?) {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM authors WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
        let records: [ArchiveRecord] = try rows.map { row in
            let authorID: Int64 = row["id"]
            let old = try String.fetchAll(
                db, sql: "SELECT slug FROM author_old_slugs WHERE author_id = ? ORDER BY slug", arguments: [authorID])
            return .author(
                .init(
                    id: authorID, slug: row["slug"], name: row["name"], bio: row["bio"], userID: row["user_id"],
                    oldSlugs: old))
        }
        return (records, rows.last.map { String($0["id"] as Int64) })
    }

    /// A stored time column, read from its text so nothing passes through floating point.
    static func time(_ row: Row, _ column: String) throws -> ArchiveTime {
        guard let time = try optionalTime(row, column) else {
            throw StoreError.failed("a row has no \(column); fix the row")
        }
        return time
    }

    static func optionalTime(_ row: Row, _ column: String) throws -> ArchiveTime? {
        guard let text: String = row[column] else { return nil }
        guard let time = ArchiveTime(text: text) else {
            throw StoreError.failed("the time '\(text)' in \(column) cannot be read; fix the row")
        }
        return time
    }

    // MARK: Import

    /// Inserts every record with its own key; the search triggers index each story and its topics.
    private static func insert(_ contents: ArchiveContents, _ db: Database) throws {
        var sectionIDs: [String: Int64] = [:]
        for section in contents.sections {
            try db.execute(
                sql: "INSERT INTO sections (id, slug, name) VALUES (?, ?, ?)",
                arguments: [section.id, section.slug, section.name])
            sectionIDs[section.slug] = section.id
        }
        var topicIDs: [String: Int64] = [:]
        for topic in contents.topics {
            try db.execute(
                sql: "INSERT INTO topics (id, slug, name) VALUES (?, ?, ?)",
                arguments: [topic.id, topic.slug, topic.name])
            topicIDs[topic.slug] = topic.id
        }
        for user in contents.users {
            try db.execute(
                sql: """
                    INSERT INTO users (id, email, name, role, password_hash, created_at, deactivated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    user.id, user.email, user.name, user.role, user.passwordHash, user.createdAt.sqliteText,
                    user.deactivatedAt?.sqliteText,
                ])
        }
        for author in contents.authors {
            try db.execute(
                sql: "INSERT INTO authors (id, slug, name, bio, user_id) VALUES (?, ?, ?, ?, ?)",
                arguments: [author.id, author.slug, author.name, author.bio, author.userID])
            for old in author.oldSlugs {
                try db.execute(
                    sql: "INSERT INTO author_old_slugs (slug, author_id) VALUES (?, ?)", arguments: [old, author.id])
            }
        }
        for story in contents.stories {
            try db.execute(
                sql: """
                    INSERT INTO stories (id, slug, headline, section_id, dateline_place, dateline_source, byline, body,
                        highlights, highlights_origin, topics_origin, status, published_at, created_at, updated_at,
                        source_url, source_checksum, seo_title, seo_description)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    story.id, story.slug, story.headline, sectionIDs[story.section], story.datelinePlace,
                    story.datelineSource, story.byline, try jsonText(story.body), try jsonText(story.highlights),
                    story.highlightsOrigin, story.topicsOrigin, story.status, story.publishedAt?.sqliteText,
                    story.createdAt.sqliteText, story.updatedAt.sqliteText, story.sourceURL, story.sourceChecksum,
                    story.seoTitle, story.seoDescription,
                ])
            for (position, author) in (story.authors ?? []).enumerated() {
                try db.execute(
                    sql: "INSERT INTO story_authors (story_id, author_id, position) VALUES (?, ?, ?)",
                    arguments: [story.id, author, position])
            }
            for (position, topic) in story.topics.enumerated() {
                try db.execute(
                    sql: "INSERT INTO story_topics (story_id, topic_id, position) VALUES (?, ?, ?)",
                    arguments: [story.id, topicIDs[topic], position])
            }
            if let owner = story.ownerID {
                try db.execute(
                    sql: "INSERT INTO story_owners (story_id, user_id) VALUES (?, ?)", arguments: [story.id, owner])
            }
        }
        for revision in contents.revisions {
            try db.execute(
                sql: """
                    INSERT INTO story_revisions (id, story_id, number, author_id, created_at, content)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    revision.id, revision.storyID, revision.number, revision.authorID, revision.createdAt.sqliteText,
                    revision.content,
                ])
        }
        for correction in contents.corrections {
            try db.execute(
                sql: "INSERT INTO story_corrections (id, story_id, author_id, note, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    correction.id, correction.storyID, correction.authorID, correction.note,
                    correction.createdAt.sqliteText,
                ])
        }
        for token in contents.apiTokens {
            try db.execute(
                sql: """
                    INSERT INTO api_tokens (id, user_id, name, digest, prefix, created_at, last_used_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id, token.userID, token.name, token.digest, token.prefix, token.createdAt.sqliteText,
                    token.lastUsedAt?.sqliteText, token.revokedAt?.sqliteText,
                ])
        }
        for mail in contents.mail {
            try db.execute(
                sql: """
                    INSERT INTO mail_outbox (id, payload, enqueued_at, attempts, next_attempt_at, state, last_error)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?)
                    """,
                arguments: [
                    UUID(uuidString: mail.id)?.uuidString ?? mail.id, mail.payload, mail.enqueuedAt.sqliteText,
                    mail.attempts, mail.nextAttemptAt.sqliteText, mail.lastError,
                ])
        }
        for item in contents.media {
            try db.execute(
                sql: """
                    INSERT INTO media (id, version, digest, file_name, format, width, height, byte_count, alt_text,
                        credit, caption, uploaded_by, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    item.id, item.version, item.sha256, item.fileName, item.format, item.width, item.height,
                    item.original.count, item.altText, item.credit, item.caption, item.uploadedBy,
                    item.createdAt.sqliteText, item.updatedAt.sqliteText,
                ])
            try db.execute(
                sql: "INSERT INTO media_originals (media_id, bytes) VALUES (?, ?)", arguments: [item.id, item.original])
            for story in item.usedBy {
                try db.execute(
                    sql: "INSERT INTO media_uses (media_id, story_id) VALUES (?, ?)", arguments: [item.id, story])
            }
        }
        // Followed sources, due at once: the first poll reads each feed afresh.
        for source in contents.sources {
            try db.execute(
                sql: """
                    INSERT INTO feed_sources (id, url, name, section, interval_minutes, allow_private, paused,
                        next_poll_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    source.id, source.url, source.name, source.section, source.intervalMinutes, source.allowPrivate,
                    source.paused, Date(), source.createdAt.sqliteText,
                ])
        }
    }

    /// Each story's lead image, and the uses of every image its story places that the database
    /// holds (an archive's images may come before or after its stories, or not at all).
    private static func insertStoryImages(_ contents: ArchiveContents, _ db: Database) throws {
        for story in contents.stories {
            if let lead = story.leadImage {
                try db.execute(sql: "UPDATE stories SET lead_image = ? WHERE id = ?", arguments: [lead, story.id])
            }
            var draft = StoryDraft(headline: story.headline, body: story.body)
            draft.leadImage = story.leadImage
            if !draft.mediaIDs.isEmpty { try recordMediaUses(of: draft, story: story.id, db) }
        }
    }
}
