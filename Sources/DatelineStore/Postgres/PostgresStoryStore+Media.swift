import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: MediaStore {
    public func addMedia(_ media: NewMedia) async throws(StoreError) -> MediaAddition {
        let image = try media.image.checked()
        let details = try media.details.checked()
        let digest = image.digest
        return try await write { [self] connection in
            // Two servers storing the same bytes at once: the unique digest lets one insert win,
            // and the other finds its row.
            let inserted = try await connection.query(
                """
                INSERT INTO media (digest, file_name, format, width, height, byte_count, alt_text, credit, caption,
                    uploaded_by, created_at, updated_at)
                VALUES (\(digest), \(image.fileName), \(image.format), \(image.width), \(image.height),
                    \(image.bytes.count), \(details.altText), \(details.credit), \(details.caption), \(media.uploadedBy),
                    \(media.time.postgres), \(media.time.postgres))
                ON CONFLICT (digest) DO NOTHING RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            if let id = inserted.first {
                try await connection.query(
                    "INSERT INTO media_originals (media_id, bytes) VALUES (\(id), \(image.bytes))", logger: logger)
                guard let item = try await Self.mediaItem(id, on: connection, logger: logger) else {
                    throw StoreError.failed("the new image \(id) could not be read back")
                }
                return MediaAddition(item: item, created: true)
            }
            let existing = try await Self.mediaRows(
                "\(unescaped: Self.mediaSelect) WHERE media.digest = \(digest)", on: connection, logger: logger)
            guard let item = existing.first else {
                throw StoreError.failed("the same image was being stored and deleted at once; try again")
            }
            return MediaAddition(item: item, created: false)
        }
    }

    public func media(id: Int64) async throws(StoreError) -> MediaItem? {
        try await read { [self] connection in try await Self.mediaItem(id, on: connection, logger: logger) }
    }

    public func media(ids: Set<Int64>) async throws(StoreError) -> [Int64: MediaItem] {
        guard !ids.isEmpty else { return [:] }
        return try await read { [self] connection in try await Self.mediaItems(ids, on: connection, logger: logger) }
    }

    public func mediaOriginal(id: Int64) async throws(StoreError) -> MediaOriginal? {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT media.version, media.digest, media.format, media_originals.bytes
                FROM media JOIN media_originals ON media_originals.media_id = media.id WHERE media.id = \(id)
                """, logger: logger
            ).decode((Int, String, String, Data).self).collected().first.map {
                MediaOriginal(id: id, version: $0, digest: $1, format: $2, bytes: $3)
            }
        }
    }

    public func mediaItems(_ query: MediaQuery) async throws(StoreError) -> [MediaItem] {
        let patterns = query.words.map { "%" + StoreInput.likePattern($0) + "%" }
        let uploader = query.uploadedBy
        return try await read { [self] connection in
            try await Self.mediaRows(
                """
                \(unescaped: Self.mediaSelect)
                WHERE NOT EXISTS (
                    SELECT 1 FROM unnest(\(patterns)::text[]) AS words(pattern)
                    WHERE NOT (COALESCE(media.alt_text, '') ILIKE words.pattern
                        OR COALESCE(media.credit, '') ILIKE words.pattern
                        OR COALESCE(media.caption, '') ILIKE words.pattern
                        OR media.file_name ILIKE words.pattern))
                AND (\(uploader)::bigint IS NULL OR media.uploaded_by = \(uploader))
                ORDER BY media.created_at DESC, media.id DESC LIMIT \(query.limit) OFFSET \(query.offset)
                """, on: connection, logger: logger)
        }
    }

    public func updateMedia(id: Int64, details: MediaDetails, at time: Date) async throws(StoreError) -> MediaItem? {
        let details = try details.checked()
        return try await write { [self] connection in
            try await connection.query(
                """
                UPDATE media SET alt_text = \(details.altText), credit = \(details.credit), caption = \(details.caption),
                    updated_at = \(time.postgres)
                WHERE id = \(id)
                """, logger: logger)
            return try await Self.mediaItem(id, on: connection, logger: logger)
        }
    }

    public func replaceMedia(id: Int64, with image: MediaImage, at time: Date) async throws(StoreError)
        -> MediaItem?
    {
        let image = try image.checked()
        let digest = image.digest
        return try await write { [self] connection in
            let locked = try await connection.query(
                "SELECT digest FROM media WHERE id = \(id) FOR UPDATE", logger: logger
            ).decode(String.self).collected()
            guard let current = locked.first else { return nil }
            if current != digest {
                let other = try await connection.query(
                    "SELECT id FROM media WHERE digest = \(digest)", logger: logger
                ).decode(Int64.self).collected()
                if let other = other.first { throw MediaImage.duplicate(of: other) }
                try await connection.query(
                    """
                    UPDATE media SET version = version + 1, digest = \(digest), file_name = \(image.fileName),
                        format = \(image.format), width = \(image.width), height = \(image.height),
                        byte_count = \(image.bytes.count), updated_at = \(time.postgres)
                    WHERE id = \(id)
                    """, logger: logger)
                try await connection.query(
                    "UPDATE media_originals SET bytes = \(image.bytes) WHERE media_id = \(id)", logger: logger)
            }
            return try await Self.mediaItem(id, on: connection, logger: logger)
        }
    }

    public func deleteMedia(id: Int64, force: Bool) async throws(StoreError) -> MediaDeletion {
        try await write { [self] connection in
            let found = try await connection.query(
                "SELECT id FROM media WHERE id = \(id) FOR UPDATE", logger: logger
            ).decode(Int64.self).collected()
            guard !found.isEmpty else { return .notFound }
            let users = try await Self.publishedUsers(of: id, on: connection, logger: logger)
            if !users.isEmpty && !force { return .inUse(stories: users) }
            try await connection.query("DELETE FROM media WHERE id = \(id)", logger: logger)
            return .deleted
        }
    }

    public func setMediaUses(ofStory story: Int64, media: Set<Int64>) async throws(StoreError) {
        let ids = media.sorted()
        try await write { [self] connection in
            let found = try await connection.query(
                "SELECT id FROM stories WHERE id = \(story)", logger: logger
            ).decode(Int64.self).collected()
            guard !found.isEmpty else { throw StoreError.notFound(id: story) }
            try await connection.query("DELETE FROM media_uses WHERE story_id = \(story)", logger: logger)
            try await connection.query(
                """
                INSERT INTO media_uses (media_id, story_id)
                SELECT id, \(story) FROM media WHERE id = ANY(\(ids)::bigint[]) ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    public func publishedStories(usingMedia id: Int64) async throws(StoreError) -> [Int64] {
        try await read { [self] connection in try await Self.publishedUsers(of: id, on: connection, logger: logger) }
    }

    // MARK: Helpers

    private static let mediaSelect = """
        SELECT media.id, media.version, media.digest, media.file_name, media.format, media.width, media.height,
            media.byte_count, media.alt_text, media.credit, media.caption, media.uploaded_by, media.created_at,
            media.updated_at, users.name AS uploader_name
        FROM media LEFT JOIN users ON users.id = media.uploaded_by
        """

    private static func publishedUsers(of id: Int64, on connection: PostgresConnection, logger: Logger)
        async throws -> [Int64]
    {
        try await connection.query(
            """
            SELECT media_uses.story_id FROM media_uses JOIN stories ON stories.id = media_uses.story_id
            WHERE media_uses.media_id = \(id) AND stories.status = 'published' ORDER BY media_uses.story_id
            """, logger: logger
        ).decode(Int64.self).collected()
    }

    static func mediaItem(_ id: Int64, on connection: PostgresConnection, logger: Logger) async throws
        -> MediaItem?
    {
        try await mediaRows("\(unescaped: mediaSelect) WHERE media.id = \(id)", on: connection, logger: logger).first
    }

    static func mediaItems(_ ids: Set<Int64>, on connection: PostgresConnection, logger: Logger) async throws
        -> [Int64: MediaItem]
    {
        guard !ids.isEmpty else { return [:] }
        let list = ids.sorted()
        let rows = try await mediaRows(
            "\(unescaped: mediaSelect) WHERE media.id = ANY(\(list)::bigint[])", on: connection, logger: logger)
        return Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func mediaRows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger)
        async throws -> [MediaItem]
    {
        var items: [MediaItem] = []
        for try await row in try await connection.query(query, logger: logger) {
            let columns = row.makeRandomAccess()
            items.append(
                MediaItem(
                    id: try columns["id"].decode(Int64.self), version: try columns["version"].decode(Int.self),
                    digest: try columns["digest"].decode(String.self),
                    fileName: try columns["file_name"].decode(String.self),
                    format: try columns["format"].decode(String.self), width: try columns["width"].decode(Int.self),
                    height: try columns["height"].decode(Int.self),
                    byteCount: try columns["byte_count"].decode(Int.self),
                    details: MediaDetails(
                        altText: try columns["alt_text"].decode(String?.self),
                        credit: try columns["credit"].decode(String?.self),
                        caption: try columns["caption"].decode(String?.self)),
                    uploadedBy: try columns["uploaded_by"].decode(Int64?.self),
                    uploadedByName: try columns["uploader_name"].decode(String?.self),
                    createdAt: try columns["created_at"].decode(Date.self),
                    updatedAt: try columns["updated_at"].decode(Date.self)))
        }
        return items
    }
}

// MARK: - Stories' images

extension PostgresStoryStore {
    /// Refuses a lead image that is not in the library, and, for a story that readers will see
    /// (`status` published or scheduled), any image not ready for them (``StoryMediaRules``).
    static func checkImages(
        of draft: StoryDraft, goingTo status: StoryStatus, keeping exempt: Set<Int64> = [],
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let items = try await mediaItems(Set(draft.mediaIDs), on: connection, logger: logger)
        if let lead = draft.leadImage, items[lead] == nil, !exempt.contains(lead) {
            throw StoryMediaRules.missingLeadImage(lead)
        }
        if StoryMediaRules.needsReadyImages(status) {
            try StoryMediaRules.checkPublication(of: draft, items: items, exempt: exempt)
        }
    }

    /// Records the images `draft` places as story `story`'s uses (the rows ``deleteMedia(id:force:)`` checks).
    static func recordMediaUses(
        of draft: StoryDraft, story: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let ids = draft.mediaIDs.sorted()
        try await connection.query("DELETE FROM media_uses WHERE story_id = \(story)", logger: logger)
        guard !ids.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO media_uses (media_id, story_id)
            SELECT id, \(story) FROM media WHERE id = ANY(\(ids)::bigint[]) ON CONFLICT DO NOTHING
            """, logger: logger)
    }
}
