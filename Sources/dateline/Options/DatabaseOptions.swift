import ArgumentParser
import DatelineStore
import Foundation

/// The `--database` option shared by every command that opens the story database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database: a SQLite file path. Default: $DATELINE_DATABASE, else ./dateline.sqlite.",
            valueName: "path"))
    var database: String?

    /// The database location after the flag, the environment and the default are considered.
    var location: String {
        if let database, !database.isEmpty { return database }
        if let fromEnvironment = ProcessInfo.processInfo.environment["DATELINE_DATABASE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "dateline.sqlite"
    }

    /// Opens the store the options name, or exits with the store's own explanation.
    func openStore() throws -> any StoryStore {
        do {
            return try SQLiteStoryStore(path: location)
        } catch {
            throw CommandFailure("cannot open the database at \(location): \(error)")
        }
    }
}
