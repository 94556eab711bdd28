import ArgumentParser
import DatelineCore
import DatelineIngest
import DatelineStore
import Foundation

/// `dateline wire`: the wire queue from the command line.
struct WireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wire",
        abstract: "Take agency copy (ninjs, NewsML-G2) into the wire queue, list it, and drop expired items.",
        subcommands: [Import.self, List.self, Expire.self]
    )

    /// `dateline wire import FILE|DIR…`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read ninjs (.json) and NewsML-G2 (.xml) files and folders into the wire queue.",
            discussion: """
                A newer version of an item already queued (same source and identifier) replaces it; \
                the same or an older version changes nothing. A copy of an item already queued (same \
                address once tracking parameters and AMP or mobile hosts are set aside, or nearly the \
                same text) is kept, grouped under the first. XML with a document type declaration is \
                refused: NewsML-G2 needs none, and no entity is expanded and nothing fetched while \
                parsing. Prints one summary line; the exit status is 1 when anything failed.
                """)

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "Files (.json ninjs, .xml NewsML-G2) or folders of them.")
        var paths: [String]

        @Option(help: "Hours an item stays in the queue (after its embargo ends, when it has one).")
        var keepHours = 72

        @Option(help: "The largest file read, in megabytes.")
        var maxSize = 10

        func validate() throws {
            guard (1...24 * 366).contains(keepHours) else { throw ValidationError("--keep-hours must be 1 to 8784") }
            guard (1...1_000).contains(maxSize) else {
                throw ValidationError("--max-size must be between 1 and 1000 MB")
            }
        }

        func run() async throws {
            let entries = WireFileListing.list(paths)
            guard !entries.isEmpty else {
                throw CommandFailure("found no wire files (.json, .xml) in \(paths.joined(separator: ", "))")
            }
            let importer = WireImport(
                reader: WireFileReader(maximumBytes: maxSize * 1_000_000), lifetime: TimeInterval(keepHours) * 3600)
            let counts = try await databaseOptions.withStore { store in
                guard let wire = store as? any WireStore else {
                    throw CommandFailure("the database at \(databaseOptions.shownLocation) keeps no wire queue")
                }
                return await importer.run(entries, into: wire)
            }
            print(counts.summary)
            if counts.failed > 0 { throw ExitCode(1) }
        }
    }

    /// `dateline wire list [--json]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the wire queue, newest first (one JSON object a line with --json).")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Flag(help: "One JSON object a line: id, headline, source, url, duplicate_of and more.")
        var json = false

        @Option(help: "Only items from this source.") var source: String?
        @Option(help: "Only items for this section.") var section: String?
        @Option(help: "Only items with this subject code (medtop:…) or name.") var subject: String?
        @Option(help: "Only items whose text holds these words.") var text: String?
        @Option(help: "At most this many items (1 to 1000).") var limit = 1_000

        func run() async throws {
            let filter = WireFilter(source: source, section: section, subject: subject, text: text, limit: limit)
            try await databaseOptions.withStore { store in
                guard let wire = store as? any WireStore else {
                    throw CommandFailure("the database at \(databaseOptions.shownLocation) keeps no wire queue")
                }
                for item in try await wire.wireItems(filter, now: Date()) {
                    if json {
                        print(Self.jsonLine(item))
                    } else {
                        let group = item.duplicateOf.map { "copy of \($0)" } ?? "-"
                        print(
                            [String(item.id), item.content.source, group, item.content.headline].joined(separator: "\t")
                        )
                    }
                }
            }
        }

        static func jsonLine(_ item: WireItem) -> String {
            let time = ISO8601DateFormatter()
            var object: [String: Any] = [
                "id": item.id, "headline": item.content.headline, "source": item.content.source,
                "guid": item.content.guid, "version": item.content.version, "format": item.content.format.rawValue,
                "url": (item.content.canonicalURL ?? item.content.url) ?? NSNull(),
                "duplicate_of": item.duplicateOf.map { $0 as Any } ?? NSNull(),
                "story_id": item.storyID.map { $0 as Any } ?? NSNull(),
                "origin": item.content.origin, "received_at": time.string(from: item.receivedAt),
                "expires_at": time.string(from: item.expiresAt),
                "subjects": item.content.subjects.map { $0.code ?? $0.name ?? "" },
                "embargoed_until": item.content.embargoedUntil.map { time.string(from: $0) as Any } ?? NSNull(),
            ]
            object["section"] = item.content.section ?? NSNull()
            object["byline"] = item.content.byline ?? NSNull()
            object["dateline"] = item.content.dateline ?? NSNull()
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// `dateline wire expire`.
    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove expired items from the wire queue (the server's scheduler does this too).")

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.withStore { store in
                guard let wire = store as? any WireStore else {
                    throw CommandFailure("the database at \(databaseOptions.shownLocation) keeps no wire queue")
                }
                print("removed \(try await wire.expireWireItems(now: Date())) expired wire items")
            }
        }
    }
}
