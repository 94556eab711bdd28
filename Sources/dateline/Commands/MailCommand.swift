import ArgumentParser
import DatelineStore
import Foundation

/// `dateline mail`: the site's mail, from the command line.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Act on returned mail; see and settle the outbox.",
        subcommands: [Bounces.self, Outbox.self]
    )

    /// `dateline mail outbox [--resend-in-doubt]`.
    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the outbox's messages by state; optionally send the ones in doubt again.",
            discussion: """
                Prints one line per state: pending (waiting for a first or later attempt), handed over \
                (being finished with the mail server right now), sent, failed, and in doubt: handed to \
                the server by an instance that stopped before the server confirmed them. The server most \
                likely has those, so they are not sent again by themselves; --resend-in-doubt sends them \
                again, for when you know the server lost them.
                """)

        @OptionGroup var databaseOptions: DatabaseOptions

        @Flag(help: "Make every in-doubt message pending again, so a running instance sends it.")
        var resendInDoubt = false

        func run() async throws {
            let (counts, resent) = try await databaseOptions.withStore { store in
                guard let mail = store as? any MailStore else {
                    throw CommandFailure("this database does not keep a mail outbox")
                }
                let resent = resendInDoubt ? try await mail.resendInDoubtMail(now: Date()) : nil
                return (try await mail.mailCounts(), resent)
            }
            print("pending \(counts.pending)")
            print("handed over \(counts.handedOver)")
            print("sent \(counts.sent)")
            print("failed \(counts.failed)")
            print("in doubt \(counts.inDoubt)")
            if let resent { print("\(resent) in-doubt messages made pending again") }
        }
    }

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
