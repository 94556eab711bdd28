import GRDB

extension SQLiteSchema {
    /// The trash (one row per story in it), each story's activity log, who has a story open, and
    /// the mark on revisions the editor saved by itself (autosave). All go with their story when
    /// it is deleted for good.
    static func createDesk(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE story_trash (
                    story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
                    trashed_at TEXT NOT NULL,
                    trashed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
                    status_before TEXT NOT NULL
                );
                CREATE INDEX story_trash_by_time ON story_trash(trashed_at);

                CREATE TABLE story_activity (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                    kind TEXT NOT NULL,
                    note TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX story_activity_by_story ON story_activity(story_id, id DESC);

                CREATE TABLE story_presence (
                    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    seen_at TEXT NOT NULL,
                    PRIMARY KEY (story_id, user_id)
                );

                ALTER TABLE story_revisions ADD COLUMN autosave INTEGER NOT NULL DEFAULT 0;

                ALTER TABLE sections ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE sections ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE topics ADD COLUMN description TEXT;
                CREATE TABLE topic_old_slugs (
                    slug TEXT PRIMARY KEY,
                    topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE
                );
                -- Bumped by every section or topic change, so instances empty their page caches.
                CREATE TABLE site_changes (id INTEGER PRIMARY KEY CHECK (id = 1), counter INTEGER NOT NULL);
                INSERT INTO site_changes (id, counter) VALUES (1, 0);
                CREATE TRIGGER sections_changed AFTER UPDATE ON sections BEGIN
                    UPDATE site_changes SET counter = counter + 1 WHERE id = 1;
                END;
                CREATE TRIGGER topics_changed AFTER UPDATE ON topics BEGIN
                    UPDATE site_changes SET counter = counter + 1 WHERE id = 1;
                END;
                CREATE TRIGGER topics_removed AFTER DELETE ON topics BEGIN
                    UPDATE site_changes SET counter = counter + 1 WHERE id = 1;
                END;
                CREATE TABLE section_old_slugs (
                    slug TEXT PRIMARY KEY,
                    section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE
                );

                CREATE TABLE story_old_slugs (
                    slug TEXT PRIMARY KEY,
                    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE
                );
                """)
    }
}
