import GRDB

extension SQLiteSchema {
    /// Who left a list and has not come back: leaving deletes the subscription row (so nothing that
    /// sends can see it), and these triggers keep the fact, whichever path deleted it (the
    /// preference page, one-click unsubscribe, a suppression, an administrator). Coming back
    /// clears it. People who never confirmed never joined, so they never leave; a deleted list
    /// takes its departures with it. Times are the database's clock, GRDB's UTC text.
    static func createDepartures(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE newsletter_departures (
                    newsletter_id INTEGER NOT NULL REFERENCES newsletters(id) ON DELETE CASCADE,
                    email TEXT NOT NULL,
                    subscribed_at TEXT NOT NULL,
                    left_at TEXT NOT NULL,
                    PRIMARY KEY (newsletter_id, email)
                );

                CREATE TRIGGER newsletter_departure AFTER DELETE ON newsletter_subscriptions
                WHEN EXISTS (SELECT 1 FROM newsletters WHERE id = OLD.newsletter_id)
                BEGIN
                    INSERT INTO newsletter_departures (newsletter_id, email, subscribed_at, left_at)
                    SELECT OLD.newsletter_id, s.email, OLD.created_at, strftime('%Y-%m-%d %H:%M:%f', 'now')
                    FROM newsletter_subscribers s WHERE s.id = OLD.subscriber_id AND s.status <> 'pending'
                    ON CONFLICT (newsletter_id, email)
                        DO UPDATE SET subscribed_at = excluded.subscribed_at, left_at = excluded.left_at;
                END;

                CREATE TRIGGER newsletter_return AFTER INSERT ON newsletter_subscriptions
                BEGIN
                    DELETE FROM newsletter_departures
                    WHERE newsletter_id = NEW.newsletter_id
                        AND email = (SELECT email FROM newsletter_subscribers WHERE id = NEW.subscriber_id);
                END;
                """)
    }
}
