import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: MediaStore {
    public func addMedia(_ media: NewMedia) async throws(StoreError) -> MediaAddition {
        let image = try media.image.checked()
        let details = try media.details.checked()
        let digest = image.digest
        return try await write { db in
            if let existing = try Self.mediaRows(where: "media.digest = ?", arguments: [digest], db).first {
                return MediaAddition(item: existing, created: false)
            }
            try db.execute(
                sql: """
                    INSERT INTO media (digest, file_name, format, width, height, byte_count, alt_text, credit, caption,
                        uploaded_by, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    digest, image.fileName, image.format, image.width, image.height, image.bytes.count,
                    details.altText, details.credit, details.caption, media.uploadedBy, media.time, media.time,
                ])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "INSERT INTO media_originals (media_id, bytes) VALUES (?, ?)", arguments: [id, image.bytes])
            return MediaAddition(item: try Self.mediaItem(id, db)!, created: true)
        }
    }

    public func media(id: Int64) async throws(StoreError) -> MediaItem? {
        try await read { db in try Self.mediaItem(id, db) }
    }

    public func media(ids: Set<Int64>) async throws(StoreError) -> [Int64: MediaItem] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in try Self.mediaItems(ids, db) }
    }

    public func mediaOriginal(id: Int64) async throws(StoreError) -> MediaOriginal? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT media.version, media.digest, media.format, media_originals.bytes
                    FROM media JOIN media_originals ON media_originals.media_id = media.id WHERE media.id = ?
                    """,
                arguments: [id]
            ).map {
                MediaOriginal(
                    id: id, version: $0["version"], digest: $0["digest"], format: $0["format"], bytes: $0["bytes"])
            }
        }
    }

    public func mediaItems(_ query: MediaQuery) async throws(StoreError) -> [MediaItem] {
        var conditions = ["1"]
        var arguments: StatementArguments = []
        for word in query.words {
            // LIKE ignores case for ASCII letters in SQLite, as ILIKE does in PostgreSQL.
            conditions.append(
                """
                (media.alt_text LIKE ? ESCAPE '\\' OR media.credit LIKE ? ESCAPE '\\'
                    OR media.caption LIKE ? ESCAPE '\\' OR media.file_name LIKE ? ESCAPE '\\')
                """)
            let pattern = "%" + StoreInput.likePattern(word) + "%"
            arguments += [pattern, pattern, pattern, pattern]
        }
        if let uploader = query.uploadedBy {
            conditions.append("media.uploaded_by = ?")
            arguments += [uploader]
        }
        let clause = conditions.joined(separator: " AND ")
        let bound = arguments
        let suffix = "LIMIT \(query.limit) OFFSET \(query.offset)"
        return try await read { db in try Self.mediaRows(where: clause, arguments: bound, suffix: suffix, db) }
    }

    public func updateMedia(id: Int64, details: MediaDetails, at time: Date) async throws(StoreError) -> MediaItem? {
        let details = try details.checked()
        return try await write { db in
            try db.execute(
                sql: "UPDATE media SET alt_text = ?, credit = ?, caption = ?, updated_at = ? WHERE id = ?",
                arguments: [details.altText, details.credit, details.caption, time, id])
            return try Self.mediaItem(id, db)
        }
    }

    public func replaceMedia(id: Int64, with image: MediaImage, at time: Date) async throws(StoreError)
        -> MediaItem?
    {
        let image = try image.checked()
        let digest = image.digest
        return try await write { db in
            guard let current = try Self.mediaItem(id, db) else { return nil }
            if current.digest == digest { return current }
            if let other = try Int64.fetchOne(db, sql: "SELECT id FROM media WHERE digest = ?", arguments: [digest]) {
                throw MediaImage.duplicate(of: other)
            }
            try db.execute(
                sql: """
                    UPDATE media SET version = version + 1, digest = ?, file_name = ?, format = ?, width = ?, height = ?,
                        byte_count = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    digest, image.fileName, image.format, image.width, image.height, image.bytes.count, time, id,
                ])
            try db.execute(
                sql: "UPDATE media_originals SET bytes = ? WHERE media_id = ?", arguments: [image.bytes, id])
            return try Self.mediaItem(id, db)
        }
    }

    public func deleteMedia(id: Int64, force: Bool) async throws(StoreError) -> MediaDeletion {
        try await write { db in
            guard try Self.mediaItem(id, db) != nil else { return .notFound }
            let users = try Self.publishedUsers(of: id, db)
            if !users.isEmpty && !force { return .inUse(stories: users) }
            try db.execute(sql: "DELETE FROM media WHERE id = ?", arguments: [id])
            return .deleted
        }
    }

    public func setMediaUses(ofStory story: Int64, media: Set<Int64>) async throws(StoreError) {
        try await write { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM stories WHERE id = ?)", arguments: [story])
                    == true
            else { throw StoreError.notFound(id: story) }
            try db.execute(sql: "DELETE FROM media_uses WHERE story_id = ?", arguments: [story])
            for id in media.sorted() {
                try db.execute(
                    sql: "INSERT INTO media_uses (media_id, story_id) SELECT id, ? FROM media WHERE id = ?",
                    arguments: [story, id])
            }
        }
    }

    public func publishedStories(usingMedia id: Int64) async throws(StoreError) -> [Int64] {
        try await read { db in try Self.publishedUsers(of: id, db) }
    }

    // MARK: Helpers

    private static func publishedUsers(of id: Int64, _ db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT media_uses.story_id FROM media_uses JOIN stories ON stories.id = media_uses.story_id
                WHERE media_uses.media_id = ? AND stories.status = 'published' ORDER BY media_uses.story_id
                """,
            arguments: [id])
    }

    private static func mediaItem(_ id: Int64, _ db: Database) throws -> MediaItem? {
        try mediaRows(where: "media.id = ?", arguments: [id], db).first
    }

    static func mediaItems(_ ids: Set<Int64>, _ db: Database) throws -> [Int64: MediaItem] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let rows = try mediaRows(
            where: "media.id IN (\(marks))", arguments: StatementArguments(ids.sorted()), db)
        return Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func mediaRows(
        where condition: String, arguments: StatementArguments, suffix: String = "", _ db: Database
    ) throws -> [MediaItem] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT media.*, users.name AS uploader_name
                FROM media LEFT JOIN users ON users.id = media.uploaded_by
                WHERE \(condition) ORDER BY media.created_at DESC, media.id DESC \(suffix)
                """,
            arguments: arguments
        ).map { row in
            MediaItem(
                id: row["id"], version: row["version"], digest: row["digest"], fileName: row["file_name"],
                format: row["format"], width: row["width"], height: row["height"], byteCount: row["byte_count"],
                details: MediaDetails(altText: row["alt_text"], credit: row["credit"], caption: row["caption"]),
                uploadedBy: row["uploaded_by"], uploadedByName: row["uploader_name"], createdAt: row["created_at"],
                updatedAt: row["updated_at"])
        }
    }
}

// MARK: - Stories' images

extension SQLiteStoryStore {
    /// Refuses a lead image that is not in the library, and, for a story that readers will see
    /// (`status` published or scheduled), any image not ready for them (``StoryMediaRules``).
    static func checkImages(
        of draft: StoryDraft, goingTo status: StoryStatus, keeping exempt: Set<Int64> = [], _ db: Database
    ) throws {
        let items = try mediaItems(Set(draft.mediaIDs), db)
        if let lead = draft.leadImage, items[lead] == nil, !exempt.contains(lead) {
            throw StoryMediaRules.missingLeadImage(lead)
        }
        if StoryMediaRules.needsReadyImages(status) {
            try StoryMediaRules.checkPublication(of: draft, items: items, exempt: exempt)
        }
    }

    /// True when the library holds item `id`.
    static func mediaExists(_ id: Int64, _ db: Database) throws -> Bool {
        try mediaItem(id, db) != nil
    }

    /// Records the images `draft` places as story `story`'s uses (the rows ``deleteMedia(id:force:)`` checks).
    static func recordMediaUses(of draft: StoryDraft, story: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM media_uses WHERE story_id = ?").execute(arguments: [story])
        for id in draft.mediaIDs.sorted() {
            try db.execute(
                sql: "INSERT INTO media_uses (media_id, story_id) SELECT id, ? FROM media WHERE id = ?",
                arguments: [story, id])
        }
    }
}
