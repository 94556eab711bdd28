import ArgumentParser
import DatelineStore
import Foundation

/// `dateline mail`: the site's mail, from the command line.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Act on returned mail.",
        subcommands: [Bounces.self]
    )

    /// `dateline mail bounces PATH`.
    struct Bounces: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read bounces and complaints from an mbox file or a maildir folder; suppress the addresses.",
            discussion: """
                Delivery status notifications (RFC 3464) with a permanent failure (status 5.x.x) and \
                abuse complaints (RFC 5965 feedback reports) put the address on the newsletter \
                suppression list: it is never mailed again, even if imported later. Temporary failures \
                (4.x.x) are only counted. Anything else is counted as unreadable with its reason. \
                Ends with a line "N hard, N soft, N complaints, N unreadable".
                """)

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "An mbox file (or one saved message) or a maildir folder (with cur/ and new/).")
        var path: String

        @Flag(help: "Read and count only; suppress nothing.")
        var dryRun = false

        @Option(help: "The largest message read, in kilobytes; larger ones count as unreadable (1 to 65536).")
        var maximumMessageKilobytes = 4_096

        @Option(help: "How many unreadable messages to list with their reason (0: none).")
        var showUnreadable = 20

        func validate() throws {
            guard (1...65_536).contains(maximumMessageKilobytes) else {
                throw ValidationError("--maximum-message-kilobytes must be between 1 and 65536")
            }
        }

        func run() async throws {
            let summary = try await databaseOptions.withStore { store in
                guard let newsletters = store as? any NewsletterStore else {
                    throw CommandFailure("this database does not keep newsletters, so it has no suppression list")
                }
                let importer = BounceImport(
                    store: dryRun ? nil : newsletters, maximumMessageBytes: maximumMessageKilobytes * 1024,
                    now: Date())
                return try await importer.run(path: path)
            }
            for reason in summary.reasons.prefix(max(0, showUnreadable)) { print("unreadable \(reason)") }
            if summary.reasons.count > max(0, showUnreadable) {
                print("… and \(summary.reasons.count - max(0, showUnreadable)) more unreadable")
            }
            if dryRun { print("dry run: nothing was suppressed") }
            print(summary.line)
        }
    }
}
