import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore {
    public func createAPIToken(userID: Int64, name: String, digest: String, prefix: String, at time: Date)
        async throws(StoreError) -> APIToken
    {
        let name = name.collapsingWhitespace().postgresText
        guard !name.isEmpty, name.count <= APIToken.nameLength else {
            throw .failed("a token needs a name of 1 to \(APIToken.nameLength) characters")
        }
        let digest = digest.postgresText
        let prefix = prefix.postgresText
        return try await write { [self] connection in
            let exists =
                try await connection.query("SELECT COUNT(*) FROM users WHERE id = \(userID)", logger: logger)
                .decode(Int.self).collected().first ?? 0
            guard exists == 1 else { throw StoreError.failed("no account with id \(userID)") }
            let id =
                try await connection.query(
                    """
                    INSERT INTO api_tokens (user_id, name, digest, prefix, created_at)
                    VALUES (\(userID), \(name), \(digest), \(prefix), \(time.postgres)) RETURNING id
                    """, logger: logger
                ).decode(Int64.self).collected().first ?? 0
            return APIToken(
                id: id, userID: userID, name: name, prefix: prefix, createdAt: time, lastUsedAt: nil, revokedAt: nil)
        }
    }

    public func apiTokens(ofUser userID: Int64) async throws(StoreError) -> [APIToken] {
        try await read { [self] connection in
            try await Self.apiTokens(
                query: """
                    SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens
                    WHERE user_id = \(userID) ORDER BY created_at DESC, id DESC
                    """, on: connection, logger: logger)
        }
    }

    public func apiTokenUser(digest: String) async throws(StoreError) -> (APIToken, User)? {
        let digest = digest.postgresText
        let found: APIToken? = try await read { [self] connection in
            try await Self.apiTokens(
                query: """
                    SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens
                    WHERE digest = \(digest) AND revoked_at IS NULL
                    """, on: connection, logger: logger
            ).first
        }
        guard let token = found, let user = try await user(id: token.userID) else { return nil }
        return (token, user)
    }

    public func touchAPIToken(id: Int64, at time: Date) async throws(StoreError) {
        try await write { [self] connection in
            try await connection.query(
                """
                UPDATE api_tokens SET last_used_at = \(time.postgres)
                WHERE id = \(id) AND (last_used_at IS NULL OR last_used_at < \(time.postgres))
                """, logger: logger)
        }
    }

    @discardableResult
    public func revokeAPIToken(id: Int64, ofUser userID: Int64) async throws(StoreError) -> Bool {
        let now = Date()
        return try await write { [self] connection in
            let revoked = try await connection.query(
                """
                UPDATE api_tokens SET revoked_at = \(now.postgres)
                WHERE id = \(id) AND user_id = \(userID) AND revoked_at IS NULL RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            return revoked.count == 1
        }
    }

    private static func apiTokens(query: PostgresQuery, on connection: PostgresConnection, logger: Logger)
        async throws -> [APIToken]
    {
        try await connection.query(query, logger: logger)
            .decode((Int64, Int64, String, String, Date, Date?, Date?).self).collected()
            .map {
                APIToken(
                    id: $0.0, userID: $0.1, name: $0.2, prefix: $0.3, createdAt: $0.4, lastUsedAt: $0.5, revokedAt: $0.6
                )
            }
    }
}
