extension PostgresSchema {
    /// Followed feeds, as in SQLite's "v18-wire-sources".
    static let feedSources = [
        """
        CREATE TABLE feed_sources (
            id bigserial PRIMARY KEY,
            url text NOT NULL UNIQUE,
            name text,
            section text,
            interval_minutes integer NOT NULL,
            allow_private boolean NOT NULL DEFAULT false,
            paused boolean NOT NULL DEFAULT false,
            etag text,
            last_modified text,
            next_poll_at timestamptz NOT NULL,
            backoff_until timestamptz,
            lease_until timestamptz,
            failure_count integer NOT NULL DEFAULT 0,
            last_polled_at timestamptz,
            last_result text,
            created_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX feed_sources_by_due ON feed_sources(next_poll_at) WHERE NOT paused",
        """
        CREATE TABLE feed_source_log (
            id bigserial PRIMARY KEY,
            source_id bigint NOT NULL REFERENCES feed_sources(id) ON DELETE CASCADE,
            time timestamptz NOT NULL,
            level text NOT NULL,
            message text NOT NULL
        )
        """,
        "CREATE INDEX feed_source_log_by_source ON feed_source_log(source_id, id DESC)",
        """
        CREATE TABLE feed_source_items (
            source_id bigint NOT NULL REFERENCES feed_sources(id) ON DELETE CASCADE,
            guid text NOT NULL,
            fingerprint text NOT NULL,
            version integer NOT NULL,
            seen_at timestamptz NOT NULL,
            PRIMARY KEY (source_id, guid)
        )
        """,
    ]
}
