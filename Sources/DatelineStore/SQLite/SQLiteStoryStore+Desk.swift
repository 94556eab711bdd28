import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: DeskStore {
    // MARK: Trash

    @discardableResult
    public func moveToTrash(story id: Int64, by user: Int64?, at time: Date) async throws(StoreError)
        -> TrashedStory
    {
        try await write { db in
            var story = try Self.story(id: id, db)
            guard try !Self.isTrashed(id, db) else { throw StoreError.notFound(id: id) }
            let before = story.status
            // A trashed story must not stay on the site or go live on its schedule.
            if before == .published || before == .scheduled {
                story = try Self.changeStatus(
                    ofStory: id, to: StoryStatusChange(status: .unpublished, publishedAt: nil), now: time, db)
            }
            try db.execute(
                sql: "INSERT INTO story_trash (story_id, trashed_at, trashed_by, status_before) VALUES (?, ?, ?, ?)",
                arguments: [id, time, user, before.rawValue])
            try Self.insertActivity(
                NewStoryActivity(storyID: id, userID: user, kind: .trashed, time: time), db)
            try db.execute(sql: "DELETE FROM story_presence WHERE story_id = ?", arguments: [id])
            let name = try user.flatMap {
                try String.fetchOne(db, sql: "SELECT name FROM users WHERE id = ?", arguments: [$0])
            }
            return TrashedStory(story: story, statusBefore: before, trashedAt: time, trashedByName: name)
        }
    }

    @discardableResult
    public func restoreFromTrash(story id: Int64, by user: Int64?, at time: Date) async throws(StoreError) -> Story {
        try await write { db in
            try db.execute(sql: "DELETE FROM story_trash WHERE story_id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StoreError.notFound(id: id) }
            try Self.insertActivity(NewStoryActivity(storyID: id, userID: user, kind: .restored, time: time), db)
            return try Self.story(id: id, db)
        }
    }

    public func trashedStories(limit: Int) async throws(StoreError) -> [TrashedStory] {
        try await read { db in try Self.trashRows(where: "1", arguments: [], limit: limit, db) }
    }

    public func trashEntry(story id: Int64) async throws(StoreError) -> TrashedStory? {
        try await read { db in
            try Self.trashRows(where: "story_trash.story_id = ?", arguments: [id], limit: 1, db).first
        }
    }

    @discardableResult
    public func purgeTrash(trashedBefore time: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM stories WHERE id IN (SELECT story_id FROM story_trash WHERE trashed_at < ?)",
                arguments: [time])
            return db.changesCount
        }
    }

    // MARK: Autosave

    public func autosaveStory(id: Int64, with draft: StoryDraft, author: Int64, basedOn revision: Int)
        async throws(StoreError) -> AutosaveOutcome
    {
        let draft = try StoreInput.validate(draft)
        let now = Date()
        return try await write { db in
            let story = try Self.story(id: id, db)
            guard try !Self.isTrashed(id, db) else { throw StoreError.notFound(id: id) }
            func latest() throws -> Int {
                try Int.fetchOne(db, sql: "SELECT MAX(number) FROM story_revisions WHERE story_id = ?", arguments: [id])
                    ?? 0
            }
            let number = try latest()
            guard number == revision else { throw StoreError.stale(latestRevision: number) }
            var incoming = draft
            if incoming.publishedAt == nil { incoming.publishedAt = story.publishedAt }
            guard story.draft != incoming else {
                return AutosaveOutcome(story: story, revision: number, changed: false)
            }
            let saved = try Self.replaceContent(ofStory: id, with: draft, now: now, author: author, autosave: true, db)
            return AutosaveOutcome(story: saved, revision: try latest(), changed: true)
        }
    }

    // MARK: Activity

    public func recordActivity(_ entry: NewStoryActivity) async throws(StoreError) {
        let entry = try entry.checked()
        try await write { db in
            guard try Self.storyExists(entry.storyID, db) else { throw StoreError.notFound(id: entry.storyID) }
            try Self.insertActivity(entry, db)
        }
    }

    public func activity(ofStory id: Int64, limit: Int) async throws(StoreError) -> [StoryActivity] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT story_activity.kind, story_activity.note, story_activity.created_at, users.name
                    FROM story_activity LEFT JOIN users ON users.id = story_activity.user_id
                    WHERE story_activity.story_id = ? ORDER BY story_activity.id DESC LIMIT ?
                    """,
                arguments: [id, limit]
            ).compactMap { row in
                StoryActivityKind(rawValue: row["kind"]).map {
                    StoryActivity(kind: $0, userName: row["name"], note: row["note"], time: row["created_at"])
                }
            }
        }
    }

    // MARK: Addresses

    @discardableResult
    public func changeSlug(ofStory id: Int64, to slug: Slug) async throws(StoreError) -> Story {
        try await write { db in
            let story = try Self.story(id: id, db)
            guard story.slug != slug else { return story }
            let owner = try Int64.fetchOne(db, sql: "SELECT id FROM stories WHERE slug = ?", arguments: [slug.rawValue])
            guard owner == nil else { throw StoreError.slugTaken(slug) }
            // The new address is no longer an old one of any story; the old one now redirects here.
            try db.execute(sql: "DELETE FROM story_old_slugs WHERE slug = ?", arguments: [slug.rawValue])
            try db.execute(
                sql: "INSERT OR REPLACE INTO story_old_slugs (slug, story_id) VALUES (?, ?)",
                arguments: [story.slug.rawValue, id])
            try db.execute(
                sql: "UPDATE stories SET slug = ?, updated_at = ? WHERE id = ?", arguments: [slug.rawValue, Date(), id])
            return try Self.story(id: id, db)
        }
    }

    public func storyID(forOldSlug slug: Slug) async throws(StoreError) -> Int64? {
        try await read { db in
            try Int64.fetchOne(
                db, sql: "SELECT story_id FROM story_old_slugs WHERE slug = ?", arguments: [slug.rawValue])
        }
    }

    // MARK: Sections

    public func deskSections() async throws(StoreError) -> [DeskSection] {
        try await read { db in try Self.deskSections(db) }
    }

    @discardableResult
    public func addSection(named name: String) async throws(StoreError) -> DeskSection {
        let (name, slug) = try SectionRules.checked(name)
        return try await write { db in
            guard try !Self.sectionExists(slug, db) else { throw SectionRules.taken(slug) }
            try db.execute(
                sql: "INSERT INTO sections (slug, name) VALUES (?, ?)", arguments: [slug.rawValue, name])
            try db.execute(sql: "DELETE FROM section_old_slugs WHERE slug = ?", arguments: [slug.rawValue])
            return try Self.deskSection(slug, db)
        }
    }

    @discardableResult
    public func renameSection(_ slug: Slug, to name: String) async throws(StoreError) -> DeskSection {
        let (name, newSlug) = try SectionRules.checked(name)
        return try await write { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM sections WHERE slug = ?", arguments: [slug.rawValue])
            else { throw SectionRules.unknown(slug) }
            if newSlug != slug {
                guard try !Self.sectionExists(newSlug, db) else { throw SectionRules.taken(newSlug) }
                try db.execute(sql: "DELETE FROM section_old_slugs WHERE slug = ?", arguments: [newSlug.rawValue])
                try db.execute(
                    sql: "INSERT OR REPLACE INTO section_old_slugs (slug, section_id) VALUES (?, ?)",
                    arguments: [slug.rawValue, id])
            }
            try db.execute(
                sql: "UPDATE sections SET slug = ?, name = ? WHERE id = ?",
                arguments: [newSlug.rawValue, name, id])
            return try Self.deskSection(newSlug, db)
        }
    }

    public func moveSection(_ slug: Slug, up: Bool) async throws(StoreError) {
        try await write { db in
            let order = try Self.deskSections(db).map(\.section.slug)
            guard order.contains(slug) else { throw SectionRules.unknown(slug) }
            for (index, each) in SectionRules.reordered(order, moving: slug, up: up).enumerated() {
                try db.execute(
                    sql: "UPDATE sections SET position = ? WHERE slug = ?",
                    arguments: [index + 1, each.rawValue])
            }
        }
    }

    public func setSection(_ slug: Slug, hidden: Bool) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE sections SET hidden = ? WHERE slug = ?",
                arguments: [hidden, slug.rawValue])
            guard db.changesCount == 1 else { throw SectionRules.unknown(slug) }
        }
    }

    public func sectionSlug(forOldSlug slug: Slug) async throws(StoreError) -> Slug? {
        try await read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT sections.slug FROM section_old_slugs JOIN sections ON sections.id = section_old_slugs.section_id
                    WHERE section_old_slugs.slug = ?
                    """, arguments: [slug.rawValue]
            ).flatMap(Slug.init(validating:))
        }
    }

    private static func sectionExists(_ slug: Slug, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sections WHERE slug = ?)", arguments: [slug.rawValue])
            ?? false
    }

    private static func deskSection(_ slug: Slug, _ db: Database) throws -> DeskSection {
        guard let found = try deskSections(db).first(where: { $0.section.slug == slug }) else {
            throw SectionRules.unknown(slug)
        }
        return found
    }

    private static func deskSections(_ db: Database) throws -> [DeskSection] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT sections.slug, sections.name, sections.position, sections.hidden,
                    (SELECT COUNT(*) FROM stories WHERE stories.section_id = sections.id
                        AND NOT EXISTS (SELECT 1 FROM story_trash WHERE story_trash.story_id = stories.id)) AS story_count,
                    (SELECT COUNT(*) FROM stories WHERE stories.section_id = sections.id
                        AND stories.status = 'published') AS published_count
                FROM sections
                ORDER BY sections.position = 0, sections.position, sections.name COLLATE NOCASE, sections.slug
                """
        ).compactMap { row in
            Slug(validating: row["slug"]).map {
                DeskSection(
                    section: Section(name: row["name"], slug: $0), position: row["position"], isHidden: row["hidden"],
                    storyCount: row["story_count"], publishedCount: row["published_count"])
            }
        }
    }

    // MARK: Topics

    public func deskTopics(matching text: String?, limit: Int) async throws(StoreError) -> [DeskTopic] {
        let pattern = text?.trimmingWhitespace().nilIfEmpty.map { "%" + StoreInput.likePattern($0.lowercased()) + "%" }
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT topics.slug, topics.name, topics.description,
                        (SELECT COUNT(*) FROM story_topics WHERE story_topics.topic_id = topics.id) AS story_count
                    FROM topics
                    WHERE ? IS NULL OR lower(topics.name) LIKE ? ESCAPE '\\'
                    ORDER BY story_count DESC, topics.name COLLATE NOCASE LIMIT ?
                    """, arguments: [pattern, pattern, max(1, min(limit, 1_000))]
            ).compactMap(Self.deskTopic)
        }
    }

    @discardableResult
    public func renameTopic(_ slug: Slug, to name: String) async throws(StoreError) -> DeskTopic {
        let (name, newSlug) = try TopicRules.checkedName(name)
        return try await write { db in
            guard let id = try Self.topicID(slug, db) else { throw TopicRules.unknown(slug) }
            if newSlug != slug {
                guard try Self.topicID(newSlug, db) == nil else {
                    throw TopicRules.refuse(
                        "a topic with the address /topic/\(newSlug.rawValue) exists; merge the two instead")
                }
                try db.execute(sql: "DELETE FROM topic_old_slugs WHERE slug = ?", arguments: [newSlug.rawValue])
                try db.execute(
                    sql: "INSERT OR REPLACE INTO topic_old_slugs (slug, topic_id) VALUES (?, ?)",
                    arguments: [slug.rawValue, id])
            }
            try db.execute(
                sql: "UPDATE topics SET slug = ?, name = ? WHERE id = ?", arguments: [newSlug.rawValue, name, id])
            return try Self.deskTopic(id: id, db)
        }
    }

    @discardableResult
    public func mergeTopic(_ slug: Slug, into target: Slug) async throws(StoreError) -> DeskTopic {
        try await write { db in
            guard let source = try Self.topicID(slug, db) else { throw TopicRules.unknown(slug) }
            guard let destination = try Self.topicID(target, db) else { throw TopicRules.unknown(target) }
            guard source != destination else { throw TopicRules.refuse("a topic cannot be merged into itself") }
            // New links first, then the old ones go: the search index follows both.
            try db.execute(
                sql: """
                    INSERT INTO story_topics (story_id, topic_id, position)
                    SELECT story_id, ?, position FROM story_topics
                    WHERE topic_id = ? AND story_id NOT IN (SELECT story_id FROM story_topics WHERE topic_id = ?)
                    """, arguments: [destination, source, destination])
            try db.execute(sql: "DELETE FROM story_topics WHERE topic_id = ?", arguments: [source])
            try db.execute(
                sql: "UPDATE topic_old_slugs SET topic_id = ? WHERE topic_id = ?", arguments: [destination, source])
            try db.execute(sql: "DELETE FROM topics WHERE id = ?", arguments: [source])
            try db.execute(
                sql: "INSERT OR REPLACE INTO topic_old_slugs (slug, topic_id) VALUES (?, ?)",
                arguments: [slug.rawValue, destination])
            return try Self.deskTopic(id: destination, db)
        }
    }

    public func setTopicDescription(_ slug: Slug, to text: String?) async throws(StoreError) {
        let text = try TopicRules.checkedDescription(text)
        try await write { db in
            try db.execute(sql: "UPDATE topics SET description = ? WHERE slug = ?", arguments: [text, slug.rawValue])
            guard db.changesCount == 1 else { throw TopicRules.unknown(slug) }
        }
    }

    public func topicDescription(_ slug: Slug) async throws(StoreError) -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT description FROM topics WHERE slug = ?", arguments: [slug.rawValue])
        }
    }

    public func topicSlug(forOldSlug slug: Slug) async throws(StoreError) -> Slug? {
        try await read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT topics.slug FROM topic_old_slugs JOIN topics ON topics.id = topic_old_slugs.topic_id
                    WHERE topic_old_slugs.slug = ?
                    """, arguments: [slug.rawValue]
            ).flatMap(Slug.init(validating:))
        }
    }

    private static func topicID(_ slug: Slug, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM topics WHERE slug = ?", arguments: [slug.rawValue])
    }

    private static func deskTopic(id: Int64, _ db: Database) throws -> DeskTopic {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT topics.slug, topics.name, topics.description,
                        (SELECT COUNT(*) FROM story_topics WHERE story_topics.topic_id = topics.id) AS story_count
                    FROM topics WHERE id = ?
                    """, arguments: [id]),
            let topic = deskTopic(row)
        else { throw StoreError.failed("topic \(id) is gone or malformed") }
        return topic
    }

    private static func deskTopic(_ row: Row) -> DeskTopic? {
        Slug(validating: row["slug"]).map {
            DeskTopic(
                topic: Topic(name: row["name"], slug: $0), description: row["description"],
                storyCount: row["story_count"])
        }
    }

    // MARK: Corrections

    public func publishedCorrections(limit: Int, offset: Int) async throws(StoreError) -> [PublishedCorrection] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT story_corrections.note, story_corrections.created_at, stories.headline, stories.slug,
                        sections.name AS section_name
                    FROM story_corrections
                    JOIN stories ON stories.id = story_corrections.story_id
                    JOIN sections ON sections.id = stories.section_id
                    WHERE stories.status = 'published'
                    ORDER BY story_corrections.created_at DESC, story_corrections.id DESC LIMIT ? OFFSET ?
                    """,
                arguments: [max(1, min(limit, 500)), max(0, offset)]
            ).compactMap { row in
                Slug(validating: row["slug"]).map {
                    PublishedCorrection(
                        correction: Correction(note: row["note"], createdAt: row["created_at"]),
                        headline: row["headline"], slug: $0, sectionName: row["section_name"])
                }
            }
        }
    }

    // MARK: Presence

    public func markPresent(story id: Int64, user: Int64, at time: Date) async throws(StoreError) {
        try await write { db in
            guard try Self.storyExists(id, db) else { throw StoreError.notFound(id: id) }
            try db.execute(
                sql: """
                    INSERT INTO story_presence (story_id, user_id, seen_at) VALUES (?, ?, ?)
                    ON CONFLICT (story_id, user_id) DO UPDATE SET seen_at = excluded.seen_at
                    """,
                arguments: [id, user, time])
        }
    }

    public func presence(onStory id: Int64, since time: Date) async throws(StoreError) -> [StoryPresence] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT story_presence.user_id, users.name, story_presence.seen_at
                    FROM story_presence JOIN users ON users.id = story_presence.user_id
                    WHERE story_presence.story_id = ? AND story_presence.seen_at >= ?
                    ORDER BY story_presence.seen_at DESC, users.name
                    """,
                arguments: [id, time]
            ).map { StoryPresence(userID: $0["user_id"], name: $0["name"], seenAt: $0["seen_at"]) }
        }
    }

    public func markAbsent(story id: Int64, user: Int64, seenBefore time: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM story_presence WHERE story_id = ? AND user_id = ? AND seen_at < ?",
                arguments: [id, user, time])
        }
    }

    // MARK: Helpers

    static func isTrashed(_ id: Int64, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM story_trash WHERE story_id = ?)", arguments: [id])
            ?? false
    }

    private static func storyExists(_ id: Int64, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM stories WHERE id = ?)", arguments: [id]) ?? false
    }

    static func insertActivity(_ entry: NewStoryActivity, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO story_activity (story_id, user_id, kind, note, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [entry.storyID, entry.userID, entry.kind.rawValue, entry.note, entry.time])
    }

    private static func trashRows(where condition: String, arguments: StatementArguments, limit: Int, _ db: Database)
        throws -> [TrashedStory]
    {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT story_trash.story_id, story_trash.trashed_at, story_trash.status_before, users.name
                FROM story_trash LEFT JOIN users ON users.id = story_trash.trashed_by
                WHERE \(condition) ORDER BY story_trash.trashed_at DESC, story_trash.story_id DESC LIMIT \(limit)
                """, arguments: arguments)
        return try rows.map { row in
            let story = try Self.story(id: row["story_id"], db)
            return TrashedStory(
                story: story, statusBefore: StoryStatus(rawValue: row["status_before"]) ?? .draft,
                trashedAt: row["trashed_at"], trashedByName: row["name"])
        }
    }
}
