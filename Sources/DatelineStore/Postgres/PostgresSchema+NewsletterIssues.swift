extension PostgresSchema {
    /// Newsletter issues and deliveries, and the next issue's editor's note, as in SQLite's
    /// "v16-newsletter-issues".
    static let newsletterIssues = [
        "ALTER TABLE newsletters ADD COLUMN next_issue_note text NOT NULL DEFAULT ''",
        """
        CREATE TABLE newsletter_issues (
            id bigserial PRIMARY KEY,
            newsletter_id bigint NOT NULL,
            number integer NOT NULL,
            period text NOT NULL,
            subject text NOT NULL,
            editor_note text NOT NULL,
            stories text NOT NULL,
            stories_until timestamptz NOT NULL,
            made_at timestamptz NOT NULL,
            state text NOT NULL CHECK (state IN ('queuing', 'queued', 'cancelled')),
            state_note text,
            queued_at timestamptz,
            UNIQUE (newsletter_id, period),
            UNIQUE (newsletter_id, number)
        )
        """,
        "CREATE INDEX newsletter_issues_queuing ON newsletter_issues(id) WHERE state = 'queuing'",
        """
        CREATE TABLE newsletter_deliveries (
            issue_id bigint NOT NULL REFERENCES newsletter_issues(id) ON DELETE CASCADE,
            subscriber_id bigint NOT NULL,
            email text NOT NULL,
            mail_id uuid NOT NULL UNIQUE,
            message_id text NOT NULL UNIQUE,
            PRIMARY KEY (issue_id, subscriber_id)
        )
        """,
    ]
}
