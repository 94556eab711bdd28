import GRDB

extension SQLiteSchema {
    /// When an issue's queuing last made progress: each batch of deliveries stamps it, so a
    /// scheduler continues an issue only once its queuer has gone quiet, not while it is working.
    static func addQueuingHeartbeat(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE newsletter_issues ADD COLUMN queuing_touched_at TEXT")
    }
}
