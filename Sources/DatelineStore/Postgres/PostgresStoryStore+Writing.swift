import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore {
    /// The advisory lock story writes take, so that two instances never pick the same slug,
    /// add the same section or topic twice, import one page as two stories, or commit changes
    /// out of the order of their times.
    static let contentLockKey: Int64 = 0x4441_5445_4C53_4C47

    public func create(_ draft: StoryDraft, status: StoryStatus) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        return try await writeStories { [self] connection, now in
            try await Self.insertStory(draft, status: status, now: now, on: connection, logger: logger)
        }
    }

    public func update(id: Int64, with draft: StoryDraft) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        return try await writeStories { [self] connection, now in
            try await Self.replaceContent(ofStory: id, with: draft, now: now, on: connection, logger: logger)
        }
    }

    public func setStatus(id: Int64, to status: StoryStatus, publishedAt: Date?) async throws(StoreError) -> Story {
        if let publishedAt { try StoreInput.checkPublicationTime(publishedAt) }
        return try await writeStories { [self] connection, now in
            try await Self.changeStatus(
                ofStory: id, to: StoryStatusChange(status: status, publishedAt: publishedAt), now: now,
                on: connection, logger: logger)
        }
    }

    /// Moves story `id` to `change`'s status inside the caller's transaction.
    static func changeStatus(
        ofStory id: Int64, to change: StoryStatusChange, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Story {
        let datesNow = change.status == .published
        if StoryMediaRules.needsReadyImages(change.status) {
            let current = try await connection.query(
                "SELECT status FROM stories WHERE id = \(id) FOR UPDATE", logger: logger
            ).decode(String.self).collected()
            if let status = current.first, status != change.status.rawValue {
                let story = try await story(id: id, on: connection, logger: logger)
                try await checkImages(of: story.draft, goingTo: change.status, on: connection, logger: logger)
            }
        }
        let changed = try await connection.query(
            """
            UPDATE stories SET status = \(change.status.rawValue), updated_at = \(now.postgres),
                published_at = COALESCE(\(change.publishedAt.postgres), published_at,
                    CASE WHEN \(datesNow) THEN \(now.postgres) END)
            WHERE id = \(id) AND NOT EXISTS (SELECT 1 FROM story_trash WHERE story_id = \(id)) RETURNING id
            """, logger: logger
        ).decode(Int64.self).collected()
        // Nothing changed: no such story, or it is in the trash and takes no step until restored.
        guard !changed.isEmpty else { throw StoreError.notFound(id: id) }
        return try await story(id: id, on: connection, logger: logger)
    }

    public func importStory(_ draft: StoryDraft) async throws(StoreError) -> ImportOutcome {
        let (draft, source) = try StoreInput.validateImport(draft)
        return try await writeStories { [self] connection, now in
            try await Self.importPage(draft, source: source, now: now, on: connection, logger: logger)
        }
    }

    /// Stores one imported page inside the caller's transaction (the content lock held): a new
    /// story, an update of the story that came from the same source (by URL, else by identical
    /// checksum), or nothing.
    static func importPage(
        _ draft: StoryDraft, source: StorySource, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> ImportOutcome {
        let known = try await connection.query(
            """
            SELECT id, source_checksum FROM stories
            WHERE source_url = \(source.url) OR (source_checksum = \(source.checksum)
                AND NOT EXISTS (SELECT 1 FROM stories WHERE source_url = \(source.url)))
            ORDER BY (source_url = \(source.url)) DESC NULLS LAST, id LIMIT 1
            """, logger: logger
        ).decode((Int64, String?).self).collected().first
        guard let known else {
            return .created(try await insertStory(draft, status: .published, now: now, on: connection, logger: logger))
        }
        let (id, checksum) = known
        if checksum == source.checksum {
            return .unchanged(try await story(id: id, on: connection, logger: logger))
        }
        return .updated(try await replaceContent(ofStory: id, with: draft, now: now, on: connection, logger: logger))
    }

    public func delete(id: Int64) async throws(StoreError) {
        try await writeStories { [self] connection, _ in
            let deleted = try await connection.query(
                "DELETE FROM stories WHERE id = \(id) RETURNING id", logger: logger
            )
            .decode(Int64.self).collected()
            guard !deleted.isEmpty else { throw StoreError.notFound(id: id) }
        }
    }

    // MARK: - Helpers

    /// Runs a write to stories in one transaction holding the content lock, with the time of
    /// the change read once the lock is held.
    ///
    /// Writers take their turn, so changes commit in the order of their times: a reader
    /// following ``storyChanges(after:limit:)`` never passes a change that commits later with
    /// an earlier time, as it could if two transactions stamped their rows and then raced to commit.
    @discardableResult
    func writeStories<T: Sendable>(
        workDeadline: Duration? = writeDeadline,
        _ work: @escaping @Sendable (PostgresConnection, Date) async throws -> T
    ) async throws(StoreError) -> T {
        try await write(workDeadline: workDeadline) { [self] connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.contentLockKey))", logger: logger)
            return try await work(connection, Date())
        }
    }

    /// Inserts a validated draft as a new story with a fresh slug, its section, its topics, its
    /// first revision and its search vector.
    static func insertStory(
        _ draft: StoryDraft, status: StoryStatus, now: Date, author: Int64? = nil, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Story {
        guard let base = Slug(from: draft.headline) else {
            throw StoreError.invalid(
                StoryValidationError(problems: [
                    .init(field: "headline", message: "the headline needs at least one letter or digit")
                ]))
        }
        let slug = try await freeSlug(from: base, on: connection, logger: logger)
        let sectionID = try await sectionID(for: draft, on: connection, logger: logger)
        let publishedAt = draft.publishedAt ?? (status == .published ? now : nil)
        try await checkImages(of: draft, goingTo: status, on: connection, logger: logger)
        let inserted = try await connection.query(
            """
            INSERT INTO stories (slug, headline, section_id, dateline_place, dateline_source, byline, body, highlights,
                highlights_origin, topics_origin, status, published_at, created_at, updated_at, source_url,
                source_checksum, lead_image, seo_title, seo_description)
            VALUES (\(slug.rawValue), \(draft.headline), \(sectionID), \(draft.dateline.place),
                \(draft.dateline.source), \(draft.byline), \(draft.body), \(draft.highlights),
                \(draft.highlightsOrigin.rawValue), \(draft.topicsOrigin.rawValue), \(status.rawValue),
                \(publishedAt.postgres), \(now.postgres), \(now.postgres), \(draft.source?.url),
                \(draft.source?.checksum), \(draft.leadImage), \(draft.seoTitle), \(draft.seoDescription))
            RETURNING id
            """, logger: logger
        ).decode(Int64.self).collected()
        guard let id = inserted.first else { throw StoreError.failed("PostgreSQL gave the new story no id") }
        try await linkTopics(draft.topics, toStory: id, on: connection, logger: logger)
        try await recordMediaUses(of: draft, story: id, on: connection, logger: logger)
        try await linkAuthors(draft.authorIDs ?? [], toStory: id, on: connection, logger: logger)
        try await refreshSearch(ofStory: id, on: connection, logger: logger)
        try await recordRevision(of: id, content: draft, author: author, now: now, on: connection, logger: logger)
        return try await story(id: id, on: connection, logger: logger)
    }

    /// Replaces a story's content with a validated draft, keeping its id, slug, status and
    /// creation time; a draft without a publication time or source keeps the story's own.
    static func replaceContent(
        ofStory id: Int64, with draft: StoryDraft, now: Date, author: Int64? = nil, autosave: Bool = false,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Story {
        // A story in the trash takes no edits until it is restored.
        let exists = try await connection.query(
            """
            SELECT status FROM stories WHERE id = \(id)
                AND NOT EXISTS (SELECT 1 FROM story_trash WHERE story_id = \(id)) FOR UPDATE
            """, logger: logger
        ).decode(String.self).collected()
        guard let rawStatus = exists.first else { throw StoreError.notFound(id: id) }
        // A live story stays fit for readers: the images an edit adds must be ready, as when it
        // was published; those it holds already answer only for themselves (see StoryMediaRules).
        if let status = StoryStatus(rawValue: rawStatus) {
            let holding = try await story(id: id, on: connection, logger: logger).draft.mediaIDs
            try await checkImages(of: draft, goingTo: status, keeping: holding, on: connection, logger: logger)
        }
        let sectionID = try await sectionID(for: draft, on: connection, logger: logger)
        let keepsSource = draft.source == nil
        try await connection.query(
            """
            UPDATE stories SET headline = \(draft.headline), section_id = \(sectionID),
                dateline_place = \(draft.dateline.place), dateline_source = \(draft.dateline.source),
                byline = \(draft.byline), body = \(draft.body), highlights = \(draft.highlights),
                highlights_origin = \(draft.highlightsOrigin.rawValue), topics_origin = \(draft.topicsOrigin.rawValue),
                published_at = COALESCE(\(draft.publishedAt.postgres), published_at),
                source_url = CASE WHEN \(keepsSource) THEN source_url ELSE \(draft.source?.url) END,
                source_checksum = CASE WHEN \(keepsSource) THEN source_checksum ELSE \(draft.source?.checksum) END,
                lead_image = \(draft.leadImage), seo_title = \(draft.seoTitle),
                seo_description = \(draft.seoDescription), updated_at = \(now.postgres)
            WHERE id = \(id)
            """, logger: logger)
        try await connection.query("DELETE FROM story_topics WHERE story_id = \(id)", logger: logger)
        try await linkTopics(draft.topics, toStory: id, on: connection, logger: logger)
        try await recordMediaUses(of: draft, story: id, on: connection, logger: logger)
        if let authorIDs = draft.authorIDs {
            try await connection.query("DELETE FROM story_authors WHERE story_id = \(id)", logger: logger)
            try await linkAuthors(authorIDs, toStory: id, on: connection, logger: logger)
        }
        try await refreshSearch(ofStory: id, on: connection, logger: logger)
        try await recordRevision(
            of: id, content: draft, author: author, now: now, autosave: autosave, on: connection, logger: logger)
        return try await story(id: id, on: connection, logger: logger)
    }

    /// Recomputes a story's search vector from its headline (A), highlights and topic names (B)
    /// and body (C); list items are joined by line breaks so snippets read as prose.
    static func refreshSearch(ofStory id: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await refreshSearch(ofStories: [id], on: connection, logger: logger)
    }

    /// ``refreshSearch(ofStory:on:logger:)`` for many stories in one statement.
    static func refreshSearch(ofStories ids: [Int64], on connection: PostgresConnection, logger: Logger) async throws {
        let configuration = PostgresSchema.searchConfiguration
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    UPDATE stories SET search =
                        setweight(to_tsvector('\(configuration)', headline), 'A')
                        || setweight(to_tsvector('\(configuration)', array_to_string(highlights, E'\\n')), 'B')
                        || setweight(to_tsvector('\(configuration)', COALESCE((
                            SELECT string_agg(topics.name, ' ' ORDER BY story_topics.position)
                            FROM story_topics JOIN topics ON topics.id = story_topics.topic_id
                            WHERE story_topics.story_id = stories.id), '')), 'B')
                        || setweight(to_tsvector('\(configuration)', array_to_string(body, E'\\n')), 'C')
                    WHERE id = ANY($1::bigint[])
                    """, binds: try bindings(ids)), logger: logger)
    }

    /// The first of `base`, `base-2`, `base-3`… that no story uses yet (the content lock is held).
    static func freeSlug(from base: Slug, on connection: PostgresConnection, logger: Logger) async throws -> Slug {
        let pattern = base.rawValue + "-%"
        let taken = Set(
            try await connection.query(
                "SELECT slug FROM stories WHERE slug = \(base.rawValue) OR slug LIKE \(pattern)", logger: logger
            ).decode(String.self).collected())
        if !taken.contains(base.rawValue) { return base }
        for number in 2...100_000 {
            let candidate = base.numbered(number)
            if !taken.contains(candidate.rawValue) { return candidate }
        }
        throw StoreError.failed("more than 100,000 stories share the slug '\(base)'; change the headline")
    }

    /// The key of the draft's section, adding the section the first time its slug is seen.
    static func sectionID(for draft: StoryDraft, on connection: PostgresConnection, logger: Logger) async throws
        -> Int64
    {
        guard let name = draft.section, let slug = Slug(from: name) else {
            throw StoreError.invalid(
                StoryValidationError(problems: [
                    .init(field: "section", message: "choose the section the story belongs to")
                ]))
        }
        // A section's old name (from before a rename, or in an old revision) files into it.
        let renamed = try await connection.query(
            "SELECT section_id FROM section_old_slugs WHERE slug = \(slug.rawValue)", logger: logger
        ).decode(Int64.self).collected()
        if let id = renamed.first { return id }
        let rows = try await connection.query(
            """
            WITH added AS (
                INSERT INTO sections (slug, name) VALUES (\(slug.rawValue), \(name))
                ON CONFLICT (slug) DO NOTHING RETURNING id
            )
            SELECT id FROM added UNION ALL SELECT id FROM sections WHERE slug = \(slug.rawValue)
            """, logger: logger
        ).decode(Int64.self).collected()
        guard let id = rows.first else { throw StoreError.failed("PostgreSQL gave the new section no id") }
        return id
    }

    /// Tags a story with topics in order; a topic is found by slug, so the first name seen stays canonical.
    static func linkTopics(
        _ names: [String], toStory storyID: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        var seen = Set<Slug>()
        for name in names {
            guard let slug = Slug(from: name), seen.insert(slug).inserted else { continue }
            let position = seen.count - 1
            // A topic's old name (before a rename or merge, or in an old revision) tags it.
            let renamed = try await connection.query(
                """
                SELECT topic_id FROM topic_old_slugs WHERE slug = \(slug.rawValue)
                    AND NOT EXISTS (SELECT 1 FROM topics WHERE slug = \(slug.rawValue))
                """, logger: logger
            ).decode(Int64.self).collected()
            if let topicID = renamed.first {
                try await connection.query(
                    """
                    INSERT INTO story_topics (story_id, topic_id, position) VALUES (\(storyID), \(topicID), \(position))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
                continue
            }
            try await connection.query(
                """
                WITH added AS (
                    INSERT INTO topics (slug, name) VALUES (\(slug.rawValue), \(name))
                    ON CONFLICT (slug) DO NOTHING RETURNING id
                ),
                topic AS (SELECT id FROM added UNION ALL SELECT id FROM topics WHERE slug = \(slug.rawValue))
                INSERT INTO story_topics (story_id, topic_id, position)
                SELECT \(storyID), id, \(position) FROM topic LIMIT 1
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    /// Appends a revision of `content` to story `id`, numbered after its last one. An autosave
    /// right after the same person's autosave takes that revision over instead, with the next
    /// number, so a save based on the older number is still refused as stale.
    static func recordRevision(
        of id: Int64, content: StoryDraft, author: Int64?, now: Date, autosave: Bool = false,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        if autosave, let author {
            let taken = try await connection.query(
                """
                UPDATE story_revisions SET number = number + 1, created_at = \(now.postgres), content = \(json)
                WHERE id = (
                    SELECT id FROM story_revisions WHERE story_id = \(id) ORDER BY number DESC LIMIT 1
                ) AND autosave AND author_id = \(author)
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            if !taken.isEmpty { return }
        }
        try await connection.query(
            """
            INSERT INTO story_revisions (story_id, number, author_id, created_at, content, autosave)
            SELECT \(id), COALESCE(MAX(number), 0) + 1, \(author), \(now.postgres), \(json), \(autosave)
            FROM story_revisions WHERE story_id = \(id)
            """, logger: logger)
    }
}
