extension PostgresSchema {
    /// Who left a list and has not come back, kept by a trigger whichever path deleted the
    /// subscription, as in SQLite's "v21-newsletter-departures".
    static let departures = [
        """
        CREATE TABLE newsletter_departures (
            newsletter_id bigint NOT NULL REFERENCES newsletters(id) ON DELETE CASCADE,
            email text NOT NULL,
            subscribed_at timestamptz NOT NULL,
            left_at timestamptz NOT NULL,
            PRIMARY KEY (newsletter_id, email)
        )
        """,
        """
        CREATE FUNCTION newsletter_departure() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                INSERT INTO newsletter_departures (newsletter_id, email, subscribed_at, left_at)
                SELECT OLD.newsletter_id, s.email, OLD.created_at, clock_timestamp()
                FROM newsletter_subscribers s
                WHERE s.id = OLD.subscriber_id AND s.status <> 'pending'
                    AND EXISTS (SELECT 1 FROM newsletters n WHERE n.id = OLD.newsletter_id)
                ON CONFLICT (newsletter_id, email)
                    DO UPDATE SET subscribed_at = EXCLUDED.subscribed_at, left_at = EXCLUDED.left_at;
                RETURN OLD;
            END IF;
            DELETE FROM newsletter_departures d USING newsletter_subscribers s
            WHERE s.id = NEW.subscriber_id AND d.newsletter_id = NEW.newsletter_id AND d.email = s.email;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE TRIGGER newsletter_departure AFTER INSERT OR DELETE ON newsletter_subscriptions
        FOR EACH ROW EXECUTE FUNCTION newsletter_departure()
        """,
    ]
}
