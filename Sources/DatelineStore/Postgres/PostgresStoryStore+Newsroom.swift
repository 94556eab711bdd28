import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: NewsroomStore {
    // MARK: Accounts

    public func createUser(email: String, name: String, role: Role, passwordHash: String) async throws(StoreError)
        -> User
    {
        let (email, name) = try Self.validateAccount(email: email, name: name)
        let now = Date()
        return try await write { [self] connection in
            try await Self.insertUser(
                email: email, name: name, role: role, hash: passwordHash, now: now, on: connection, logger: logger)
        }
    }

    public func createFirstAdmin(
        email: String, name: String, passwordHash: String, setupTokenDigest: String, now: Date
    ) async throws(StoreError) -> User? {
        let (email, name) = try Self.validateAccount(email: email, name: name)
        return try await write { [self] connection in
            // The lock makes "no account yet" and "the link is unused" one decision across instances.
            try await connection.query("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            let count =
                try await connection.query("SELECT COUNT(*) FROM users", logger: logger)
                .decode(Int.self).collected().first ?? 0
            guard count == 0 else { return nil }
            let used = try await connection.query(
                """
                UPDATE setup_tokens SET used_at = \(now.postgres)
                WHERE digest = \(setupTokenDigest) AND used_at IS NULL AND expires_at > \(now.postgres)
                RETURNING digest
                """, logger: logger
            ).decode(String.self).collected()
            guard used.count == 1 else { return nil }
            return try await Self.insertUser(
                email: email, name: name, role: .admin, hash: passwordHash, now: now, on: connection, logger: logger)
        }
    }

    public func user(id: Int64) async throws(StoreError) -> User? {
        try await read { [self] connection in
            try await Self.users(where: "id = $1", binds: Self.bindings(id), on: connection, logger: logger).first?.user
        }
    }

    public func credentials(email: String) async throws(StoreError) -> UserCredentials? {
        let email = User.normalizedEmail(email).postgresText
        return try await read { [self] connection in
            try await Self.users(where: "email = $1", binds: Self.bindings(email), on: connection, logger: logger)
                .first.map { UserCredentials(user: $0.user, passwordHash: $0.hash) }
        }
    }

    public func users() async throws(StoreError) -> [User] {
        try await read { [self] connection in
            try await Self.users(
                where: "TRUE ORDER BY email", binds: PostgresBindings(), on: connection, logger: logger
            )
            .map(\.user)
        }
    }

    public func userCount() async throws(StoreError) -> Int {
        try await read { [self] connection in
            try await connection.query("SELECT COUNT(*) FROM users", logger: logger).decode(Int.self).collected().first
                ?? 0
        }
    }

    public func setRole(_ role: Role, forUser id: Int64) async throws(StoreError) -> User {
        try await write { [self] connection in
            let changed = try await connection.query(
                "UPDATE users SET role = \(role.rawValue) WHERE id = \(id) RETURNING id", logger: logger
            ).decode(Int64.self).collected()
            guard !changed.isEmpty else { throw StoreError.failed("no account with id \(id)") }
            try await connection.query("DELETE FROM newsroom_sessions WHERE user_id = \(id)", logger: logger)
            guard
                let user = try await Self.users(
                    where: "id = $1", binds: Self.bindings(id), on: connection, logger: logger
                ).first?.user
            else { throw StoreError.failed("no account with id \(id)") }
            return user
        }
    }

    public func setPasswordHash(_ hash: String, forUser id: Int64) async throws(StoreError) {
        try await write { [self] connection in
            let changed = try await connection.query(
                "UPDATE users SET password_hash = \(hash) WHERE id = \(id) RETURNING id", logger: logger
            ).decode(Int64.self).collected()
            guard changed.count == 1 else { throw StoreError.failed("no account with id \(id)") }
            try await connection.query("DELETE FROM newsroom_sessions WHERE user_id = \(id)", logger: logger)
        }
    }

    // MARK: Sessions

    public func createSession(_ session: NewsroomSession) async throws(StoreError) {
        try await write { [self] connection in
            try await connection.query(
                """
                INSERT INTO newsroom_sessions (digest, user_id, created_at, last_seen_at)
                VALUES (\(session.digest), \(session.userID), \(session.createdAt.postgres),
                    \(session.lastSeenAt.postgres))
                """, logger: logger)
        }
    }

    public func session(digest: String) async throws(StoreError) -> NewsroomSession? {
        let digest = digest.postgresText
        return try await read { [self] connection in
            try await connection.query(
                "SELECT user_id, created_at, last_seen_at FROM newsroom_sessions WHERE digest = \(digest)",
                logger: logger
            ).decode((Int64, Date, Date).self).collected().first.map { userID, createdAt, lastSeenAt in
                NewsroomSession(digest: digest, userID: userID, createdAt: createdAt, lastSeenAt: lastSeenAt)
            }
        }
    }

    public func touchSession(digest: String, at time: Date) async throws(StoreError) {
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE newsroom_sessions SET last_seen_at = \(time.postgres)
                WHERE digest = \(digest) AND last_seen_at < \(time.postgres)
                """, logger: logger)
        }
    }

    public func deleteSession(digest: String) async throws(StoreError) {
        try await write { [self] connection in
            try await connection.query("DELETE FROM newsroom_sessions WHERE digest = \(digest)", logger: logger)
        }
    }

    @discardableResult
    public func deleteExpiredSessions(idleLimit: TimeInterval, absoluteLimit: TimeInterval, now: Date)
        async throws(StoreError) -> Int
    {
        let idleBefore = now.addingTimeInterval(-idleLimit)
        let startedBefore = now.addingTimeInterval(-absoluteLimit)
        return try await write { [self] connection in
            try await connection.query(
                """
                DELETE FROM newsroom_sessions
                WHERE last_seen_at < \(idleBefore.postgres) OR created_at < \(startedBefore.postgres)
                RETURNING digest
                """, logger: logger
            ).decode(String.self).collected().count
        }
    }

    // MARK: Failed sign-ins

    public func recordLoginFailure(account: String, clientAddress: String, at time: Date) async throws(StoreError) {
        let account = User.normalizedEmail(account).postgresText
        let clientAddress = clientAddress.postgresText
        let forgetBefore = time.addingTimeInterval(-86_400)
        try await write { [self] connection in
            try await connection.query(
                """
                INSERT INTO login_failures (account, client_address, failed_at)
                VALUES (\(account), \(clientAddress), \(time.postgres))
                """, logger: logger)
            // Old failures no longer count toward any window; keep the table small.
            try await connection.query(
                "DELETE FROM login_failures WHERE failed_at < \(forgetBefore.postgres)", logger: logger)
        }
    }

    public func loginFailures(account: String, clientAddress: String, since time: Date) async throws(StoreError)
        -> LoginFailureCount
    {
        let account = User.normalizedEmail(account).postgresText
        let clientAddress = clientAddress.postgresText
        return try await read { [self] connection in
            let counts =
                try await connection.query(
                    """
                    SELECT
                        (SELECT COUNT(*) FROM login_failures WHERE account = \(account) AND failed_at >= \(time.postgres)),
                        (SELECT COUNT(*) FROM login_failures
                            WHERE client_address = \(clientAddress) AND failed_at >= \(time.postgres))
                    """, logger: logger
                ).decode((Int, Int).self).collected().first ?? (0, 0)
            return LoginFailureCount(account: counts.0, clientAddress: counts.1)
        }
    }

    public func clearLoginFailures(account: String) async throws(StoreError) {
        let account = User.normalizedEmail(account).postgresText
        try await write { [self] connection in
            try await connection.query("DELETE FROM login_failures WHERE account = \(account)", logger: logger)
        }
    }

    // MARK: Set-up link

    public func createSetupToken(digest: String, expiresAt: Date) async throws(StoreError) {
        try await write { [self] connection in
            try await connection.query(
                "INSERT INTO setup_tokens (digest, expires_at) VALUES (\(digest), \(expiresAt.postgres))",
                logger: logger)
        }
    }

    public func isSetupTokenValid(digest: String, now: Date) async throws(StoreError) -> Bool {
        let digest = digest.postgresText
        return try await read { [self] connection in
            try await connection.query(
                """
                SELECT COUNT(*) FROM setup_tokens
                WHERE digest = \(digest) AND used_at IS NULL AND expires_at > \(now.postgres)
                """, logger: logger
            ).decode(Int.self).collected().first == 1
        }
    }

    // MARK: Stories in the newsroom

    public func createStory(_ draft: StoryDraft, status: StoryStatus, author: Int64) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        return try await writeStories { [self] connection, now in
            let story = try await Self.insertStory(
                draft, status: status, now: now, author: author, on: connection, logger: logger)
            try await connection.query(
                "INSERT INTO story_owners (story_id, user_id) VALUES (\(story.id), \(author))", logger: logger)
            return story
        }
    }

    public func updateStory(id: Int64, with draft: StoryDraft, author: Int64) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        return try await writeStories { [self] connection, now in
            try await Self.replaceContent(
                ofStory: id, with: draft, now: now, author: author, on: connection, logger: logger)
        }
    }

    public func saveStory(
        id: Int64, with draft: StoryDraft, author: Int64, basedOn revision: Int?, then change: StoryStatusChange?
    ) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        if let publishedAt = change?.publishedAt { try StoreInput.checkPublicationTime(publishedAt) }
        return try await writeStories { [self] connection, now in
            var story = try await Self.story(id: id, on: connection, logger: logger)
            // A story in the trash takes no save, even an unchanged one, until it is restored.
            let trashed = try await connection.query(
                "SELECT story_id FROM story_trash WHERE story_id = \(id)", logger: logger
            ).decode(Int64.self).collected()
            guard trashed.isEmpty else { throw StoreError.notFound(id: id) }
            if let revision {
                let latest =
                    try await connection.query(
                        "SELECT COALESCE(MAX(number), 0)::bigint FROM story_revisions WHERE story_id = \(id)",
                        logger: logger
                    ).decode(Int64.self).collected().first ?? 0
                guard latest == revision else { throw StoreError.stale(latestRevision: Int(latest)) }
            }
            // A draft without a publication time keeps the stored one, so it compares as unchanged.
            var incoming = draft
            if incoming.publishedAt == nil { incoming.publishedAt = story.publishedAt }
            if story.draft != incoming {
                story = try await Self.replaceContent(
                    ofStory: id, with: draft, now: now, author: author, on: connection, logger: logger)
            }
            if let change {
                story = try await Self.changeStatus(ofStory: id, to: change, now: now, on: connection, logger: logger)
            }
            return story
        }
    }

    public func newsroomSections() async throws(StoreError) -> [Section] {
        try await read { [self] connection in
            try await connection.query("SELECT slug, name FROM sections ORDER BY lower(name), slug", logger: logger)
                .decode((String, String).self).collected().compactMap { slug, name in
                    Slug(validating: slug).map { Section(name: name, slug: $0) }
                }
        }
    }

    public func owner(ofStory id: Int64) async throws(StoreError) -> Int64? {
        try await read { [self] connection in
            try await connection.query("SELECT user_id FROM story_owners WHERE story_id = \(id)", logger: logger)
                .decode(Int64?.self).collected().first ?? nil
        }
    }

    public func newsroomStories(_ filter: NewsroomStoryFilter) async throws(StoreError) -> [NewsroomStoryEntry] {
        let query = try Self.wrap { () throws -> PostgresQuery in
            var statement = PostgresStatement(
                """
                SELECT \(Self.storyColumns), story_owners.user_id AS owner_id, users.name AS owner_name
                FROM \(Self.storyTables)
                LEFT JOIN story_owners ON story_owners.story_id = stories.id
                LEFT JOIN users ON users.id = story_owners.user_id
                WHERE NOT EXISTS (SELECT 1 FROM story_trash WHERE story_trash.story_id = stories.id)
                """)
            if let status = filter.status {
                statement.append(" AND stories.status = \(try statement.bind(status.rawValue))")
            }
            if let section = filter.section {
                statement.append(" AND sections.slug = \(try statement.bind(section.rawValue))")
            }
            if let owner = filter.owner { statement.append(" AND story_owners.user_id = \(try statement.bind(owner))") }
            if let text = filter.text {
                let pattern = try statement.bind("%" + Self.escapedLikePattern(text.lowercased().postgresText) + "%")
                statement.append(
                    """
                     AND (lower(stories.headline) LIKE \(pattern) OR lower(COALESCE(stories.byline, '')) LIKE \(pattern)
                     OR lower(array_to_string(stories.body, E'\\n')) LIKE \(pattern))
                    """)
            }
            statement.append(
                " ORDER BY stories.updated_at DESC, stories.id DESC LIMIT \(try statement.bind(filter.limit))"
                    + " OFFSET \(try statement.bind(filter.offset))")
            return statement.query
        }
        return try await read { [self] connection in
            var entries: [NewsroomStoryEntry] = []
            for try await row in try await connection.query(query, logger: logger) {
                let columns = row.makeRandomAccess()
                entries.append(
                    NewsroomStoryEntry(
                        story: try Self.story(from: columns), ownerID: try columns["owner_id"].decode(Int64?.self),
                        ownerName: try columns["owner_name"].decode(String?.self)))
            }
            return entries
        }
    }

    public func revisions(ofStory id: Int64) async throws(StoreError) -> [Revision] {
        try await read { [self] connection in
            try await Self.revisions(
                where: "story_revisions.story_id = $1", binds: Self.bindings(id), on: connection, logger: logger)
        }
    }

    public func revision(id: Int64) async throws(StoreError) -> Revision? {
        try await read { [self] connection in
            try await Self.revisions(
                where: "story_revisions.id = $1", binds: Self.bindings(id), on: connection, logger: logger
            ).first
        }
    }

    public func restore(revision id: Int64, author: Int64) async throws(StoreError) -> Story {
        try await writeStories { [self] connection, now in
            guard
                let revision = try await Self.revisions(
                    where: "story_revisions.id = $1", binds: Self.bindings(id), on: connection, logger: logger
                ).first
            else {
                throw StoreError.failed("no revision with id \(id); it may belong to a deleted story")
            }
            // Restoring brings back words, not the publication time or import source, which
            // belong to the story's life rather than to one version of its text.
            var content = revision.content
            content.publishedAt = nil
            content.source = nil
            // A lead image deleted since is left off, rather than making the old words unrestorable.
            if let lead = content.leadImage, try await Self.mediaItem(lead, on: connection, logger: logger) == nil {
                content.leadImage = nil
            }
            return try await Self.replaceContent(
                ofStory: revision.storyID, with: content, now: now, author: author, on: connection, logger: logger)
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
        return try await write { [self] connection in
            let inserted = try await connection.query(
                """
                INSERT INTO story_corrections (story_id, author_id, note, created_at)
                SELECT id, \(author), \(note), \(time.postgres) FROM stories WHERE id = \(id)
                RETURNING created_at
                """, logger: logger
            ).decode(Date.self).collected()
            guard let createdAt = inserted.first else { throw StoreError.notFound(id: id) }
            return Correction(note: note, createdAt: createdAt)
        }
    }

    public func corrections(ofStory id: Int64) async throws(StoreError) -> [Correction] {
        try await read { [self] connection in
            try await connection.query(
                "SELECT note, created_at FROM story_corrections WHERE story_id = \(id) ORDER BY created_at, id",
                logger: logger
            ).decode((String, Date).self).collected().map { Correction(note: $0, createdAt: $1) }
        }
    }

    public func publishDueStories(now: Date) async throws(StoreError) -> [Story] {
        try await writeStories { [self] connection, _ in
            // One UPDATE takes each due row's lock: a second instance waits, then finds the row
            // no longer 'scheduled' and skips it, so every story is published exactly once.
            let ids = try await connection.query(
                """
                UPDATE stories SET status = 'published', updated_at = \(now.postgres)
                WHERE status = 'scheduled' AND published_at IS NOT NULL AND published_at <= \(now.postgres)
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            var stories: [Story] = []
            for id in ids.sorted() {
                let story = try await Self.story(id: id, on: connection, logger: logger)
                // The log says it went live, in the same transaction, naming any picture that
                // stopped being ready while the story waited.
                let items = try await Self.mediaItems(story.draft.mediaIDs, on: connection, logger: logger)
                try await Self.insertActivity(
                    NewStoryActivity(
                        storyID: story.id, userID: nil, kind: .published,
                        note: StoryMediaRules.goLiveNote(of: story.draft, items: items), time: now
                    ).checked(), on: connection, logger: logger)
                stories.append(story)
            }
            return stories
        }
    }

    // MARK: Helpers

    static func users(
        where condition: String, binds: PostgresBindings, on connection: PostgresConnection, logger: Logger
    ) async throws -> [(user: User, hash: String)] {
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT id, email, name, role, password_hash, created_at, deactivated_at FROM users WHERE \(condition)
                """,
            binds: binds)
        return try await connection.query(query, logger: logger)
            .decode((Int64, String, String, String, String, Date, Date?).self).collected()
            .map { id, email, name, rawRole, hash, createdAt, deactivatedAt in
                guard let role = Role(rawValue: rawRole) else {
                    throw StoreError.failed("account \(id) has the unknown role '\(rawRole)'; fix the row")
                }
                return (
                    User(
                        id: id, email: email, name: name, role: role, createdAt: createdAt,
                        deactivatedAt: deactivatedAt), hash
                )
            }
    }

    private static func revisions(
        where condition: String, binds: PostgresBindings, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Revision] {
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT story_revisions.id, story_revisions.story_id, story_revisions.number,
                    story_revisions.author_id, users.name, story_revisions.created_at, story_revisions.content,
                    story_revisions.autosave
                FROM story_revisions LEFT JOIN users ON users.id = story_revisions.author_id
                WHERE \(condition)
                ORDER BY story_revisions.number DESC
                """, binds: binds)
        return try await connection.query(query, logger: logger)
            .decode((Int64, Int64, Int, Int64?, String?, Date, String, Bool).self).collected()
            .map { id, storyID, number, authorID, authorName, createdAt, json, autosave in
                guard let content = try? JSONDecoder().decode(StoryDraft.self, from: Data(json.utf8)) else {
                    throw StoreError.failed("revision \(id) holds content that is not a story; fix or delete the row")
                }
                return Revision(
                    id: id, storyID: storyID, number: number, authorID: authorID, authorName: authorName,
                    createdAt: createdAt, content: content, isAutosave: autosave)
            }
    }

    private static func insertUser(
        email: String, name: String, role: Role, hash: String, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> User {
        let inserted = try await connection.query(
            """
            INSERT INTO users (email, name, role, password_hash, created_at)
            VALUES (\(email), \(name), \(role.rawValue), \(hash), \(now.postgres))
            ON CONFLICT (email) DO NOTHING
            RETURNING id
            """, logger: logger
        ).decode(Int64.self).collected()
        guard let id = inserted.first else {
            throw StoreError.invalid(
                StoryValidationError(problems: [.init(field: "email", message: "an account with this address exists")]))
        }
        // Read back so the creation time carries the stored precision, as later reads will.
        guard
            let stored = try await users(where: "id = $1", binds: bindings(id), on: connection, logger: logger).first
        else { throw StoreError.failed("PostgreSQL gave the new account no id") }
        return stored.user
    }

    private static func validateAccount(email: String, name: String) throws(StoreError) -> (String, String) {
        let account = try StoreInput.account(email: email, name: name)
        return (account.email, account.name)
    }

    private static func escapedLikePattern(_ text: String) -> String { StoreInput.likePattern(text) }
}
