import GRDB

/// A row of the `topics` table: one "All About" subject, identified by its slug.
struct TopicRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "topics"

    var id: Int64?
    var slug: String
    var name: String

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
