import GRDB

extension SQLiteSchema {
    /// Two more outbox states, `handed_over` and `in_doubt` (see ``PostgresSchema/mailHandOver``).
    /// SQLite cannot change a CHECK constraint in place, so the table is copied into a new one.
    static func addMailHandOver(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE mail_outbox_new (
                    id TEXT PRIMARY KEY,
                    payload TEXT NOT NULL,
                    enqueued_at TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'handed_over', 'in_doubt', 'sent', 'failed')),
                    last_error TEXT,
                    finished_at TEXT
                );
                INSERT INTO mail_outbox_new (id, payload, enqueued_at, attempts, next_attempt_at, state, last_error, finished_at)
                    SELECT id, payload, enqueued_at, attempts, next_attempt_at, state, last_error, finished_at
                    FROM mail_outbox;
                DROP TABLE mail_outbox;
                ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
                CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE state = 'pending';
                CREATE INDEX mail_outbox_handed_over ON mail_outbox(next_attempt_at) WHERE state = 'handed_over';
                CREATE INDEX mail_outbox_in_doubt ON mail_outbox(finished_at) WHERE state = 'in_doubt';
                """)
    }
}
