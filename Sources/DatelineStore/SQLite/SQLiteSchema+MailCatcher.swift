import GRDB

extension SQLiteSchema {
    /// "v17-mail-catcher": the development mail catcher's messages, newest last by key; and
    /// triggers that move the site's change counter when a newsletter list is added or deleted,
    /// since every page's footer offers the subscribe form only while a list exists.
    static func createMailCatcher(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE caught_mail (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    caught_at TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    content TEXT NOT NULL
                );
                CREATE TRIGGER newsletters_added AFTER INSERT ON newsletters BEGIN
                    UPDATE site_changes SET counter = counter + 1 WHERE id = 1;
                END;
                CREATE TRIGGER newsletters_removed AFTER DELETE ON newsletters BEGIN
                    UPDATE site_changes SET counter = counter + 1 WHERE id = 1;
                END;
                """)
    }
}
