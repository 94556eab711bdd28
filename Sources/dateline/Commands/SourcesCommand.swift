import ArgumentParser
import DatelineCore
import DatelineStore
import DatelineWeb
import Foundation

/// `dateline sources`: the feeds the newsroom follows into the wire queue.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Follow RSS, Atom and JSON feeds into the wire queue: add, list and poll them.",
        subcommands: [Add.self, List.self, Poll.self]
    )

    /// `dateline sources add URL [--section NAME] [--every MINUTES] [--allow-private]`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow a feed (RSS 2.0, Atom or JSON Feed); it is due at once.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "The feed's address (http or https).") var url: String
        @Option(help: "The section its items are suggested for.") var section: String?
        @Option(help: "Minutes between polls (1 to 10080).") var every = 15
        @Flag(help: "Fetch the feed and its pages from private and loopback addresses too (a newsroom's own server).")
        var allowPrivate = false

        func run() async throws {
            let source = NewFeedSource(url: url, section: section, intervalMinutes: every, allowPrivate: allowPrivate)
            try await databaseOptions.withStore { store in
                let sources = try SourcesCommand.sourceStore(store, databaseOptions)
                let added: FeedSource
                do {
                    added = try await sources.addFeedSource(source, now: Date())
                } catch let error as StoreError {
                    throw CommandFailure(SourcesCommand.problemText(error))
                }
                print("following source \(added.id): \(added.url), every \(added.intervalMinutes) minutes")
            }
        }
    }

    /// `dateline sources list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List followed sources: id, state, interval, next poll, address, name and the last result.")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Flag(help: "Also print each source's latest log lines.") var log = false

        func run() async throws {
            let time = ISO8601DateFormatter()
            try await databaseOptions.withStore { store in
                let sources = try SourcesCommand.sourceStore(store, databaseOptions)
                for source in try await sources.feedSources() {
                    let state =
                        source.paused
                        ? "paused"
                        : source.backoffUntil.map { "backing off until \(time.string(from: $0))" } ?? "active"
                    print(
                        [
                            String(source.id), state, "every \(source.intervalMinutes) min",
                            "next \(time.string(from: source.nextPollAt))", source.url, source.displayName,
                            source.lastResult ?? "not polled yet",
                        ].joined(separator: "\t"))
                    if log {
                        for entry in try await sources.feedLog(sourceID: source.id, limit: 20) {
                            print("  \(time.string(from: entry.time))\t\(entry.level.rawValue)\t\(entry.message)")
                        }
                    }
                }
            }
        }
    }

    /// `dateline sources poll`.
    struct Poll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Poll every followed source once now and print one summary line.",
            discussion: """
                Polls every source that is not paused and not backing off (after errors, or as a \
                server's Retry-After asked), whatever its interval, the way the server's scheduler \
                polls the ones that are due. Prints "N new, N updated, N duplicates, N failed": new \
                items, items replaced by a changed entry's new version, new items grouped as copies \
                of queued ones, and sources or entries that failed (see `dateline sources list \
                --log`). The exit status is 1 when anything failed.
                """)

        @OptionGroup var databaseOptions: DatabaseOptions

        @Option(help: "Hours a polled item stays in the wire queue.") var keepHours = 72

        func validate() throws {
            guard (1...24 * 366).contains(keepHours) else { throw ValidationError("--keep-hours must be 1 to 8784") }
        }

        func run() async throws {
            let counts = try await databaseOptions.withStore { store in
                let sources = try SourcesCommand.sourceStore(store, databaseOptions)
                return await SourcePoller(store: sources, lifetime: TimeInterval(keepHours) * 3600).pollAll(.now)
            }
            print(counts.summary)
            if counts.failed > 0 { throw ExitCode(1) }
        }
    }

    static func sourceStore(_ store: any NewsroomStore, _ options: DatabaseOptions) throws
        -> any SourceStore & WireStore
    {
        guard let sources = store as? any SourceStore & WireStore else {
            throw CommandFailure("the database at \(options.shownLocation) keeps no feed sources")
        }
        return sources
    }

    static func problemText(_ error: StoreError) -> String {
        if case .invalid(let problems) = error {
            return problems.problems.map(\.message).joined(separator: "; ")
        }
        return "\(error)"
    }
}
