import GRDB

extension SQLiteSchema {
    /// Followed feeds ("v18-wire-sources"): each source's schedule, validators and back-off, its
    /// log, and what its entries looked like when last read.
    static func createFeedSources(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE feed_sources (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    url TEXT NOT NULL UNIQUE,
                    name TEXT,
                    section TEXT,
                    interval_minutes INTEGER NOT NULL,
                    allow_private INTEGER NOT NULL DEFAULT 0,
                    paused INTEGER NOT NULL DEFAULT 0,
                    etag TEXT,
                    last_modified TEXT,
                    next_poll_at TEXT NOT NULL,
                    backoff_until TEXT,
                    lease_until TEXT,
                    failure_count INTEGER NOT NULL DEFAULT 0,
                    last_polled_at TEXT,
                    last_result TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX feed_sources_by_due ON feed_sources(next_poll_at) WHERE paused = 0;
                CREATE TABLE feed_source_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_id INTEGER NOT NULL REFERENCES feed_sources(id) ON DELETE CASCADE,
                    time TEXT NOT NULL,
                    level TEXT NOT NULL,
                    message TEXT NOT NULL
                );
                CREATE INDEX feed_source_log_by_source ON feed_source_log(source_id, id DESC);
                CREATE TABLE feed_source_items (
                    source_id INTEGER NOT NULL REFERENCES feed_sources(id) ON DELETE CASCADE,
                    guid TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    seen_at TEXT NOT NULL,
                    PRIMARY KEY (source_id, guid)
                );
                """)
    }
}
