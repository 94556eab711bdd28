import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: NewsroomStore {
    // MARK: Accounts

    public func createUser(email: String, name: String, role: Role, passwordHash: String) async throws(StoreError)
        -> User
    {
        let (email, name) = try Self.validateAccount(email: email, name: name)
        let now = Date()
        return try await write { db in
            try Self.insertUser(email: email, name: name, role: role, hash: passwordHash, now: now, db)
        }
    }

    public func createFirstAdmin(
        email: String, name: String, passwordHash: String, setupTokenDigest: String, now: Date
    ) async throws(StoreError) -> User? {
        let (email, name) = try Self.validateAccount(email: email, name: name)
        return try await write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") == 0 else { return nil }
            try db.execute(
                sql: "UPDATE setup_tokens SET used_at = ? WHERE digest = ? AND used_at IS NULL AND expires_at > ?",
                arguments: [now, setupTokenDigest, now])
            guard db.changesCount == 1 else { return nil }
            return try Self.insertUser(email: email, name: name, role: .admin, hash: passwordHash, now: now, db)
        }
    }

    public func user(id: Int64) async throws(StoreError) -> User? {
        try await read { db in try UserRecord.fetchOne(db, key: id).map { try $0.user() } }
    }

    public func credentials(email: String) async throws(StoreError) -> UserCredentials? {
        let email = User.normalizedEmail(email)
        return try await read { db in
            try UserRecord.filter(Column("email") == email).fetchOne(db).map {
                UserCredentials(user: try $0.user(), passwordHash: $0.passwordHash)
            }
        }
    }

    public func users() async throws(StoreError) -> [User] {
        try await read { db in try UserRecord.order(Column("email")).fetchAll(db).map { try $0.user() } }
    }

    public func userCount() async throws(StoreError) -> Int {
        try await read { db in try UserRecord.fetchCount(db) }
    }

    public func setRole(_ role: Role, forUser id: Int64) async throws(StoreError) -> User {
        try await write { db in
            guard var record = try UserRecord.fetchOne(db, key: id) else {
                throw StoreError.failed("no account with id \(id)")
            }
            record.role = role.rawValue
            try record.update(db)
            try db.execute(sql: "DELETE FROM newsroom_sessions WHERE user_id = ?", arguments: [id])
            return try record.user()
        }
    }

    public func setPasswordHash(_ hash: String, forUser id: Int64) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, id])
            guard db.changesCount == 1 else { throw StoreError.failed("no account with id \(id)") }
            try db.execute(sql: "DELETE FROM newsroom_sessions WHERE user_id = ?", arguments: [id])
        }
    }

    // MARK: Sessions

    public func createSession(_ session: NewsroomSession) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO newsroom_sessions (digest, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                arguments: [session.digest, session.userID, session.createdAt, session.lastSeenAt])
        }
    }

    public func session(digest: String) async throws(StoreError) -> NewsroomSession? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT user_id, created_at, last_seen_at FROM newsroom_sessions WHERE digest = ?",
                arguments: [digest]
            ).map { row in
                NewsroomSession(
                    digest: digest, userID: row["user_id"], createdAt: row["created_at"],
                    lastSeenAt: row["last_seen_at"])
            }
        }
    }

    public func touchSession(digest: String, at time: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE newsroom_sessions SET last_seen_at = ? WHERE digest = ? AND last_seen_at < ?",
                arguments: [time, digest, time])
        }
    }

    public func deleteSession(digest: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM newsroom_sessions WHERE digest = ?", arguments: [digest])
        }
    }

    @discardableResult
    public func deleteExpiredSessions(idleLimit: TimeInterval, absoluteLimit: TimeInterval, now: Date)
        async throws(StoreError) -> Int
    {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM newsroom_sessions WHERE last_seen_at < ? OR created_at < ?",
                arguments: [now.addingTimeInterval(-idleLimit), now.addingTimeInterval(-absoluteLimit)])
            return db.changesCount
        }
    }

    // MARK: Failed sign-ins

    public func recordLoginFailure(account: String, clientAddress: String, at time: Date) async throws(StoreError) {
        let account = User.normalizedEmail(account)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO login_failures (account, client_address, failed_at) VALUES (?, ?, ?)",
                arguments: [account, clientAddress, time])
            // Old failures no longer count toward any window; keep the table small.
            try db.execute(
                sql: "DELETE FROM login_failures WHERE failed_at < ?", arguments: [time.addingTimeInterval(-86_400)])
        }
    }

    public func loginFailures(account: String, clientAddress: String, since time: Date) async throws(StoreError)
        -> LoginFailureCount
    {
        let account = User.normalizedEmail(account)
        return try await read { db in
            let byAccount =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM login_failures WHERE account = ? AND failed_at >= ?",
                    arguments: [account, time]) ?? 0
            let byAddress =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM login_failures WHERE client_address = ? AND failed_at >= ?",
                    arguments: [clientAddress, time]) ?? 0
            return LoginFailureCount(account: byAccount, clientAddress: byAddress)
        }
    }

    public func clearLoginFailures(account: String) async throws(StoreError) {
        let account = User.normalizedEmail(account)
        try await write { db in
            try db.execute(sql: "DELETE FROM login_failures WHERE account = ?", arguments: [account])
        }
    }

    // MARK: Set-up link

    public func createSetupToken(digest: String, expiresAt: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO setup_tokens (digest, expires_at) VALUES (?, ?)", arguments: [digest, expiresAt])
        }
    }

    public func isSetupTokenValid(digest: String, now: Date) async throws(StoreError) -> Bool {
        try await read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM setup_tokens WHERE digest = ? AND used_at IS NULL AND expires_at > ?",
                arguments: [digest, now]) == 1
        }
    }

    // MARK: Stories in the newsroom

    public func createStory(_ draft: StoryDraft, status: StoryStatus, author: Int64) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        let now = Date()
        return try await write { db in
            let story = try Self.insertStory(draft, status: status, now: now, author: author, db)
            try db.execute(
                sql: "INSERT INTO story_owners (story_id, user_id) VALUES (?, ?)", arguments: [story.id, author])
            return story
        }
    }

    public func updateStory(id: Int64, with draft: StoryDraft, author: Int64) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        let now = Date()
        return try await write { db in try Self.replaceContent(ofStory: id, with: draft, now: now, author: author, db) }
    }

    public func saveStory(
        id: Int64, with draft: StoryDraft, author: Int64, basedOn revision: Int?, then change: StoryStatusChange?
    ) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        if let publishedAt = change?.publishedAt { try StoreInput.checkPublicationTime(publishedAt) }
        let now = Date()
        return try await write { db in
            var story = try Self.story(id: id, db)
            // A story in the trash takes no save, even an unchanged one, until it is restored.
            guard try !Self.isTrashed(id, db) else { throw StoreError.notFound(id: id) }
            if let revision {
                let latest =
                    try Int.fetchOne(
                        db, sql: "SELECT MAX(number) FROM story_revisions WHERE story_id = ?", arguments: [id]) ?? 0
                guard latest == revision else { throw StoreError.stale(latestRevision: latest) }
            }
            // A draft without a publication time keeps the stored one, so it compares as unchanged.
            var incoming = draft
            if incoming.publishedAt == nil { incoming.publishedAt = story.publishedAt }
            if story.draft != incoming {
                story = try Self.replaceContent(ofStory: id, with: draft, now: now, author: author, db)
            }
            if let change { story = try Self.changeStatus(ofStory: id, to: change, now: now, db) }
            return story
        }
    }

    public func newsroomSections() async throws(StoreError) -> [Section] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT slug, name FROM sections ORDER BY name COLLATE NOCASE, slug").compactMap {
                row in Slug(validating: row["slug"]).map { Section(name: row["name"], slug: $0) }
            }
        }
    }

    public func owner(ofStory id: Int64) async throws(StoreError) -> Int64? {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT user_id FROM story_owners WHERE story_id = ?", arguments: [id])
        }
    }

    public func newsroomStories(_ filter: NewsroomStoryFilter) async throws(StoreError) -> [NewsroomStoryEntry] {
        try await read { db in
            // The trash has its own page; the desk's lists leave it out.
            var conditions: [SQL] = ["NOT EXISTS (SELECT 1 FROM story_trash WHERE story_trash.story_id = stories.id)"]
            if let status = filter.status { conditions.append("stories.status = \(status.rawValue)") }
            if let section = filter.section { conditions.append("sections.slug = \(section.rawValue)") }
            if let owner = filter.owner { conditions.append("story_owners.user_id = \(owner)") }
            if let text = filter.text {
                let pattern = "%" + Self.escapedLikePattern(text.lowercased()) + "%"
                conditions.append(
                    """
                    (lower(stories.headline) LIKE \(pattern) ESCAPE '\\' OR lower(coalesce(stories.byline, '')) \
                    LIKE \(pattern) ESCAPE '\\' OR lower(stories.body) LIKE \(pattern) ESCAPE '\\')
                    """)
            }
            let whereClause: SQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let request: SQLRequest<Row> = """
                SELECT stories.id AS story_id, story_owners.user_id AS owner_id, users.name AS owner_name
                FROM stories
                JOIN sections ON sections.id = stories.section_id
                LEFT JOIN story_owners ON story_owners.story_id = stories.id
                LEFT JOIN users ON users.id = story_owners.user_id
                \(whereClause)
                ORDER BY stories.updated_at DESC, stories.id DESC
                LIMIT \(filter.limit) OFFSET \(filter.offset)
                """
            let rows = try request.fetchAll(db)
            let ids: [Int64] = rows.map { $0["story_id"] }
            let records = try StoryRecord.fetchAll(db, keys: ids)
            let byID = Dictionary(
                try Self.stories(from: records, db).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return rows.compactMap { row in
                let id: Int64 = row["story_id"]
                return byID[id].map {
                    NewsroomStoryEntry(story: $0, ownerID: row["owner_id"], ownerName: row["owner_name"])
                }
            }
        }
    }

    public func revisions(ofStory id: Int64) async throws(StoreError) -> [Revision] {
        try await read { db in
            try Self.revisionRows(where: SQL("story_revisions.story_id = \(id)"), db)
        }
    }

    public func revision(id: Int64) async throws(StoreError) -> Revision? {
        try await read { db in try Self.revisionRows(where: SQL("story_revisions.id = \(id)"), db).first }
    }

    public func restore(revision id: Int64, author: Int64) async throws(StoreError) -> Story {
        let now = Date()
        return try await write { db in
            guard let revision = try Self.revisionRows(where: SQL("story_revisions.id = \(id)"), db).first else {
                throw StoreError.failed("no revision with id \(id); it may belong to a deleted story")
            }
            // Restoring brings back words, not the publication time or import source, which
            // belong to the story's life rather than to one version of its text.
            var content = revision.content
            content.publishedAt = nil
            content.source = nil
            // A lead image deleted since is left off, rather than making the old words unrestorable.
            if let lead = content.leadImage, try !Self.mediaExists(lead, db) { content.leadImage = nil }
            return try Self.replaceContent(ofStory: revision.storyID, with: content, now: now, author: author, db)
        }
    }

    public func addCorrection(_ note: String, toStory id: Int64, author: Int64, at time: Date) async throws(StoreError)
        -> Correction
    {
        let note = note.collapsingWhitespace()
        guard !note.isEmpty, note.count <= 2_000 else {
            throw .invalid(
                StoryValidationError(problems: [
                    .init(field: "correction", message: "write the correction in 1 to 2,000 characters")
                ]))
        }
        return try await write { db in
            guard try StoryRecord.exists(db, key: id) else { throw StoreError.notFound(id: id) }
            try db.execute(
                sql: "INSERT INTO story_corrections (story_id, author_id, note, created_at) VALUES (?, ?, ?, ?)",
                arguments: [id, author, note, time])
            return Correction(note: note, createdAt: time)
        }
    }

    public func corrections(ofStory id: Int64) async throws(StoreError) -> [Correction] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT note, created_at FROM story_corrections WHERE story_id = ? ORDER BY created_at, id"),
                arguments: [id]
            ).map { Correction(note: $0["note"], createdAt: $0["created_at"]) }
        }
    }

    public func publishDueStories(now: Date) async throws(StoreError) -> [Story] {
        try await write { db in
            // One UPDATE in one immediate transaction: a second process either waits and then
            // finds nothing left in 'scheduled', or got there first; never both.
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    UPDATE stories SET status = 'published', updated_at = ?
                    WHERE status = 'scheduled' AND published_at IS NOT NULL AND published_at <= ?
                    RETURNING id
                    """,
                arguments: [now, now])
            let stories = try ids.map { try Self.story(id: $0, db) }
            // The log says it went live, in the same transaction, naming any picture that
            // stopped being ready while the story waited.
            for story in stories {
                let items = try Self.mediaItems(story.draft.mediaIDs, db)
                try Self.insertActivity(
                    NewStoryActivity(
                        storyID: story.id, userID: nil, kind: .published,
                        note: StoryMediaRules.goLiveNote(of: story.draft, items: items), time: now
                    ).checked(), db)
            }
            return stories
        }
    }

    // MARK: Helpers

    /// Appends a revision of `content` to story `id`, numbered after its last one. An autosave
    /// right after the same person's autosave takes that revision over instead, with the next
    /// number, so a save based on the older number is still refused as stale.
    static func recordRevision(
        of id: Int64, content: StoryDraft, author: Int64?, now: Date, autosave: Bool = false, _ db: Database
    ) throws {
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        let latest = try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT id, number, author_id, autosave FROM story_revisions WHERE story_id = ? ORDER BY number DESC LIMIT 1"
            ),
            arguments: [id])
        let number = (latest?["number"] as Int? ?? 0) + 1
        if autosave, let latest, latest["autosave"] as Bool? == true, latest["author_id"] as Int64? == author {
            try db.execute(
                sql: "UPDATE story_revisions SET number = ?, created_at = ?, content = ? WHERE id = ?",
                arguments: [number, now, json, latest["id"] as Int64])
            return
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO story_revisions (story_id, number, author_id, created_at, content, autosave)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [id, number, author, now, json, autosave])
    }

    private static func revisionRows(where condition: SQL, _ db: Database) throws -> [Revision] {
        let request: SQLRequest<Row> = """
            SELECT story_revisions.*, users.name AS author_name
            FROM story_revisions LEFT JOIN users ON users.id = story_revisions.author_id
            WHERE \(condition)
            ORDER BY story_revisions.number DESC
            """
        return try request.fetchAll(db).map { row in
            let id: Int64 = row["id"]
            let json: String = row["content"]
            guard let content = try? JSONDecoder().decode(StoryDraft.self, from: Data(json.utf8)) else {
                throw StoreError.failed("revision \(id) holds content that is not a story; fix or delete the row")
            }
            return Revision(
                id: id, storyID: row["story_id"], number: row["number"], authorID: row["author_id"],
                authorName: row["author_name"], createdAt: row["created_at"], content: content,
                isAutosave: row["autosave"])
        }
    }

    private static func insertUser(email: String, name: String, role: Role, hash: String, now: Date, _ db: Database)
        throws -> User
    {
        guard try UserRecord.filter(Column("email") == email).fetchCount(db) == 0 else {
            throw StoreError.invalid(
                StoryValidationError(problems: [.init(field: "email", message: "an account with this address exists")]))
        }
        var record = UserRecord(
            id: nil, email: email, name: name, role: role.rawValue, passwordHash: hash, createdAt: now)
        try record.insert(db)
        // Read back so the creation time carries the stored precision, as later reads will.
        guard let id = record.id, let stored = try UserRecord.fetchOne(db, key: id) else {
            throw StoreError.failed("SQLite gave the new account no id")
        }
        return try stored.user()
    }

    private static func validateAccount(email: String, name: String) throws(StoreError) -> (String, String) {
        let account = try StoreInput.account(email: email, name: name)
        return (account.email, account.name)
    }

    private static func escapedLikePattern(_ text: String) -> String { StoreInput.likePattern(text) }
}
