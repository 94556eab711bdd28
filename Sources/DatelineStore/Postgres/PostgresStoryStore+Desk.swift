import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: DeskStore {
    // MARK: Trash

    @discardableResult
    public func moveToTrash(story id: Int64, by user: Int64?, at time: Date) async throws(StoreError)
        -> TrashedStory
    {
        try await writeStories { [self] connection, _ in
            var story = try await Self.story(id: id, on: connection, logger: logger)
            let before = story.status
            // A trashed story must not stay on the site or go live on its schedule; changing the
            // status also refuses a story that is in the trash already.
            if before == .published || before == .scheduled {
                story = try await Self.changeStatus(
                    ofStory: id, to: StoryStatusChange(status: .unpublished, publishedAt: nil), now: time,
                    on: connection, logger: logger)
            }
            let inserted = try await connection.query(
                """
                INSERT INTO story_trash (story_id, trashed_at, trashed_by, status_before)
                VALUES (\(id), \(time.postgres), \(user), \(before.rawValue))
                ON CONFLICT (story_id) DO NOTHING RETURNING story_id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard !inserted.isEmpty else { throw StoreError.notFound(id: id) }
            try await Self.insertActivity(
                NewStoryActivity(storyID: id, userID: user, kind: .trashed, time: time), on: connection, logger: logger)
            try await connection.query("DELETE FROM story_presence WHERE story_id = \(id)", logger: logger)
            var name: String?
            if let user {
                name = try await connection.query("SELECT name FROM users WHERE id = \(user)", logger: logger)
                    .decode(String.self).collected().first
            }
            return TrashedStory(story: story, statusBefore: before, trashedAt: time, trashedByName: name)
        }
    }

    @discardableResult
    public func restoreFromTrash(story id: Int64, by user: Int64?, at time: Date) async throws(StoreError) -> Story {
        try await writeStories { [self] connection, _ in
            let removed = try await connection.query(
                "DELETE FROM story_trash WHERE story_id = \(id) RETURNING story_id", logger: logger
            ).decode(Int64.self).collected()
            guard !removed.isEmpty else { throw StoreError.notFound(id: id) }
            try await Self.insertActivity(
                NewStoryActivity(storyID: id, userID: user, kind: .restored, time: time), on: connection, logger: logger
            )
            return try await Self.story(id: id, on: connection, logger: logger)
        }
    }

    public func trashedStories(limit: Int) async throws(StoreError) -> [TrashedStory] {
        try await read { [self] connection in
            try await Self.trashRows(storyID: nil, limit: limit, on: connection, logger: logger)
        }
    }

    public func trashEntry(story id: Int64) async throws(StoreError) -> TrashedStory? {
        try await read { [self] connection in
            try await Self.trashRows(storyID: id, limit: 1, on: connection, logger: logger).first
        }
    }

    @discardableResult
    public func purgeTrash(trashedBefore time: Date) async throws(StoreError) -> Int {
        try await writeStories { [self] connection, _ in
            try await connection.query(
                """
                DELETE FROM stories WHERE id IN (SELECT story_id FROM story_trash WHERE trashed_at < \(time.postgres))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected().count
        }
    }

    // MARK: Autosave

    public func autosaveStory(id: Int64, with draft: StoryDraft, author: Int64, basedOn revision: Int)
        async throws(StoreError) -> AutosaveOutcome
    {
        let draft = try StoreInput.validate(draft)
        return try await writeStories { [self] connection, now in
            let story = try await Self.story(id: id, on: connection, logger: logger)
            func latest() async throws -> Int {
                Int(
                    try await connection.query(
                        "SELECT COALESCE(MAX(number), 0)::bigint FROM story_revisions WHERE story_id = \(id)",
                        logger: logger
                    ).decode(Int64.self).collected().first ?? 0)
            }
            let number = try await latest()
            guard number == revision else { throw StoreError.stale(latestRevision: number) }
            var incoming = draft
            if incoming.publishedAt == nil { incoming.publishedAt = story.publishedAt }
            // replaceContent refuses a story in the trash; an unchanged one is checked here.
            let trashed = try await connection.query(
                "SELECT story_id FROM story_trash WHERE story_id = \(id)", logger: logger
            ).decode(Int64.self).collected()
            guard trashed.isEmpty else { throw StoreError.notFound(id: id) }
            guard story.draft != incoming else {
                return AutosaveOutcome(story: story, revision: number, changed: false)
            }
            let saved = try await Self.replaceContent(
                ofStory: id, with: draft, now: now, author: author, autosave: true, on: connection, logger: logger)
            return AutosaveOutcome(story: saved, revision: try await latest(), changed: true)
        }
    }

    // MARK: Activity

    public func recordActivity(_ entry: NewStoryActivity) async throws(StoreError) {
        let entry = try entry.checked()
        try await write { [self] connection in
            let found = try await connection.query(
                "SELECT id FROM stories WHERE id = \(entry.storyID)", logger: logger
            ).decode(Int64.self).collected()
            guard !found.isEmpty else { throw StoreError.notFound(id: entry.storyID) }
            try await Self.insertActivity(entry, on: connection, logger: logger)
        }
    }

    public func activity(ofStory id: Int64, limit: Int) async throws(StoreError) -> [StoryActivity] {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT story_activity.kind, story_activity.note, story_activity.created_at, users.name
                FROM story_activity LEFT JOIN users ON users.id = story_activity.user_id
                WHERE story_activity.story_id = \(id) ORDER BY story_activity.id DESC LIMIT \(limit)
                """, logger: logger
            ).decode((String, String?, Date, String?).self).collected().compactMap { kind, note, time, name in
                StoryActivityKind(rawValue: kind).map {
                    StoryActivity(kind: $0, userName: name, note: note, time: time)
                }
            }
        }
    }

    // MARK: Addresses

    @discardableResult
    public func changeSlug(ofStory id: Int64, to slug: Slug) async throws(StoreError) -> Story {
        try await writeStories { [self] connection, now in
            let story = try await Self.story(id: id, on: connection, logger: logger)
            guard story.slug != slug else { return story }
            let owner = try await connection.query(
                "SELECT id FROM stories WHERE slug = \(slug.rawValue)", logger: logger
            ).decode(Int64.self).collected()
            guard owner.isEmpty else { throw StoreError.slugTaken(slug) }
            // The new address is no longer an old one of any story; the old one now redirects here.
            try await connection.query("DELETE FROM story_old_slugs WHERE slug = \(slug.rawValue)", logger: logger)
            try await connection.query(
                """
                INSERT INTO story_old_slugs (slug, story_id) VALUES (\(story.slug.rawValue), \(id))
                ON CONFLICT (slug) DO UPDATE SET story_id = excluded.story_id
                """, logger: logger)
            try await connection.query(
                "UPDATE stories SET slug = \(slug.rawValue), updated_at = \(now.postgres) WHERE id = \(id)",
                logger: logger)
            return try await Self.story(id: id, on: connection, logger: logger)
        }
    }

    public func storyID(forOldSlug slug: Slug) async throws(StoreError) -> Int64? {
        try await read { [self] connection in
            try await connection.query(
                "SELECT story_id FROM story_old_slugs WHERE slug = \(slug.rawValue)", logger: logger
            ).decode(Int64.self).collected().first
        }
    }

    // MARK: Sections

    public func deskSections() async throws(StoreError) -> [DeskSection] {
        try await read { [self] connection in try await Self.deskSections(on: connection, logger: logger) }
    }

    @discardableResult
    public func addSection(named name: String) async throws(StoreError) -> DeskSection {
        let (name, slug) = try SectionRules.checked(name)
        return try await writeStories { [self] connection, _ in
            let added = try await connection.query(
                """
                INSERT INTO sections (slug, name) VALUES (\(slug.rawValue), \(name))
                ON CONFLICT (slug) DO NOTHING RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard !added.isEmpty else { throw SectionRules.taken(slug) }
            try await connection.query("DELETE FROM section_old_slugs WHERE slug = \(slug.rawValue)", logger: logger)
            return try await Self.deskSection(slug, on: connection, logger: logger)
        }
    }

    @discardableResult
    public func renameSection(_ slug: Slug, to name: String) async throws(StoreError) -> DeskSection {
        let (name, newSlug) = try SectionRules.checked(name)
        return try await writeStories { [self] connection, _ in
            guard
                let id = try await connection.query(
                    "SELECT id FROM sections WHERE slug = \(slug.rawValue) FOR UPDATE", logger: logger
                ).decode(Int64.self).collected().first
            else { throw SectionRules.unknown(slug) }
            if newSlug != slug {
                let taken = try await connection.query(
                    "SELECT id FROM sections WHERE slug = \(newSlug.rawValue)", logger: logger
                ).decode(Int64.self).collected()
                guard taken.isEmpty else { throw SectionRules.taken(newSlug) }
                try await connection.query(
                    "DELETE FROM section_old_slugs WHERE slug = \(newSlug.rawValue)", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO section_old_slugs (slug, section_id) VALUES (\(slug.rawValue), \(id))
                    ON CONFLICT (slug) DO UPDATE SET section_id = excluded.section_id
                    """, logger: logger)
            }
            try await connection.query(
                "UPDATE sections SET slug = \(newSlug.rawValue), name = \(name) WHERE id = \(id)", logger: logger)
            return try await Self.deskSection(newSlug, on: connection, logger: logger)
        }
    }

    public func moveSection(_ slug: Slug, up: Bool) async throws(StoreError) {
        try await writeStories { [self] connection, _ in
            let order = try await Self.deskSections(on: connection, logger: logger).map(\.section.slug)
            guard order.contains(slug) else { throw SectionRules.unknown(slug) }
            for (index, each) in SectionRules.reordered(order, moving: slug, up: up).enumerated() {
                try await connection.query(
                    "UPDATE sections SET position = \(index + 1) WHERE slug = \(each.rawValue)", logger: logger)
            }
        }
    }

    public func setSection(_ slug: Slug, hidden: Bool) async throws(StoreError) {
        try await writeStories { [self] connection, _ in
            let changed = try await connection.query(
                "UPDATE sections SET hidden = \(hidden) WHERE slug = \(slug.rawValue) RETURNING id", logger: logger
            ).decode(Int64.self).collected()
            guard !changed.isEmpty else { throw SectionRules.unknown(slug) }
        }
    }

    public func sectionSlug(forOldSlug slug: Slug) async throws(StoreError) -> Slug? {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT sections.slug FROM section_old_slugs JOIN sections ON sections.id = section_old_slugs.section_id
                WHERE section_old_slugs.slug = \(slug.rawValue)
                """, logger: logger
            ).decode(String.self).collected().first.flatMap(Slug.init(validating:))
        }
    }

    private static func deskSection(_ slug: Slug, on connection: PostgresConnection, logger: Logger) async throws
        -> DeskSection
    {
        guard
            let found = try await deskSections(on: connection, logger: logger).first(where: { $0.section.slug == slug })
        else { throw SectionRules.unknown(slug) }
        return found
    }

    private static func deskSections(on connection: PostgresConnection, logger: Logger) async throws -> [DeskSection] {
        try await connection.query(
            """
            SELECT sections.slug, sections.name, sections.position, sections.hidden,
                (SELECT COUNT(*) FROM stories WHERE stories.section_id = sections.id
                    AND NOT EXISTS (SELECT 1 FROM story_trash WHERE story_trash.story_id = stories.id)),
                (SELECT COUNT(*) FROM stories WHERE stories.section_id = sections.id AND stories.status = 'published')
            FROM sections
            ORDER BY sections.position = 0, sections.position, lower(sections.name), sections.slug
            """, logger: logger
        ).decode((String, String, Int64, Bool, Int64, Int64).self).collected().compactMap {
            slug, name, position, hidden, stories, published in
            Slug(validating: slug).map {
                DeskSection(
                    section: Section(name: name, slug: $0), position: Int(position), isHidden: hidden,
                    storyCount: Int(stories), publishedCount: Int(published))
            }
        }
    }

    // MARK: Topics

    public func deskTopics(matching text: String?, limit: Int) async throws(StoreError) -> [DeskTopic] {
        let pattern =
            text?.trimmingWhitespace().nilIfEmpty.map {
                "%" + StoreInput.likePattern($0.lowercased().postgresText) + "%"
            } ?? "%"
        let limit = max(1, min(limit, 1_000))
        return try await read { [self] connection in
            try await connection.query(
                """
                SELECT topics.slug, topics.name, topics.description,
                    (SELECT COUNT(*) FROM story_topics WHERE story_topics.topic_id = topics.id)
                FROM topics WHERE lower(topics.name) LIKE \(pattern)
                ORDER BY 4 DESC, lower(topics.name) LIMIT \(limit)
                """, logger: logger
            ).decode((String, String, String?, Int64).self).collected().compactMap { slug, name, description, count in
                Slug(validating: slug).map {
                    DeskTopic(topic: Topic(name: name, slug: $0), description: description, storyCount: Int(count))
                }
            }
        }
    }

    @discardableResult
    public func renameTopic(_ slug: Slug, to name: String) async throws(StoreError) -> DeskTopic {
        let (name, newSlug) = try TopicRules.checkedName(name)
        return try await writeStories { [self] connection, _ in
            guard let id = try await Self.topicID(slug, on: connection, logger: logger) else {
                throw TopicRules.unknown(slug)
            }
            if newSlug != slug {
                guard try await Self.topicID(newSlug, on: connection, logger: logger) == nil else {
                    throw TopicRules.refuse(
                        "a topic with the address /topic/\(newSlug.rawValue) exists; merge the two instead")
                }
                try await connection.query(
                    "DELETE FROM topic_old_slugs WHERE slug = \(newSlug.rawValue)", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO topic_old_slugs (slug, topic_id) VALUES (\(slug.rawValue), \(id))
                    ON CONFLICT (slug) DO UPDATE SET topic_id = excluded.topic_id
                    """, logger: logger)
            }
            try await connection.query(
                "UPDATE topics SET slug = \(newSlug.rawValue), name = \(name) WHERE id = \(id)", logger: logger)
            try await Self.refreshSearch(ofStoriesTaggedWith: id, on: connection, logger: logger)
            return try await Self.deskTopic(id: id, on: connection, logger: logger)
        }
    }

    @discardableResult
    public func mergeTopic(_ slug: Slug, into target: Slug) async throws(StoreError) -> DeskTopic {
        try await writeStories { [self] connection, _ in
            guard let source = try await Self.topicID(slug, on: connection, logger: logger) else {
                throw TopicRules.unknown(slug)
            }
            guard let destination = try await Self.topicID(target, on: connection, logger: logger) else {
                throw TopicRules.unknown(target)
            }
            guard source != destination else { throw TopicRules.refuse("a topic cannot be merged into itself") }
            try await connection.query(
                """
                INSERT INTO story_topics (story_id, topic_id, position)
                SELECT story_id, \(destination), position FROM story_topics WHERE topic_id = \(source)
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await connection.query("DELETE FROM story_topics WHERE topic_id = \(source)", logger: logger)
            try await connection.query(
                "UPDATE topic_old_slugs SET topic_id = \(destination) WHERE topic_id = \(source)", logger: logger)
            try await connection.query("DELETE FROM topics WHERE id = \(source)", logger: logger)
            try await connection.query(
                """
                INSERT INTO topic_old_slugs (slug, topic_id) VALUES (\(slug.rawValue), \(destination))
                ON CONFLICT (slug) DO UPDATE SET topic_id = excluded.topic_id
                """, logger: logger)
            try await Self.refreshSearch(ofStoriesTaggedWith: destination, on: connection, logger: logger)
            return try await Self.deskTopic(id: destination, on: connection, logger: logger)
        }
    }

    public func setTopicDescription(_ slug: Slug, to text: String?) async throws(StoreError) {
        let text = try TopicRules.checkedDescription(text)
        try await write { [self] connection in
            let changed = try await connection.query(
                "UPDATE topics SET description = \(text) WHERE slug = \(slug.rawValue) RETURNING id", logger: logger
            ).decode(Int64.self).collected()
            guard !changed.isEmpty else { throw TopicRules.unknown(slug) }
        }
    }

    public func topicDescription(_ slug: Slug) async throws(StoreError) -> String? {
        try await read { [self] connection in
            try await connection.query(
                "SELECT description FROM topics WHERE slug = \(slug.rawValue)", logger: logger
            ).decode(String?.self).collected().first ?? nil
        }
    }

    public func topicSlug(forOldSlug slug: Slug) async throws(StoreError) -> Slug? {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT topics.slug FROM topic_old_slugs JOIN topics ON topics.id = topic_old_slugs.topic_id
                WHERE topic_old_slugs.slug = \(slug.rawValue)
                """, logger: logger
            ).decode(String.self).collected().first.flatMap(Slug.init(validating:))
        }
    }

    private static func topicID(_ slug: Slug, on connection: PostgresConnection, logger: Logger) async throws -> Int64?
    {
        try await connection.query("SELECT id FROM topics WHERE slug = \(slug.rawValue)", logger: logger)
            .decode(Int64.self).collected().first
    }

    /// The search vectors of a topic's stories carry its name; a rename or merge recomputes them.
    private static func refreshSearch(
        ofStoriesTaggedWith topic: Int64, on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        let ids = try await connection.query(
            "SELECT story_id FROM story_topics WHERE topic_id = \(topic)", logger: logger
        ).decode(Int64.self).collected()
        for id in ids { try await refreshSearch(ofStory: id, on: connection, logger: logger) }
    }

    private static func deskTopic(id: Int64, on connection: PostgresConnection, logger: Logger) async throws
        -> DeskTopic
    {
        let rows = try await connection.query(
            """
            SELECT topics.slug, topics.name, topics.description,
                (SELECT COUNT(*) FROM story_topics WHERE story_topics.topic_id = topics.id)
            FROM topics WHERE id = \(id)
            """, logger: logger
        ).decode((String, String, String?, Int64).self).collected()
        guard let (slug, name, description, count) = rows.first, let valid = Slug(validating: slug) else {
            throw StoreError.failed("topic \(id) is gone or malformed")
        }
        return DeskTopic(topic: Topic(name: name, slug: valid), description: description, storyCount: Int(count))
    }

    // MARK: Corrections

    public func publishedCorrections(limit: Int, offset: Int) async throws(StoreError) -> [PublishedCorrection] {
        let limit = max(1, min(limit, 500))
        let offset = max(0, offset)
        return try await read { [self] connection in
            try await connection.query(
                """
                SELECT story_corrections.note, story_corrections.created_at, stories.headline, stories.slug, sections.name
                FROM story_corrections
                JOIN stories ON stories.id = story_corrections.story_id
                JOIN sections ON sections.id = stories.section_id
                WHERE stories.status = 'published'
                ORDER BY story_corrections.created_at DESC, story_corrections.id DESC LIMIT \(limit) OFFSET \(offset)
                """, logger: logger
            ).decode((String, Date, String, String, String).self).collected().compactMap {
                note, time, headline, slug, section in
                Slug(validating: slug).map {
                    PublishedCorrection(
                        correction: Correction(note: note, createdAt: time), headline: headline, slug: $0,
                        sectionName: section)
                }
            }
        }
    }

    // MARK: Presence

    public func markPresent(story id: Int64, user: Int64, at time: Date) async throws(StoreError) {
        try await write { [self] connection in
            let marked = try await connection.query(
                """
                INSERT INTO story_presence (story_id, user_id, seen_at)
                SELECT id, \(user), \(time.postgres) FROM stories WHERE id = \(id)
                ON CONFLICT (story_id, user_id) DO UPDATE SET seen_at = excluded.seen_at
                RETURNING story_id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard !marked.isEmpty else { throw StoreError.notFound(id: id) }
        }
    }

    public func presence(onStory id: Int64, since time: Date) async throws(StoreError) -> [StoryPresence] {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT story_presence.user_id, users.name, story_presence.seen_at
                FROM story_presence JOIN users ON users.id = story_presence.user_id
                WHERE story_presence.story_id = \(id) AND story_presence.seen_at >= \(time.postgres)
                ORDER BY story_presence.seen_at DESC, users.name
                """, logger: logger
            ).decode((Int64, String, Date).self).collected().map {
                StoryPresence(userID: $0, name: $1, seenAt: $2)
            }
        }
    }

    public func markAbsent(story id: Int64, user: Int64, seenBefore time: Date) async throws(StoreError) {
        try await write { [self] connection in
            try await connection.query(
                """
                DELETE FROM story_presence
                WHERE story_id = \(id) AND user_id = \(user) AND seen_at < \(time.postgres)
                """, logger: logger)
        }
    }

    // MARK: Helpers

    static func insertActivity(_ entry: NewStoryActivity, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO story_activity (story_id, user_id, kind, note, created_at)
            VALUES (\(entry.storyID), \(entry.userID), \(entry.kind.rawValue), \(entry.note), \(entry.time.postgres))
            """, logger: logger)
    }

    private static func trashRows(storyID: Int64?, limit: Int, on connection: PostgresConnection, logger: Logger)
        async throws -> [TrashedStory]
    {
        let query: PostgresQuery =
            if let storyID {
                """
                SELECT story_trash.story_id, story_trash.trashed_at, story_trash.status_before, users.name
                FROM story_trash LEFT JOIN users ON users.id = story_trash.trashed_by
                WHERE story_trash.story_id = \(storyID)
                """
            } else {
                """
                SELECT story_trash.story_id, story_trash.trashed_at, story_trash.status_before, users.name
                FROM story_trash LEFT JOIN users ON users.id = story_trash.trashed_by
                ORDER BY story_trash.trashed_at DESC, story_trash.story_id DESC LIMIT \(limit)
                """
            }
        let rows = try await connection.query(query, logger: logger)
            .decode((Int64, Date, String, String?).self).collected()
        var entries: [TrashedStory] = []
        for (id, time, status, name) in rows {
            entries.append(
                TrashedStory(
                    story: try await story(id: id, on: connection, logger: logger),
                    statusBefore: StoryStatus(rawValue: status) ?? .draft, trashedAt: time, trashedByName: name))
        }
        return entries
    }
}
