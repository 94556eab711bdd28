import DatelineCore
import Foundation
import Logging
import PostgresNIO

@testable import DatelineStore

/// The PostgreSQL server tests use, named by `DATELINE_TEST_POSTGRES_URL`.
///
/// Each test gets a database of its own, `dateline_test_<random>`, created through the URL's
/// database and dropped when the test ends, so tests never see each other's rows and several
/// people can share one server.
enum TestPostgres {
    /// The variable naming the server, e.g. `postgres://dateline:dateline@127.0.0.1:54329/dateline`.
    static let variable = "DATELINE_TEST_POSTGRES_URL"

    /// The URL, when set and not blank.
    static var url: String? {
        ProcessInfo.processInfo.environment[variable].flatMap {
            $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0
        }
    }

    /// True under continuous integration, where a missing server is a failure rather than a skip.
    static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false
    }

    /// True when PostgreSQL tests should run (or fail for want of a server).
    static var isWanted: Bool { url != nil || isCI }

    /// Why the PostgreSQL tests cannot run.
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "CI is set but \(TestPostgres.variable) is not: start a server with ./scripts/postgres start and export "
                + "\(TestPostgres.variable) to the URL it prints (scripts/test does both)"
        }
    }

    /// The server's location, or ``Missing``.
    static func serverLocation() throws -> PostgresLocation {
        guard let url else { throw Missing() }
        return try PostgresLocation(url: url)
    }

    /// Creates a fresh, empty database and returns its location.
    static func createDatabase() async throws -> PostgresLocation {
        let server = try serverLocation()
        let name = "dateline_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await withAdminConnection(to: server) { connection in
            // The name is made here of hex digits only, never taken from input.
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        return server.with(database: name)
    }

    /// Drops a database made by ``createDatabase()``, closing any connection still open to it.
    static func dropDatabase(_ database: PostgresLocation) async {
        guard database.database.hasPrefix("dateline_test_"), let server = try? serverLocation() else { return }
        try? await withAdminConnection(to: server) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)"), logger: logger)
        }
    }

    /// Runs `work` on a single connection to `location`, closed afterwards.
    static func withAdminConnection(
        to location: PostgresLocation, _ work: (PostgresConnection) async throws -> Void
    ) async throws {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        // The connect timeout covers TCP only; the start-up exchange gets a deadline of its own.
        let connection = try await withAbandoningDeadline(
            adminDeadline, orThrow: { StoreError.unavailable("\(location) did not finish the start-up exchange") }
        ) { [configuration] in
            try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        }
        // Every wait in a test has a deadline: a statement that has not finished by then has its
        // connection closed under it, which fails the statement instead of holding the test.
        let watchdog = Task {
            do { try await Task.sleep(for: adminDeadline) } catch { return }
            try? await connection.close()
        }
        defer { watchdog.cancel() }
        do {
            try await work(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// How long one administrative connection may take, statements included.
    static let adminDeadline: Duration = .seconds(30)

    static let logger: Logger = {
        var logger = Logger(label: "dateline.tests.postgres")
        logger.logLevel = .critical
        return logger
    }()
}
