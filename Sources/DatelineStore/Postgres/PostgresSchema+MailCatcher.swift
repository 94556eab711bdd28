extension PostgresSchema {
    /// The development mail catcher's messages, and change notices when a newsletter list is added
    /// or deleted (every page's footer offers the subscribe form only while a list exists), as in
    /// SQLite's "v17-mail-catcher".
    static let mailCatcher = [
        """
        CREATE TABLE caught_mail (
            id bigserial PRIMARY KEY,
            caught_at timestamptz NOT NULL,
            sender text NOT NULL,
            recipients text NOT NULL,
            message_id text NOT NULL,
            subject text NOT NULL,
            size integer NOT NULL,
            content text NOT NULL
        )
        """,
        """
        CREATE TRIGGER newsletters_notify AFTER INSERT OR DELETE ON newsletters
        FOR EACH STATEMENT EXECUTE FUNCTION dateline_notify_story_change()
        """,
    ]
}
