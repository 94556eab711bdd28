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
        var configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.username, password: server.password,
            database: server.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        // A statement still running after 30 s has its connection closed, failing the test
        // instead of holding it.
        let watchdog = Task {
            do { try await Task.sleep(for: .seconds(30)) } catch { return }
            try? await connection.close()
        }
        defer { watchdog.cancel() }
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
