import GRDB

extension SQLiteSchema {
    /// Newsletter lists, their subscribers (with the pending confirmation each may have), who gets
    /// which list, and the addresses never to be mailed again.
    static func createNewsletters(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE newsletters (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    slug TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('front', 'section', 'topic', 'breaking')),
                    section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
                    topic_id INTEGER REFERENCES topics(id) ON DELETE CASCADE,
                    send_minute INTEGER,
                    time_zone TEXT NOT NULL,
                    from_name TEXT NOT NULL,
                    from_address TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE newsletter_subscribers (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'left')),
                    paused INTEGER NOT NULL DEFAULT 0,
                    preference_token TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    confirmed_at TEXT,
                    confirmation_digest TEXT UNIQUE,
                    confirmation_lists TEXT,
                    confirmation_sent_at TEXT,
                    confirmation_expires_at TEXT
                );
                CREATE INDEX newsletter_subscribers_unconfirmed ON newsletter_subscribers(confirmation_expires_at)
                    WHERE confirmation_expires_at IS NOT NULL;
                CREATE TABLE newsletter_subscriptions (
                    subscriber_id INTEGER NOT NULL REFERENCES newsletter_subscribers(id) ON DELETE CASCADE,
                    newsletter_id INTEGER NOT NULL REFERENCES newsletters(id) ON DELETE CASCADE,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (subscriber_id, newsletter_id)
                ) WITHOUT ROWID;
                CREATE INDEX newsletter_subscriptions_by_list ON newsletter_subscriptions(newsletter_id, subscriber_id);
                CREATE TABLE newsletter_suppressions (
                    email TEXT PRIMARY KEY,
                    reason TEXT NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complained')),
                    created_at TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}
