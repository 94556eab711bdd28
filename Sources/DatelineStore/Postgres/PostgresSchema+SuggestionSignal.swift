extension PostgresSchema {
    /// The editors' signal, as in SQLite's "v19-suggestion-signal" (lists as JSON array text).
    static let suggestionSignal = [
        """
        CREATE TABLE suggestion_signals (
            story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            kind text NOT NULL CHECK (kind IN ('highlights', 'topics')),
            account_id bigint REFERENCES users(id) ON DELETE SET NULL,
            suggested text NOT NULL,
            kept text NOT NULL,
            removed text NOT NULL,
            added text NOT NULL,
            recorded_at timestamptz NOT NULL,
            PRIMARY KEY (story_id, kind)
        )
        """
    ]
}
