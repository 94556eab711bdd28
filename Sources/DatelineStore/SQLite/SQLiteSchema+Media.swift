import GRDB

extension SQLiteSchema {
    /// The media library ("v11-media"): one row of details per image, its original bytes in a
    /// table of their own (so listing never reads them), and which stories use which image.
    static func createMedia(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE media (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    version INTEGER NOT NULL DEFAULT 1,
                    digest TEXT NOT NULL UNIQUE,
                    file_name TEXT NOT NULL,
                    format TEXT NOT NULL,
                    width INTEGER NOT NULL,
                    height INTEGER NOT NULL,
                    byte_count INTEGER NOT NULL,
                    alt_text TEXT,
                    credit TEXT,
                    caption TEXT,
                    uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX media_by_time ON media(created_at DESC, id DESC);
                CREATE INDEX media_by_uploader ON media(uploaded_by, created_at DESC);

                CREATE TABLE media_originals (
                    media_id INTEGER PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
                    bytes BLOB NOT NULL
                );

                CREATE TABLE media_uses (
                    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
                    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                    PRIMARY KEY (media_id, story_id)
                ) WITHOUT ROWID;
                CREATE INDEX media_uses_by_story ON media_uses(story_id);
                """)
    }

    /// A story's lead image ("v12-story-images"): a media id, or NULL. Not a foreign key, so an
    /// archive imports whatever the order of its stories and images; a lead image that has gone
    /// from the library is left out on reader pages and stops the story being published.
    ///
    /// Pages show an image's caption, credit and rendition addresses, so changing or deleting
    /// an image moves the site's change counter, and every instance drops its cached pages.
    static func addStoryImages(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE stories ADD COLUMN lead_image INTEGER;
                CREATE TRIGGER media_update_changes_site AFTER UPDATE ON media BEGIN
                    UPDATE site_changes SET counter = counter + 1 WHERE id = 1;
                END;
                CREATE TRIGGER media_delete_changes_site AFTER DELETE ON media BEGIN
                    UPDATE site_changes SET counter = counter + 1 WHERE id = 1;
                END;
                """)
    }
}
