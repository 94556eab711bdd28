import DatelineCore
import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The ``NewsroomStore`` kept in a PostgreSQL database, for several servers sharing one archive.
///
/// The store owns a `PostgresClient` pool and the task that runs it: ``init(url:logger:)``
/// starts both and brings the schema up to date; ``shutdown()`` ends them. Each write is one
/// transaction; each read is one statement wherever it can be, so a story is always read whole.
/// A connection the server dropped is replaced by the pool, and a statement that found its
/// connection gone before anything was sent is tried once more on a fresh one.
///
/// Times are kept as `timestamptz` to the microsecond; publication times must fall in the years
/// 1000 to 9999, as in ``SQLiteStoryStore``, so both backends accept the same stories.
public final class PostgresStoryStore: StoryStore {
    /// The database, as given (its password is never shown).
    public let location: PostgresLocation

    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Connects to the database at a `postgres://user:password@host:port/database` URL and
    /// brings its schema up to date.
    ///
    /// Throws ``StoreError/unavailable(_:)`` when the URL is malformed, the server cannot be
    /// reached or refuses the credentials, the database belongs to another program, or a newer
    /// Dateline has migrated it. Call ``shutdown()`` when done.
    public convenience init(url: String, logger: Logger? = nil) async throws(StoreError) {
        try await self.init(location: PostgresLocation(url: url), logger: logger)
    }

