import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore {
    public func createAPIToken(userID: Int64, name: String, digest: String, prefix: String, at time: Date)
        async throws(StoreError) -> APIToken
    {
        let name = name.collapsingWhitespace()
        guard !name.isEmpty, name.count <= APIToken.nameLength else {
            throw .failed("a token needs a name of 1 to \(APIToken.nameLength) characters")
        }
        return try await write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE id = ?", arguments: [userID]) == 1 else {
                throw StoreError.failed("no account with id \(userID)")
            }
            try db.execute(
                sql: "INSERT INTO api_tokens (user_id, name, digest, prefix, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [userID, name, digest, prefix, time])
            return APIToken(
                id: db.lastInsertedRowID, userID: userID, name: name, prefix: prefix, createdAt: time, lastUsedAt: nil,
                revokedAt: nil)
        }
    }

    public func apiTokens(ofUser userID: Int64) async throws(StoreError) -> [APIToken] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC",
                arguments: [userID]
            ).map(Self.apiToken(from:))
        }
    }

    public func apiTokenUser(digest: String) async throws(StoreError) -> (APIToken, User)? {
        let found: APIToken? = try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM api_tokens WHERE digest = ? AND revoked_at IS NULL", arguments: [digest])
            else { return nil }
            return Self.apiToken(from: row)
        }
        guard let token = found, let user = try await user(id: token.userID) else { return nil }
        return (token, user)
    }

    public func touchAPIToken(id: Int64, at time: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql:
                    "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                arguments: [time, id, time])
        }
    }

    @discardableResult
    public func revokeAPIToken(id: Int64, ofUser userID: Int64) async throws(StoreError) -> Bool {
        let now = Date()
        return try await write { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                arguments: [now, id, userID])
            return db.changesCount == 1
        }
    }

    private static func apiToken(from row: Row) -> APIToken {
        APIToken(
            id: row["id"], userID: row["user_id"], name: row["name"], prefix: row["prefix"],
            createdAt: row["created_at"], lastUsedAt: row["last_used_at"], revokedAt: row["revoked_at"])
    }
}
