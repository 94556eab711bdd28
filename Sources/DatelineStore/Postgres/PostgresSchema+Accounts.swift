extension PostgresSchema {
    /// Accounts an admin can turn off, one-time password-reset links, invitations and two-factor
    /// sign-in, as in the SQLite store.
    static let accounts = [
        "ALTER TABLE users ADD COLUMN deactivated_at timestamptz",
        """
        CREATE TABLE password_resets (
            digest text PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            password_fingerprint text NOT NULL,
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            used_at timestamptz
        )
        """,
        "CREATE INDEX password_resets_by_user ON password_resets(user_id)",
        """
        CREATE TABLE invitations (
            id bigserial PRIMARY KEY,
            digest text NOT NULL UNIQUE,
            email text NOT NULL,
            name text NOT NULL,
            role text NOT NULL,
            invited_by bigint REFERENCES users(id) ON DELETE SET NULL,
            sent_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            accepted_at timestamptz,
            revoked_at timestamptz
        )
        """,
        "CREATE INDEX invitations_by_email ON invitations(email)",
        """
        CREATE TABLE two_factor (
            user_id bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            sealed_secret text NOT NULL,
            enabled_at timestamptz,
            last_used_step bigint
        )
        """,
        """
        CREATE TABLE recovery_codes (
            id bigserial PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            digest text NOT NULL,
            used_at timestamptz,
            UNIQUE (user_id, digest)
        )
        """,
        """
        CREATE TABLE sign_in_challenges (
            digest text PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            expires_at timestamptz NOT NULL
        )
        """,
    ]
}