    /// Connects to the database at `location` and brings its schema up to date.
    public init(location: PostgresLocation, logger: Logger? = nil) async throws(StoreError) {
        self.location = location
        self.logger = logger ?? Self.quietLogger
        // The pool waits for a server that is down; one direct connection first turns an
        // unreachable server or refused credentials into an error at once.
        try await Self.probe(location, logger: self.logger)
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: self.logger)
        self.client = client
        runner = Task { await client.run() }
        do {
            try await migrate()
        } catch {
            await shutdown()
            throw error
        }
    }

    deinit {
        runner.cancel()
    }

    /// Closes every connection and stops the pool; the store must not be used afterwards.
    ///
    /// Waits at most ``shutdownDeadline`` for the pool to stop, so a server that stopped
    /// answering cannot hold a shutting-down process (or a test) for good.
    public func shutdown() async {
        runner.cancel()
        if await !runner.ended(within: Self.shutdownDeadline) {
            logger.warning("the PostgreSQL pool did not stop within \(Self.shutdownDeadline); leaving it behind")
        }
    }

    /// How long ``shutdown()`` waits for the pool's connections to close.
    static let shutdownDeadline: Duration = .seconds(10)

    /// Opens and closes one connection to `location`, or throws ``StoreError/unavailable(_:)``.
    private static func probe(_ location: PostgresLocation, logger: Logger) async throws(StoreError) {
        do {
            let tls: PostgresConnection.Configuration.TLS
            switch location.security {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            var configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.username, password: location.password,
                database: location.database, tls: tls)
            configuration.options.connectTimeout = .seconds(10)
            // The connect timeout covers TCP only; a server that accepts and then says nothing
            // would hold the start-up exchange (and `dateline serve`) for good.
            let connection = try await withAbandoningDeadline(
                .seconds(15),
                orThrow: { StoreError.unavailable("\(location) accepted the connection but did not answer") }
            ) { [configuration] in
                try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            }
            try? await connection.close()
        } catch {
            switch StoreError.postgres(error, location: location) {
            case .unavailable(let message): throw .unavailable(message)
            case .failed(let message):
                throw .unavailable("cannot connect to \(location): \(message)")
            case let other: throw other
            }
        }
    }

    /// The pool's own messages are left out unless the caller passes a logger of its own.
    private static let quietLogger: Logger = {
        var logger = Logger(label: "dateline.postgres")
        logger.logLevel = .critical
        return logger
    }()

    // MARK: - Migrations

    /// Applies missing migrations in one transaction under an advisory lock, refusing databases
    /// that hold another program's tables or a newer Dateline's schema.
    private func migrate() async throws(StoreError) {
        let known = Set(PostgresSchema.migrations.map(\.name))
        let location = self.location
        // No work deadline: a migration may rewrite every story of a large archive.
        try await write(retrying: true, workDeadline: nil) { [self] connection in
            let logger = self.logger
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLockKey))", logger: logger)
            let hasLedger =
                try await connection.query(
                    "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger
                ).decode(Bool.self).collected().first ?? false
            if !hasLedger {
                let tables = try await connection.query(
                    """
                    SELECT table_name::text FROM information_schema.tables
                    WHERE table_schema = current_schema() ORDER BY table_name LIMIT 5
                    """, logger: logger
                ).decode(String.self).collected()
                guard tables.isEmpty else {
                    throw StoreError.unavailable(
                        "\(location) holds another program's tables (\(tables.joined(separator: ", "))); "
                            + "Dateline leaves it alone: choose an empty database or a Dateline one")
                }
                try await connection.query(
                    "CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                    logger: logger)
            }
            let applied = try await connection.query("SELECT name FROM schema_migrations", logger: logger)
                .decode(String.self).collected()
            let unknown = applied.filter { !known.contains($0) }.sorted()
            guard unknown.isEmpty else {
                throw StoreError.unavailable(
                    "\(location) was written by a newer version of Dateline (schema \(unknown.joined(separator: ", "))); "
                        + "upgrade Dateline to open it, or choose another database")
            }
            for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await migration.finish?(connection, logger)
                try await connection.query(
                    "INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }

    // MARK: - Running work

    /// How many times a statement that found its connection gone is tried in all.
    static let connectionAttempts = 4

    /// Runs `work` in one transaction, rolled back whole when anything throws.
    ///
    /// When the connection turns out to be gone before the transaction began, the work is tried
    /// again on another connection (up to ``connectionAttempts`` times in all); nothing can have
    /// been written by then.
    ///
    /// - Parameter workDeadline: when the transaction still holds its connection after this long,
    ///   the connection is closed under it, so the transaction fails (PostgreSQL rolls back a
    ///   transaction whose client went away) instead of holding its caller for good. `nil` for
    ///   the few writes of any length: archive imports and exports, and migrations.
    @discardableResult
    func write<T: Sendable>(
        retrying: Bool = true, workDeadline: Duration? = writeDeadline,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        var attempt = 1
        while true {
            do {
                return try await withPooledConnection(
                    leaseDeadline: Self.writeLeaseDeadline, workDeadline: workDeadline
                ) { connection in
                    try await connection.withTransaction(logger: self.logger) { connection in
                        try await work(connection)
                    }
                }
            } catch let error
                where retrying && attempt < Self.connectionAttempts && Self.nothingWasSent(error)
            {
                await Self.pause(before: attempt + 1)
                attempt += 1
            } catch {
                throw StoreError.postgres(error, location: location)
            }
        }
    }

    /// Runs read-only `work` on one pooled connection, trying again on another connection
    /// (up to ``connectionAttempts`` times in all) when the connection turns out to be gone.
    func read<T: Sendable>(
        _ work: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        var attempt = 1
        while true {
            do {
                return try await withPooledConnection(
                    leaseDeadline: Self.readLeaseDeadline, workDeadline: Self.readDeadline
                ) { connection in
                    try await work(connection)
                }
            } catch let error where attempt < Self.connectionAttempts && Self.isLostConnection(error) {
                await Self.pause(before: attempt + 1)
                attempt += 1
            } catch {
                throw StoreError.postgres(error, location: location)
            }
        }
    }

    /// How long a read waits for a pooled connection before the store reports the database
    /// unavailable. The pool itself would wait for as long as the server is down; readers are
    /// better served by a quick 503 they can retry.
    static let readLeaseDeadline: Duration = .seconds(2)

    /// How long a write waits for a pooled connection: longer than a read, because the work behind
    /// a write (an editor's save, an import, the mail queue) is worth more than a quick answer, and
    /// on a busy machine all the pool's connections can be taken for a few seconds (fifty imports at
    /// once on two loaded cores waited longer than 2 s).
    static let writeLeaseDeadline: Duration = .seconds(10)

    /// How long a read may hold its connection before the connection is closed under it: far
    /// beyond any read Dateline makes (the slowest, a search at 100,000 stories, takes well under
    /// a second), so only a server that stopped answering reaches it.
    static let readDeadline: Duration = .seconds(30)

    /// How long an ordinary write (a story saved, a session touched, a batch of mail claimed) may
    /// hold its connection: far beyond any such transaction, which takes milliseconds, so only a
    /// connection that stopped answering — or a lock that is never released — reaches it.
    static let writeDeadline: Duration = .seconds(90)

    /// Runs `work` on a connection leased within `leaseDeadline` (see ``PooledConnectionLease``),
    /// given back to the pool however `work` ends.
    private func withPooledConnection<T: Sendable>(
        leaseDeadline: Duration, workDeadline: Duration?,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let location = self.location
        let lease = try await PooledConnectionLease.acquire(
            from: client, leaseDeadline: leaseDeadline, workDeadline: workDeadline, logger: logger
        ) {
            .unavailable("\(location) gave no connection within \(leaseDeadline); try again in a moment")
        }
        defer { lease.release() }
        // Closed in the moment between the server ending it and the pool hearing of it: a
        // statement sent now would never be answered (see `PooledConnectionLease.run`).
        guard !lease.connection.isClosed else { throw PooledConnectionLease.ClosedBeforeUse() }
        // Work without a deadline (archive import and export, migrations) runs in this task, as it
        // may hold what only lives as long as the call; the rest can be left behind if it hangs.
        guard workDeadline != nil else { return try await work(lease.connection) }
        return try await lease.run(work)
    }

    /// A short, growing pause that lets the pool notice a closed connection before the next try.
    private static func pause(before attempt: Int) async {
        try? await Task.sleep(for: .milliseconds(25 * (1 << attempt)))
    }

    /// True when a write failed before any of its statements reached the server, so trying it
    /// again on another connection cannot apply it twice: the pool lent a closed connection, or
    /// the connection was found gone when the transaction began.
    static func nothingWasSent(_ error: any Error) -> Bool {
        if error is PooledConnectionLease.ClosedBeforeUse { return true }
        guard let error = error as? PostgresTransactionError else { return false }
        return error.closureError == nil && error.beginError.map(isLostConnection) == true
    }

    /// True when `error` says the connection was closed or never opened, rather than that the
    /// server refused a statement.
    static func isLostConnection(_ error: any Error) -> Bool {
        if error is PooledConnectionLease.ConnectionLost || error is PooledConnectionLease.ClosedBeforeUse {
            return true
        }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return true
        case .server:
            // 57P01 admin_shutdown: the backend was terminated before the statement ran.
            return error.serverInfo?[.sqlState] == "57P01"
        default:
            return false
        }
    }
}
