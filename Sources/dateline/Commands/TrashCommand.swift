import ArgumentParser
import DatelineCore
import DatelineStore
import Foundation

/// `dateline trash`: the newsroom's trash from the command line — list, move a story in, restore,
/// and empty what is past its 30 days (which the server's scheduler also does).
struct TrashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trash",
        abstract: "List, fill, restore and empty the trash of deleted stories.",
        subcommands: [List.self, Add.self, Restore.self, Empty.self]
    )

    /// `dateline trash list`: one line per story, most recently deleted first.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the stories in the trash: id, deleted at, deleted for good at, status before, headline.")

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.withStore { store in
                for entry in try await store.trashedStories(limit: 10_000) {
                    let fields = [
                        String(entry.story.id), ISO8601DateFormatter().string(from: entry.trashedAt),
                        ISO8601DateFormatter().string(from: entry.purgeAt), entry.statusBefore.rawValue,
                        entry.story.headline,
                    ]
                    print(fields.joined(separator: "\t"))
                }
            }
        }
    }

    /// `dateline trash add ID`: moves a story to the trash, as "Move to trash" in the newsroom does.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Move a story to the trash (off the site at once; restorable for 30 days).")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "The story's id (shown in the newsroom's address for it).")
        var id: Int64

        func run() async throws {
            try await databaseOptions.withStore { store in
                do {
                    let entry = try await store.moveToTrash(story: id, by: nil, at: Date())
                    print(
                        "Moved “\(entry.story.headline)” to the trash; restore it before \(ISO8601DateFormatter().string(from: entry.purgeAt))."
                    )
                } catch StoreError.notFound {
                    throw CommandFailure("there is no story \(id) outside the trash; see `dateline trash list`")
                }
            }
        }
    }

    /// `dateline trash restore ID`.
    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a story out of the trash (a story that was live comes back unpublished).")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "The story's id, as `dateline trash list` shows it.")
        var id: Int64

        func run() async throws {
            try await databaseOptions.withStore { store in
                do {
                    let story = try await store.restoreFromTrash(story: id, by: nil, at: Date())
                    print("Restored “\(story.headline)” as \(story.status.rawValue).")
                } catch StoreError.notFound {
                    throw CommandFailure("story \(id) is not in the trash; see `dateline trash list`")
                }
            }
        }
    }

    /// `dateline trash empty`: deletes for good what has been in the trash for 30 days (or, with
    /// `--all`, everything in it).
    struct Empty: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete for good the stories that have been in the trash for 30 days.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Flag(help: "Delete everything in the trash now, however recent.")
        var all = false

        func run() async throws {
            try await databaseOptions.withStore { store in
                let cutoff = all ? Date.distantFuture : Date() - TrashPolicy.retention
                let count = try await store.purgeTrash(trashedBefore: cutoff)
                print(count == 1 ? "Deleted 1 story for good." : "Deleted \(count) stories for good.")
            }
        }
    }
}
