extension PostgresSchema {
    /// The wire queue, as in SQLite's "v15-wire".
    static let wire = [
        """
        CREATE TABLE wire_items (
            id bigserial PRIMARY KEY,
            source text NOT NULL,
            guid text NOT NULL,
            version integer NOT NULL,
            format text NOT NULL,
            headline text NOT NULL,
            byline text,
            dateline text,
            body text NOT NULL,
            summary text,
            subjects text NOT NULL,
            subject_keys text NOT NULL,
            search_text text NOT NULL,
            embargoed_until timestamptz,
            version_created timestamptz,
            url text,
            canonical_url text,
            normalized_url text,
            section text,
            language text,
            status text NOT NULL,
            origin text NOT NULL,
            fingerprint text,
            word_count integer NOT NULL,
            received_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            duplicate_of bigint REFERENCES wire_items(id) ON DELETE SET NULL,
            story_id bigint REFERENCES stories(id) ON DELETE SET NULL,
            UNIQUE (source, guid)
        )
        """,
        "CREATE INDEX wire_items_by_time ON wire_items(received_at DESC, id DESC)",
        "CREATE INDEX wire_items_by_expiry ON wire_items(expires_at)",
        "CREATE INDEX wire_items_by_address ON wire_items(normalized_url) WHERE normalized_url IS NOT NULL",
        "CREATE INDEX wire_items_by_group ON wire_items(duplicate_of) WHERE duplicate_of IS NOT NULL",
    ]
}
