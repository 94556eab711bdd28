import GRDB

extension SQLiteSchema {
    /// Accounts, sessions, failed sign-ins, the set-up link, story owners, revisions and corrections.
    ///
    /// Secrets are kept only as digests (sessions, set-up links) or bcrypt hashes (passwords).
    /// Revisions hold the whole content as JSON, so an old one can be restored even after the
    /// story's shape has moved on. Owner and revision rows go with their story; an account that
    /// is removed leaves its revisions behind without an author.
    static func createNewsroom(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );

                CREATE TABLE newsroom_sessions (
                    digest TEXT PRIMARY KEY NOT NULL,
                    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    created_at TEXT NOT NULL,
                    last_seen_at TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX newsroom_sessions_by_user ON newsroom_sessions(user_id);

                CREATE TABLE login_failures (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    account TEXT NOT NULL,
                    client_address TEXT NOT NULL,
                    failed_at TEXT NOT NULL
                );
                CREATE INDEX login_failures_by_account ON login_failures(account, failed_at);
                CREATE INDEX login_failures_by_address ON login_failures(client_address, failed_at);

                CREATE TABLE setup_tokens (
                    digest TEXT PRIMARY KEY NOT NULL,
                    expires_at TEXT NOT NULL,
                    used_at TEXT
                ) WITHOUT ROWID;

                CREATE TABLE story_owners (
                    story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
                    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL
                );
                CREATE INDEX story_owners_by_user ON story_owners(user_id);

                CREATE TABLE story_revisions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                    created_at TEXT NOT NULL,
                    content TEXT NOT NULL,
                    UNIQUE (story_id, number)
                );

                CREATE TABLE story_corrections (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                    note TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX story_corrections_by_story ON story_corrections(story_id, created_at);
                """)
    }
}
