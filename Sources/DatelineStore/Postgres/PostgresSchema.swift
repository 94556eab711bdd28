import Logging
import PostgresNIO

/// The PostgreSQL schema as one list of named migrations, kept in `schema_migrations`.
///
/// The names are the SQLite store's wherever a migration means the same, so both backends
/// describe their schema in one vocabulary. Migrations are append-only: a shipped migration is
/// never edited or renamed, and a database carrying a name this list does not know was written
/// by a newer Dateline.
enum PostgresSchema {
    /// One named step, as statements run in order inside the migrating transaction.
    struct Migration: Sendable {
        let name: String
        let statements: [String]
        /// Work done in Swift after the statements, in the same transaction (moving data the
        /// statements cannot, such as making slugs the way the store makes them).
        var finish: (@Sendable (PostgresConnection, Logger) async throws -> Void)? = nil
    }

    /// The key of the advisory lock every instance takes while migrating, so that several
    /// servers starting at once migrate one after another ("DATELINE" in ASCII).
    static let migrationLockKey: Int64 = 0x4441_5445_4C49_4E45

    /// The key of the advisory lock that makes counting and recording a send one step ("MAILQUOT").
    static let mailQuotaLockKey: Int64 = 0x4D41_494C_5155_4F54

    /// The text search configuration searches use: English stemming, and accents folded when
    /// the `unaccent` extension can be installed.
    static let searchConfiguration = "dateline_english"

    static let migrations: [Migration] = [
        Migration(name: "v1-stories", statements: stories),
        Migration(name: "v2-search", statements: search),
        Migration(name: "v3-newsroom", statements: newsroom),
        Migration(name: "v4-story-changes", statements: storyChanges),
        Migration(name: "v5-mail", statements: mail),
        Migration(name: "v6-api-tokens", statements: apiTokens),
        Migration(name: "v7-change-notify", statements: changeNotify),
        Migration(name: "v8-slug-prefix", statements: slugPrefix),
        Migration(name: "v9-desk", statements: desk),
        Migration(name: "v10-accounts", statements: accounts),
        Migration(name: "v11-media", statements: media),
        Migration(name: "v12-story-images", statements: storyImages),
        Migration(name: "v13-authors", statements: authors, finish: migrateBylines),
        Migration(name: "v14-newsletters", statements: newsletters),
        Migration(name: "v15-wire", statements: wire),
        Migration(name: "v16-newsletter-issues", statements: newsletterIssues),
        Migration(name: "v17-mail-catcher", statements: mailCatcher),
        Migration(name: "v18-wire-sources", statements: feedSources),
        Migration(name: "v19-suggestion-signal", statements: suggestionSignal),
        Migration(name: "v20-newsletter-queuing-heartbeat", statements: queuingHeartbeat),
        Migration(name: "v21-newsletter-departures", statements: departures),
        Migration(name: "v22-mail-hand-over", statements: mailHandOver),
    ]

    /// The channel every instance listens on for story changes (see ``StoryChangeSignal``).
    static let changeChannel = "dateline_story_changes"

    /// Sections, topics, stories and the links between stories and topics.
    ///
    /// Lists (body, highlights) are `text[]`; times are `timestamptz`.
    private static let stories = [
        """
        CREATE TABLE sections (
            id bigserial PRIMARY KEY,
            slug text NOT NULL UNIQUE,
            name text NOT NULL
        )
        """,
        """
        CREATE TABLE topics (
            id bigserial PRIMARY KEY,
            slug text NOT NULL UNIQUE,
            name text NOT NULL
        )
        """,
        """
        CREATE TABLE stories (
            id bigserial PRIMARY KEY,
            slug text NOT NULL UNIQUE,
            headline text NOT NULL,
            section_id bigint NOT NULL REFERENCES sections(id) ON DELETE RESTRICT,
            dateline_place text,
            dateline_source text,
            byline text,
            body text[] NOT NULL,
            highlights text[] NOT NULL,
            highlights_origin text NOT NULL,
            topics_origin text NOT NULL,
            status text NOT NULL,
            published_at timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            source_url text,
            source_checksum text
        )
        """,
        "CREATE UNIQUE INDEX stories_by_source_url ON stories(source_url) WHERE source_url IS NOT NULL",
        "CREATE INDEX stories_by_source_checksum ON stories(source_checksum) WHERE source_checksum IS NOT NULL",
        "CREATE INDEX stories_by_status_time ON stories(status, published_at DESC, id DESC)",
        "CREATE INDEX stories_by_section_time ON stories(section_id, status, published_at DESC, id DESC)",
        """
        CREATE TABLE story_topics (
            story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            topic_id bigint NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
            position bigint NOT NULL,
            PRIMARY KEY (story_id, topic_id)
        )
        """,
        "CREATE INDEX story_topics_by_topic ON story_topics(topic_id, story_id)",
    ]

