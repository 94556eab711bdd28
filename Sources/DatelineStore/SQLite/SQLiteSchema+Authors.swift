import DatelineCore
import Foundation
import GRDB

extension SQLiteSchema {
    /// Author profiles, their old addresses, the ordered credits of each story, and a story's
    /// SEO title and description. Every free-text byline already stored becomes a profile (one per
    /// distinct name, see ``AuthorRules/migratedName(fromByline:)``) credited on its stories.
    static func createAuthors(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE authors (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    slug TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    bio TEXT,
                    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL
                );
                CREATE INDEX authors_by_user ON authors(user_id) WHERE user_id IS NOT NULL;
                CREATE TABLE author_old_slugs (
                    slug TEXT PRIMARY KEY,
                    author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE
                );
                CREATE TABLE story_authors (
                    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                    author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (story_id, author_id)
                ) WITHOUT ROWID;
                CREATE INDEX story_authors_by_author ON story_authors(author_id, story_id);
                CREATE TRIGGER authors_changed AFTER UPDATE ON authors BEGIN
                    UPDATE site_changes SET counter = counter + 1 WHERE id = 1;
                END;
                ALTER TABLE stories ADD COLUMN seo_title TEXT;
                ALTER TABLE stories ADD COLUMN seo_description TEXT;
                """)
        var authorBySlug: [Slug: Int64] = [:]
        let rows = try Row.fetchAll(db, sql: "SELECT id, byline FROM stories WHERE byline IS NOT NULL ORDER BY id")
        for row in rows {
            let storyID: Int64 = row["id"]
            guard let name = AuthorRules.migratedName(fromByline: row["byline"]), let base = Slug(from: name) else {
                continue
            }
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
                try db.execute(sql: "INSERT INTO authors (slug, name) VALUES (?, ?)", arguments: [slug.rawValue, name])
                authorID = db.lastInsertedRowID
                authorBySlug[base] = authorID
            }
            try db.execute(
                sql: "INSERT INTO story_authors (story_id, author_id, position) VALUES (?, ?, 0)",
                arguments: [storyID, authorID])
        }
    }
}
