import DatelineCore
import Logging
import PostgresNIO

extension PostgresSchema {
    /// Author profiles, their old addresses, each story's ordered credits and its SEO title and
    /// description, as in SQLite's "v13-authors"; ``migrateBylines`` then turns stored bylines
    /// into profiles the same way.
    static let authors = [
        """
        CREATE TABLE authors (
            id bigserial PRIMARY KEY,
            slug text NOT NULL UNIQUE,
            name text NOT NULL,
            bio text,
            user_id bigint REFERENCES users(id) ON DELETE SET NULL
        )
        """,
        "CREATE INDEX authors_by_user ON authors(user_id) WHERE user_id IS NOT NULL",
        """
        CREATE TABLE author_old_slugs (
            slug text PRIMARY KEY,
            author_id bigint NOT NULL REFERENCES authors(id) ON DELETE CASCADE
        )
        """,
        """
        CREATE TABLE story_authors (
            story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            author_id bigint NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
            position integer NOT NULL,
            PRIMARY KEY (story_id, author_id)
        )
        """,
        "CREATE INDEX story_authors_by_author ON story_authors(author_id, story_id)",
        // Renaming an author changes the bylines on their stories' pages: tell the instances.
        """
        CREATE TRIGGER authors_notify AFTER UPDATE ON authors
        FOR EACH STATEMENT EXECUTE FUNCTION dateline_notify_story_change()
        """,
        "ALTER TABLE stories ADD COLUMN seo_title text",
        "ALTER TABLE stories ADD COLUMN seo_description text",
    ]

    /// Makes one profile per distinct byline name (``AuthorRules/migratedName(fromByline:)``) and
    /// credits it on the stories that carry the byline.
    @Sendable static func migrateBylines(_ connection: PostgresConnection, _ logger: Logger) async throws {
        let rows = try await connection.query(
            "SELECT id, byline FROM stories WHERE byline IS NOT NULL ORDER BY id", logger: logger
        ).decode((Int64, String).self).collected()
        var authorBySlug: [Slug: Int64] = [:]
        for (storyID, byline) in rows {
            guard let name = AuthorRules.migratedName(fromByline: byline), let base = Slug(from: name) else { continue }
            let authorID: Int64
            if let known = authorBySlug[base] {
                authorID = known
            } else {
                var slug = base
                var number = 1
                while AuthorRules.reservedSlugs.contains(slug.rawValue) {
                    number += 1
                    slug = base.numbered(number)
                }
                let inserted = try await connection.query(
                    "INSERT INTO authors (slug, name) VALUES (\(slug.rawValue), \(name)) RETURNING id", logger: logger
                ).decode(Int64.self).collected()
                guard let id = inserted.first else { throw StoreError.failed("PostgreSQL gave a new author no id") }
                authorID = id
                authorBySlug[base] = id
            }
            try await connection.query(
                "INSERT INTO story_authors (story_id, author_id, position) VALUES (\(storyID), \(authorID), 0)",
                logger: logger)
        }
    }
}
