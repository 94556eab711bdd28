import DatelineCore
import Foundation
import GRDB

/// A row of the `users` table.
struct UserRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "users"

    var id: Int64?
    var email: String
    var name: String
    var role: String
    var passwordHash: String
    var createdAt: Date
    var deactivatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, email, name, role
        case passwordHash = "password_hash"
        case createdAt = "created_at"
        case deactivatedAt = "deactivated_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The row as an account, refusing values a hand edit could have broken.
    func user() throws -> User {
        guard let id else { throw StoreError.failed("an account row has no id") }
        guard let role = Role(rawValue: role) else {
            throw StoreError.failed("account \(id) has the unknown role '\(self.role)'; fix the row")
        }
        return User(
            id: id, email: email, name: name, role: role, createdAt: createdAt, deactivatedAt: deactivatedAt)
    }
}
