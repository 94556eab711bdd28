import GRDB

extension SQLiteSchema {
    /// The editors' signal: per story and kind ("highlights", "topics"), what the latest save kept,
    /// removed and added of Dateline's suggestions, and the account that saved (its id only).
    /// Lists are JSON array text.
    static func createSuggestionSignal(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE suggestion_signals (
                    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('highlights', 'topics')),
                    account_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                    suggested TEXT NOT NULL,
                    kept TEXT NOT NULL,
                    removed TEXT NOT NULL,
                    added TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    PRIMARY KEY (story_id, kind)
                );
                """)
    }
}
