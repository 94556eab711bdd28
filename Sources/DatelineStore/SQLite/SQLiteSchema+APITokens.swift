import GRDB

extension SQLiteSchema {
    /// Bearer tokens for the admin API: the SHA-256 digest of each secret, never the secret.
    static func createAPITokens(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE api_tokens (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    digest TEXT NOT NULL UNIQUE,
                    prefix TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    last_used_at TEXT,
                    revoked_at TEXT
                );

                CREATE INDEX api_tokens_by_user ON api_tokens(user_id, created_at DESC);
                """)
    }
}
