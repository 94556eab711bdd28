import DatelineStore
import Foundation
import Logging
import PostgresNIO

/// What the command tests need from the test PostgreSQL server besides the commands themselves.
enum PostgresTestServer {
    /// Runs one administrative statement written by the test (never from input) on the server.
    static func admin(_ server: PostgresLocation, _ sql: String) async throws {
        var logger = Logger(label: "dateline.tests.postgres")
        logger.logLevel = .critical
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: server.host, port: server.port, username: server.username, password: server.password,
                database: server.database, tls: .disable),
            id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

extension PostgresLocation {
    /// The URL with its password, as the `dateline` command takes it.
    var urlWithPassword: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        return components.string ?? ""
    }
}