    /// The full-text index: a weighted `tsvector` per story (A headline, B highlights and topic
    /// names, C body) kept by the store in the same transaction as every content write, and a
    /// GIN index over it. The vector covers every story whatever its status; searches keep only
    /// published ones, so a status change needs no index work.
    private static let search = [
        """
        DO $$
        BEGIN
            BEGIN
                CREATE EXTENSION IF NOT EXISTS unaccent;
                CREATE TEXT SEARCH CONFIGURATION dateline_english (COPY = pg_catalog.english);
                ALTER TEXT SEARCH CONFIGURATION dateline_english
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
            EXCEPTION WHEN OTHERS THEN
                RAISE NOTICE 'unaccent is unavailable (%); searches will not fold accents', SQLERRM;
                CREATE TEXT SEARCH CONFIGURATION dateline_english (COPY = pg_catalog.english);
            END;
        END
        $$
        """,
        "ALTER TABLE stories ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector",
        "CREATE INDEX stories_by_search ON stories USING gin (search)",
    ]

    /// Accounts, sessions, failed sign-ins, the set-up link, story owners, revisions and
    /// corrections, as in the SQLite store.
    private static let newsroom = [
        """
        CREATE TABLE users (
            id bigserial PRIMARY KEY,
            email text NOT NULL UNIQUE,
            name text NOT NULL,
            role text NOT NULL,
            password_hash text NOT NULL,
            created_at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE newsroom_sessions (
            digest text PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at timestamptz NOT NULL,
            last_seen_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX newsroom_sessions_by_user ON newsroom_sessions(user_id)",
        """
        CREATE TABLE login_failures (
            id bigserial PRIMARY KEY,
            account text NOT NULL,
            client_address text NOT NULL,
            failed_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX login_failures_by_account ON login_failures(account, failed_at)",
        "CREATE INDEX login_failures_by_address ON login_failures(client_address, failed_at)",
        """
        CREATE TABLE setup_tokens (
            digest text PRIMARY KEY,
            expires_at timestamptz NOT NULL,
            used_at timestamptz
        )
        """,
        """
        CREATE TABLE story_owners (
            story_id bigint PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            user_id bigint REFERENCES users(id) ON DELETE SET NULL
        )
        """,
        "CREATE INDEX story_owners_by_user ON story_owners(user_id)",
        """
        CREATE TABLE story_revisions (
            id bigserial PRIMARY KEY,
            story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            number bigint NOT NULL,
            author_id bigint REFERENCES users(id) ON DELETE SET NULL,
            created_at timestamptz NOT NULL,
            content text NOT NULL,
            UNIQUE (story_id, number)
        )
        """,
        """
        CREATE TABLE story_corrections (
            id bigserial PRIMARY KEY,
            story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            author_id bigint REFERENCES users(id) ON DELETE SET NULL,
            note text NOT NULL,
            created_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX story_corrections_by_story ON story_corrections(story_id, created_at)",
    ]

    /// Finding a free slug asks for every slug starting "base-"; in a database whose collation is
    /// not C, `LIKE 'base-%'` cannot use the unique index, and each new story read the whole
    /// table (the 20,000-story bench imported ever more slowly). `text_pattern_ops` serves prefixes.
    private static let slugPrefix = [
        "CREATE INDEX stories_by_slug_prefix ON stories (slug text_pattern_ops)"
    ]

    /// Lets caches and the related-story index page through changes by time without a scan.
    private static let storyChanges = [
        "CREATE INDEX stories_by_change ON stories(updated_at, id)"
    ]

    /// The shared mail outbox (payload: the mail module's JSON) and the log of recent sends that
    /// the per-sender, per-recipient and per-client limits count.
    private static let mail = [
        """
        CREATE TABLE mail_outbox (
            id uuid PRIMARY KEY,
            payload text NOT NULL,
            enqueued_at timestamptz NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NOT NULL,
            state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
            last_error text,
            finished_at timestamptz
        )
        """,
        "CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE state = 'pending'",
        """
        CREATE TABLE mail_send_log (
            key text NOT NULL,
            sent_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX mail_send_log_by_key ON mail_send_log(key, sent_at)",
        "CREATE INDEX mail_send_log_by_time ON mail_send_log(sent_at)",
    ]

    /// Bearer tokens for the admin API: the SHA-256 digest of each secret, never the secret.
    private static let apiTokens = [
        """
        CREATE TABLE api_tokens (
            id bigserial PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name text NOT NULL,
            digest text NOT NULL UNIQUE,
            prefix text NOT NULL,
            created_at timestamptz NOT NULL,
            last_used_at timestamptz,
            revoked_at timestamptz
        )
        """,
        "CREATE INDEX api_tokens_by_user ON api_tokens(user_id, created_at DESC)",
    ]

    /// A notification at commit whenever stories, their topics or their corrections change, so
    /// every instance can drop what it cached (PostgreSQL delivers it only if the transaction commits).
    private static let changeNotify = [
        """
        CREATE FUNCTION dateline_notify_story_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('dateline_story_changes', TG_TABLE_NAME);
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER stories_notify AFTER INSERT OR UPDATE OR DELETE ON stories
        FOR EACH STATEMENT EXECUTE FUNCTION dateline_notify_story_change()
        """,
        """
        CREATE TRIGGER story_topics_notify AFTER INSERT OR UPDATE OR DELETE ON story_topics
        FOR EACH STATEMENT EXECUTE FUNCTION dateline_notify_story_change()
        """,
        """
        CREATE TRIGGER story_corrections_notify AFTER INSERT OR UPDATE OR DELETE ON story_corrections
        FOR EACH STATEMENT EXECUTE FUNCTION dateline_notify_story_change()
        """,
    ]
}
