extension PostgresSchema {
    /// Newsletter lists, subscribers with their pending confirmation, subscriptions and
    /// suppressions, as in SQLite's "v14-newsletters".
    static let newsletters = [
        """
        CREATE TABLE newsletters (
            id bigserial PRIMARY KEY,
            slug text NOT NULL UNIQUE,
            name text NOT NULL,
            description text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('front', 'section', 'topic', 'breaking')),
            section_id bigint REFERENCES sections(id) ON DELETE CASCADE,
            topic_id bigint REFERENCES topics(id) ON DELETE CASCADE,
            send_minute integer,
            time_zone text NOT NULL,
            from_name text NOT NULL,
            from_address text NOT NULL,
            created_at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE newsletter_subscribers (
            id bigserial PRIMARY KEY,
            email text NOT NULL UNIQUE,
            status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'left')),
            paused boolean NOT NULL DEFAULT false,
            preference_token text NOT NULL UNIQUE,
            created_at timestamptz NOT NULL,
            confirmed_at timestamptz,
            confirmation_digest text UNIQUE,
            confirmation_lists text,
            confirmation_sent_at timestamptz,
            confirmation_expires_at timestamptz
        )
        """,
        """
        CREATE INDEX newsletter_subscribers_unconfirmed ON newsletter_subscribers(confirmation_expires_at)
            WHERE confirmation_expires_at IS NOT NULL
        """,
        """
        CREATE TABLE newsletter_subscriptions (
            subscriber_id bigint NOT NULL REFERENCES newsletter_subscribers(id) ON DELETE CASCADE,
            newsletter_id bigint NOT NULL REFERENCES newsletters(id) ON DELETE CASCADE,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (subscriber_id, newsletter_id)
        )
        """,
        "CREATE INDEX newsletter_subscriptions_by_list ON newsletter_subscriptions(newsletter_id, subscriber_id)",
        """
        CREATE TABLE newsletter_suppressions (
            email text PRIMARY KEY,
            reason text NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complained')),
            created_at timestamptz NOT NULL
        )
        """,
    ]
}
