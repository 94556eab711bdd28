import GRDB

extension SQLiteSchema {
    /// Newsletter issues (one per list and period) and their deliveries (one per issue and
    /// subscriber, each tied to its outbox message), and the editor's note for a list's next issue.
    ///
    /// Issues keep their list's key without a foreign key: when a list is deleted its issues stay,
    /// marked cancelled, as the record of what was and was not sent.
    static func createNewsletterIssues(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE newsletters ADD COLUMN next_issue_note TEXT NOT NULL DEFAULT '';
                CREATE TABLE newsletter_issues (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    newsletter_id INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    period TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    editor_note TEXT NOT NULL,
                    stories TEXT NOT NULL,
                    stories_until TEXT NOT NULL,
                    made_at TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queuing', 'queued', 'cancelled')),
                    state_note TEXT,
                    queued_at TEXT,
                    UNIQUE (newsletter_id, period),
                    UNIQUE (newsletter_id, number)
                );
                CREATE INDEX newsletter_issues_queuing ON newsletter_issues(id) WHERE state = 'queuing';
                CREATE TABLE newsletter_deliveries (
                    issue_id INTEGER NOT NULL REFERENCES newsletter_issues(id) ON DELETE CASCADE,
                    subscriber_id INTEGER NOT NULL,
                    email TEXT NOT NULL,
                    mail_id TEXT NOT NULL UNIQUE,
                    message_id TEXT NOT NULL UNIQUE,
                    PRIMARY KEY (issue_id, subscriber_id)
                ) WITHOUT ROWID;
                """)
    }
}
