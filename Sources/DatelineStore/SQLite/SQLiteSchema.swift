import GRDB

/// The SQLite schema as one list of named migrations.
///
/// Migrations are append-only: a shipped migration is never edited or renamed, so every database
/// written by an older Dateline can be brought forward, and a database written by a newer one is
/// recognised by the names it carries that this list does not know.
enum SQLiteSchema {
    /// The migrator every ``SQLiteStoryStore`` runs when it opens a file.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-stories", migrate: createStories)
        migrator.registerMigration("v2-search", migrate: createSearchIndex)
        migrator.registerMigration("v3-newsroom", migrate: createNewsroom)
        migrator.registerMigration("v4-story-changes", migrate: indexStoryChanges)
        migrator.registerMigration("v5-mail", migrate: createMail)
        migrator.registerMigration("v6-api-tokens", migrate: createAPITokens)
        migrator.registerMigration("v9-desk", migrate: createDesk)
        migrator.registerMigration("v10-accounts", migrate: createAccounts)
        migrator.registerMigration("v11-media", migrate: createMedia)
        migrator.registerMigration("v12-story-images", migrate: addStoryImages)
        migrator.registerMigration("v13-authors", migrate: createAuthors)
        migrator.registerMigration("v14-newsletters", migrate: createNewsletters)
        migrator.registerMigration("v15-wire", migrate: createWire)
        migrator.registerMigration("v16-newsletter-issues", migrate: createNewsletterIssues)
        migrator.registerMigration("v17-mail-catcher", migrate: createMailCatcher)
        migrator.registerMigration("v18-wire-sources", migrate: createFeedSources)
        migrator.registerMigration("v19-suggestion-signal", migrate: createSuggestionSignal)
        migrator.registerMigration("v20-newsletter-queuing-heartbeat", migrate: addQueuingHeartbeat)
        migrator.registerMigration("v21-newsletter-departures", migrate: createDepartures)
        migrator.registerMigration("v22-mail-hand-over", migrate: addMailHandOver)
        migrator.registerMigration("v23-search-after-topics", migrate: indexSearchAfterTopics)
        return migrator
    }

    /// Sections, topics, stories and the links between stories and topics.
    ///
    /// Times are GRDB's UTC text ("2008-02-17 14:05:00.000"), which sorts in time order, so the
    /// indexes below serve "newest first" directly. Lists (body, highlights) are JSON array text.
    private static func createStories(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE sections (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    slug TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL
                );

                CREATE TABLE topics (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    slug TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL
                );

                CREATE TABLE stories (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    slug TEXT NOT NULL UNIQUE,
                    headline TEXT NOT NULL,
                    section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE RESTRICT,
                    dateline_place TEXT,
                    dateline_source TEXT,
                    byline TEXT,
                    body TEXT NOT NULL,
                    highlights TEXT NOT NULL,
                    highlights_origin TEXT NOT NULL,
                    topics_origin TEXT NOT NULL,
                    status TEXT NOT NULL,
                    published_at TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    source_url TEXT,
                    source_checksum TEXT
                );

                CREATE UNIQUE INDEX stories_by_source_url ON stories(source_url) WHERE source_url IS NOT NULL;
                CREATE INDEX stories_by_source_checksum ON stories(source_checksum) WHERE source_checksum IS NOT NULL;
                CREATE INDEX stories_by_status_time ON stories(status, published_at DESC, id DESC);
                CREATE INDEX stories_by_section_time ON stories(section_id, status, published_at DESC, id DESC);

                CREATE TABLE story_topics (
                    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                    topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (story_id, topic_id)
                ) WITHOUT ROWID;

                CREATE INDEX story_topics_by_topic ON story_topics(topic_id, story_id);
                """)
    }

    /// Lets caches and the related-story index page through changes by time without a scan.
    private static func indexStoryChanges(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX stories_by_change ON stories(updated_at, id)")
    }

    /// The shared mail outbox (one row per message; payload is the mail module's JSON) and the log
    /// of recent sends that per-sender, per-recipient and per-address limits count.
    private static func createMail(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE mail_outbox (
                    id TEXT PRIMARY KEY,
                    payload TEXT NOT NULL,
                    enqueued_at TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
                    last_error TEXT,
                    finished_at TEXT
                );
                CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE state = 'pending';

                CREATE TABLE mail_send_log (
                    key TEXT NOT NULL,
                    sent_at TEXT NOT NULL
                );
                CREATE INDEX mail_send_log_by_key ON mail_send_log(key, sent_at);
                CREATE INDEX mail_send_log_by_time ON mail_send_log(sent_at);
                """)
    }
}
