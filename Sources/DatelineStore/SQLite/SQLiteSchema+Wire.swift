import GRDB

extension SQLiteSchema {
    /// The wire queue: one row per item (its newest version), keyed by source and guid, with what
    /// the duplicate check and the queue's filters read kept beside the copy.
    static func createWire(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE wire_items (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source TEXT NOT NULL,
                    guid TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    format TEXT NOT NULL,
                    headline TEXT NOT NULL,
                    byline TEXT,
                    dateline TEXT,
                    body TEXT NOT NULL,
                    summary TEXT,
                    subjects TEXT NOT NULL,
                    subject_keys TEXT NOT NULL,
                    search_text TEXT NOT NULL,
                    embargoed_until TEXT,
                    version_created TEXT,
                    url TEXT,
                    canonical_url TEXT,
                    normalized_url TEXT,
                    section TEXT,
                    language TEXT,
                    status TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    fingerprint TEXT,
                    word_count INTEGER NOT NULL,
                    received_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    duplicate_of INTEGER REFERENCES wire_items(id) ON DELETE SET NULL,
                    story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
                    UNIQUE (source, guid)
                );
                CREATE INDEX wire_items_by_time ON wire_items(received_at DESC, id DESC);
                CREATE INDEX wire_items_by_expiry ON wire_items(expires_at);
                CREATE INDEX wire_items_by_address ON wire_items(normalized_url) WHERE normalized_url IS NOT NULL;
                CREATE INDEX wire_items_by_group ON wire_items(duplicate_of) WHERE duplicate_of IS NOT NULL;
                """)
    }
}
