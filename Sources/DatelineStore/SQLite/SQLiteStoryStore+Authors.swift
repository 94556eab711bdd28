import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: AuthorStore {
    public func authors() async throws(StoreError) -> [AuthorProfile] {
        try await read { db in try Self.profiles(where: "1", arguments: [], db) }
    }

    public func author(id: Int64) async throws(StoreError) -> AuthorProfile? {
        try await read { db in try Self.profiles(where: "authors.id = ?", arguments: [id], db).first }
    }

    public func author(slug: Slug) async throws(StoreError) -> AuthorProfile? {
        try await read { db in try Self.profiles(where: "authors.slug = ?", arguments: [slug.rawValue], db).first }
    }

    public func authors(ofUser userID: Int64) async throws(StoreError) -> [AuthorProfile] {
        try await read { db in try Self.profiles(where: "authors.user_id = ?", arguments: [userID], db) }
    }

    public func addAuthor(_ input: AuthorInput) async throws(StoreError) -> AuthorProfile {
        let (name, slug, bio) = try AuthorRules.checked(input)
        return try await write { db in
            try Self.checkAccount(input.userID, db)
            guard try !Self.authorSlugTaken(slug, by: nil, db) else { throw AuthorRules.taken(slug) }
            try db.execute(
                sql: "INSERT INTO authors (slug, name, bio, user_id) VALUES (?, ?, ?, ?)",
                arguments: [slug.rawValue, name, bio, input.userID])
            let id = db.lastInsertedRowID
            guard let profile = try Self.profiles(where: "authors.id = ?", arguments: [id], db).first else {
                throw StoreError.failed("SQLite lost the new author")
            }
            return profile
        }
    }

    public func updateAuthor(id: Int64, with input: AuthorInput) async throws(StoreError) -> AuthorProfile {
        let (name, slug, bio) = try AuthorRules.checked(input)
        return try await write { db in
            guard
                let old = try String.fetchOne(db, sql: "SELECT slug FROM authors WHERE id = ?", arguments: [id])
            else { throw StoreError.notFound(id: id) }
            try Self.checkAccount(input.userID, db)
            if slug.rawValue != old {
                guard try !Self.authorSlugTaken(slug, by: id, db) else { throw AuthorRules.taken(slug) }
                // Taking back an address this author had before: it is no longer a redirect.
                try db.execute(sql: "DELETE FROM author_old_slugs WHERE slug = ?", arguments: [slug.rawValue])
                try db.execute(
                    sql: "INSERT OR REPLACE INTO author_old_slugs (slug, author_id) VALUES (?, ?)",
                    arguments: [old, id])
            }
            try db.execute(
                sql: "UPDATE authors SET slug = ?, name = ?, bio = ?, user_id = ? WHERE id = ?",
                arguments: [slug.rawValue, name, bio, input.userID, id])
            // The stories' bylines show the new name: their pages and feeds change.
            try db.execute(
                sql: """
                    UPDATE stories SET updated_at = ? WHERE id IN (SELECT story_id FROM story_authors WHERE author_id = ?)
                    """, arguments: [Date(), id])
            guard let profile = try Self.profiles(where: "authors.id = ?", arguments: [id], db).first else {
                throw StoreError.notFound(id: id)
            }
            return profile
        }
    }

    public func authorSlug(forOldSlug slug: Slug) async throws(StoreError) -> Slug? {
        try await read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT authors.slug FROM author_old_slugs JOIN authors ON authors.id = author_old_slugs.author_id
                    WHERE author_old_slugs.slug = ?
                    """, arguments: [slug.rawValue]
            ).flatMap(Slug.init(validating:))
        }
    }

    public func publishedAuthors() async throws(StoreError) -> [Author] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT authors.id, authors.slug, authors.name FROM authors
                    WHERE EXISTS (SELECT 1 FROM story_authors JOIN stories ON stories.id = story_authors.story_id
                        WHERE story_authors.author_id = authors.id AND stories.status = 'published')
                    ORDER BY authors.name COLLATE NOCASE, authors.slug
                    """
            ).compactMap { row in
                Slug(validating: row["slug"]).map { Author(id: row["id"], name: row["name"], slug: $0) }
            }
        }
    }

    // MARK: - Helpers shared with story reads and writes

    /// The authors of each story, in credit order.
    static func authors(ofStories ids: [Int64], _ db: Database) throws -> [Int64: [Author]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try SQLRequest<Row>(
            literal: """
                SELECT story_authors.story_id, authors.id, authors.slug, authors.name
                FROM story_authors JOIN authors ON authors.id = story_authors.author_id
                WHERE story_authors.story_id IN \(ids)
                ORDER BY story_authors.story_id, story_authors.position
                """, cached: ids.count <= 100
        ).fetchAll(db)
        var byStory: [Int64: [Author]] = [:]
        for row in rows {
            let name: String = row["name"]
            guard let slug = Slug(validating: row["slug"]) else {
                throw StoreError.failed("author '\(name)' has a malformed slug; fix the row")
            }
            byStory[row["story_id"], default: []].append(Author(id: row["id"], name: name, slug: slug))
        }
        return byStory
    }

    /// Credits a story with authors in order; refused when a key names no author.
    static func linkAuthors(_ ids: [Int64], toStory storyID: Int64, _ db: Database) throws {
        guard !ids.isEmpty else { return }
        let known = Set(
            try SQLRequest<Int64>(literal: "SELECT id FROM authors WHERE id IN \(ids)").fetchAll(db))
        let missing = ids.filter { !known.contains($0) }
        guard missing.isEmpty else { throw AuthorRules.unknownAuthors(missing) }
        for (position, id) in ids.enumerated() {
            try db.execute(
                sql: "INSERT INTO story_authors (story_id, author_id, position) VALUES (?, ?, ?)",
                arguments: [storyID, id, position])
        }
    }

    private static func checkAccount(_ id: Int64?, _ db: Database) throws {
        guard let id else { return }
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)", arguments: [id]) == true
        else { throw AuthorRules.unknownAccount(id) }
    }

    /// True when another author (not `id`) has `slug`, now or as an old address.
    private static func authorSlugTaken(_ slug: Slug, by id: Int64?, _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM authors WHERE slug = ?1 AND id IS NOT ?2)
                    OR EXISTS (SELECT 1 FROM author_old_slugs WHERE slug = ?1 AND author_id IS NOT ?2)
                """, arguments: [slug.rawValue, id]) == true
    }

    private static func profiles(where condition: String, arguments: StatementArguments, _ db: Database) throws
        -> [AuthorProfile]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT authors.id, authors.slug, authors.name, authors.bio, authors.user_id,
                    (SELECT COUNT(*) FROM story_authors WHERE story_authors.author_id = authors.id) AS story_count,
                    (SELECT COUNT(*) FROM story_authors JOIN stories ON stories.id = story_authors.story_id
                        WHERE story_authors.author_id = authors.id AND stories.status = 'published') AS published_count
                FROM authors WHERE \(condition)
                ORDER BY authors.name COLLATE NOCASE, authors.slug
                """, arguments: arguments
        ).compactMap { row in
            Slug(validating: row["slug"]).map {
                AuthorProfile(
                    author: Author(id: row["id"], name: row["name"], slug: $0), bio: row["bio"],
                    userID: row["user_id"], storyCount: row["story_count"], publishedCount: row["published_count"])
            }
        }
    }
}
