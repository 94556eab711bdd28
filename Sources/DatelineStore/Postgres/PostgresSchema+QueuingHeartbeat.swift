extension PostgresSchema {
    /// When an issue's queuing last made progress, as in SQLite's "v20-newsletter-queuing-heartbeat".
    static let queuingHeartbeat = [
        "ALTER TABLE newsletter_issues ADD COLUMN queuing_touched_at timestamptz"
    ]
}
