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
        "ALTER TABLE sections ADD COLUMN position bigint NOT NULL DEFAULT 0",
        "ALTER TABLE sections ADD COLUMN hidden boolean NOT NULL DEFAULT false",
        """
        CREATE TABLE section_old_slugs (
            slug text PRIMARY KEY,
            section_id bigint NOT NULL REFERENCES sections(id) ON DELETE CASCADE
        )
        """,
        // Renaming, moving or hiding a section changes every page's navigation, and renaming or
        // merging a topic changes story pages: tell the instances.
        """
        CREATE TRIGGER sections_notify AFTER UPDATE ON sections
        FOR EACH STATEMENT EXECUTE FUNCTION dateline_notify_story_change()
        """,
        "ALTER TABLE topics ADD COLUMN description text",
        """
        CREATE TABLE topic_old_slugs (
            slug text PRIMARY KEY,
            topic_id bigint NOT NULL REFERENCES topics(id) ON DELETE CASCADE
        )
        """,
        """
        CREATE TRIGGER topics_notify AFTER UPDATE OR DELETE ON topics
        FOR EACH STATEMENT EXECUTE FUNCTION dateline_notify_story_change()
        """,
        """
        CREATE TABLE story_old_slugs (
            slug text PRIMARY KEY,
            story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE
        )
        """,
    ]
}
