extension PostgresSchema {
    /// The media library, as in SQLite's "v11-media": details, original bytes (`bytea`, in a
    /// table of their own so listing never reads them) and which stories use which image.
    static let media = [
        """
        CREATE TABLE media (
            id bigserial PRIMARY KEY,
            version integer NOT NULL DEFAULT 1,
            digest text NOT NULL UNIQUE,
            file_name text NOT NULL,
            format text NOT NULL,
            width integer NOT NULL,
            height integer NOT NULL,
            byte_count bigint NOT NULL,
            alt_text text,
            credit text,
            caption text,
            uploaded_by bigint REFERENCES users(id) ON DELETE SET NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX media_by_time ON media(created_at DESC, id DESC)",
        "CREATE INDEX media_by_uploader ON media(uploaded_by, created_at DESC)",
        """
        CREATE TABLE media_originals (
            media_id bigint PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
            bytes bytea NOT NULL
        )
        """,
        "ALTER TABLE media_originals ALTER COLUMN bytes SET STORAGE EXTERNAL",
        """
        CREATE TABLE media_uses (
            media_id bigint NOT NULL REFERENCES media(id) ON DELETE CASCADE,
            story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            PRIMARY KEY (media_id, story_id)
        )
        """,
        "CREATE INDEX media_uses_by_story ON media_uses(story_id)",
    ]

    /// A story's lead image, as SQLite's "v12-story-images": a media id or NULL, not a foreign
    /// key (archives import in any order; a missing image is left out and stops publication).
    /// Changing or deleting an image notifies every instance, whose cached pages show it.
    static let storyImages = [
        "ALTER TABLE stories ADD COLUMN lead_image bigint",
        """
        CREATE TRIGGER media_notify AFTER UPDATE OR DELETE ON media
        FOR EACH STATEMENT EXECUTE FUNCTION dateline_notify_story_change()
        """,
    ]
}
