import GRDB

extension SQLiteSchema {
    /// Accounts an admin can turn off, one-time password-reset links, invitations, and two-factor
    /// sign-in (each account's sealed TOTP secret and last used step, its recovery codes as
    /// digests, and the short-lived half-signed-in state between password and code).
    ///
    /// A reset link is kept only as the SHA-256 digest of its secret, with a fingerprint of the
    /// password hash it was issued against: once the password changes, the link no longer matches.
    static func createAccounts(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE users ADD COLUMN deactivated_at TEXT;

                CREATE TABLE password_resets (
                    digest TEXT PRIMARY KEY NOT NULL,
                    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    password_fingerprint TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    used_at TEXT
                ) WITHOUT ROWID;
                CREATE INDEX password_resets_by_user ON password_resets(user_id);

                CREATE TABLE invitations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    digest TEXT NOT NULL UNIQUE,
                    email TEXT NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    invited_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
                    sent_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    accepted_at TEXT,
                    revoked_at TEXT
                );
                CREATE INDEX invitations_by_email ON invitations(email);

                CREATE TABLE two_factor (
                    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                    sealed_secret TEXT NOT NULL,
                    enabled_at TEXT,
                    last_used_step INTEGER
                );

                CREATE TABLE recovery_codes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    digest TEXT NOT NULL,
                    used_at TEXT,
                    UNIQUE (user_id, digest)
                );

                CREATE TABLE sign_in_challenges (
                    digest TEXT PRIMARY KEY NOT NULL,
                    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    expires_at TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}
