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
}
