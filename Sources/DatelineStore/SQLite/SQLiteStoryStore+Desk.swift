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

    public func markAbsent(story id: Int64, user: Int64) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM story_presence WHERE story_id = ? AND user_id = ?", arguments: [id, user])
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
