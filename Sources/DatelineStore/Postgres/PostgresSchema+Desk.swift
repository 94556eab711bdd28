extension PostgresSchema {
    /// The trash, each story's activity log, who has a story open, and the autosave mark on
    /// revisions (as in SQLite's "v9-desk").
    static let desk = [
        """
        CREATE TABLE story_trash (
            story_id bigint PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            trashed_at timestamptz NOT NULL,
            trashed_by bigint REFERENCES users(id) ON DELETE SET NULL,
            status_before text NOT NULL
        )
        """,
        "CREATE INDEX story_trash_by_time ON story_trash(trashed_at)",
        """
        CREATE TABLE story_activity (
            id bigserial PRIMARY KEY,
            story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            user_id bigint REFERENCES users(id) ON DELETE SET NULL,
            kind text NOT NULL,
            note text,
            created_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX story_activity_by_story ON story_activity(story_id, id DESC)",
        """
        CREATE TABLE story_presence (
            story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            seen_at timestamptz NOT NULL,
            PRIMARY KEY (story_id, user_id)
        )
        """,
        "ALTER TABLE story_revisions ADD COLUMN autosave boolean NOT NULL DEFAULT false",
    ]
}
