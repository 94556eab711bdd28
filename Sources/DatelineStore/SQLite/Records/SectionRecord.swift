import GRDB

/// A row of the `sections` table: one desk, identified by its slug.
struct SectionRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "sections"

    var id: Int64?
    var slug: String
    var name: String

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
