import ArgumentParser
import DatelineStore
import Foundation

/// The `--database` option shared by every command that opens the story database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database: a SQLite file path, or a postgres://user:password@host:port/database URL. "
                + "Default: $DATELINE_DATABASE, else ./dateline.sqlite.",
            valueName: "path-or-url"))
    var database: String?

    /// The database location after the flag, the environment and the default are considered.
    var location: String {
        if let database, !database.isEmpty { return database }
        if let fromEnvironment = ProcessInfo.processInfo.environment["DATELINE_DATABASE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "dateline.sqlite"
    }

    /// The location as it may be shown: a PostgreSQL URL without its password.
    var shownLocation: String {
        guard PostgresLocation.isPostgresURL(location) else { return location }
        return (try? PostgresLocation(url: location).description) ?? "the PostgreSQL database"
    }

    /// Opens the store the options name (PostgreSQL for a `postgres://` or `postgresql://` URL,
    /// else a SQLite file), runs `body` with it, and closes it afterwards whatever happens.
    func withStore<T>(_ body: (any NewsroomStore) async throws -> T) async throws -> T {
        let store = try await openStore()
        do {
            let result = try await body(store)
            await Self.close(store)
            return result
        } catch {
            await Self.close(store)
            throw error
        }
    }

    /// Opens the store the options name, or exits with the store's own explanation; pair it
    /// with ``close(_:)``, or use ``withStore(_:)``.
    func openStore() async throws -> any NewsroomStore {
        do {
            if PostgresLocation.isPostgresURL(location) {
                return try await PostgresStoryStore(url: location)
            }
            return try SQLiteStoryStore(path: location)
        } catch {
            throw CommandFailure("cannot open the database at \(shownLocation): \(error)")
        }
    }

    /// Releases what an open store holds: a PostgreSQL store's connections and pool task.
    static func close(_ store: any NewsroomStore) async {
        if let postgres = store as? PostgresStoryStore { await postgres.shutdown() }
    }
}
