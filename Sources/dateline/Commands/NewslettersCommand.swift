import ArgumentParser
import DatelineCore
import DatelineMail
import DatelineStore
import Foundation

/// `dateline newsletters`: the newsletters readers subscribe to, from the command line. Sending
/// (`dateline newsletters send`) is not built yet; see the README's "Not done yet".
struct NewslettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsletters",
        abstract: "Add and list the newsletters readers can subscribe to.",
        subcommands: [Add.self, List.self]
    )

    /// `dateline newsletters add --name NAME --slug SLUG (--front | --section NAME | --topic NAME)`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a newsletter made from the front page, a section or a topic (or a breaking-news list).")

        @OptionGroup var databaseOptions: DatabaseOptions

        @Option(help: "The newsletter's name, as readers see it.")
        var name: String

        @Option(help: "Its address under /newsletters/ (default: made from the name).")
        var slug: String?

        @Flag(help: "Stories from the front page (the daily briefing).")
        var front = false

        @Option(help: "Stories from this section (its name or address).")
        var section: String?

        @Option(help: "Stories from this topic (its name or address).")
        var topic: String?

        @Flag(help: "A breaking-news list, sent by hand, with no schedule.")
        var breaking = false

        @Option(help: "A sentence for the subscribe page.")
        var description = ""

        @Option(help: "When it is sent each day, HH:MM (24-hour) in --time-zone.")
        var sendTime = "07:00"

        @Option(help: "An IANA time zone such as Europe/London.")
        var timeZone = "UTC"

        @Option(help: "The From name (default: Newsletters).")
        var fromName = "Newsletters"

        @Option(
            help: "The From address (default: the From of $DATELINE_SMTP_URL, else newsletters@localhost.localdomain).")
        var fromAddress: String?

        func validate() throws {
            let chosen = [front, section != nil, topic != nil, breaking].filter { $0 }.count
            guard chosen == 1 else {
                throw ValidationError("choose exactly one of --front, --section NAME, --topic NAME and --breaking")
            }
        }

        func run() async throws {
            let source: NewsletterSource
            if let section {
                guard let slug = Slug(validating: section.lowercased()) ?? Slug(from: section) else {
                    throw CommandFailure("“\(section)” is not a section name")
                }
                source = .section(slug)
            } else if let topic {
                guard let slug = Slug(validating: topic.lowercased()) ?? Slug(from: topic) else {
                    throw CommandFailure("“\(topic)” is not a topic name")
                }
                source = .topic(slug)
            } else {
                source = breaking ? .breaking : .front
            }
            let from =
                fromAddress
                ?? (try? SMTPConfiguration.fromEnvironment(ProcessInfo.processInfo.environment))??.sender?.address
                .string ?? "newsletters@localhost.localdomain"
            let input = NewsletterInput(
                name: name, slug: slug, description: description, source: source, sendTime: sendTime,
                timeZone: timeZone, fromName: fromName, fromAddress: from)
            try await databaseOptions.withStore { store in
                guard let letters = store as? any NewsletterStore else {
                    throw CommandFailure("this database cannot keep newsletters")
                }
                let list: Newsletter
                do {
                    list = try await letters.addNewsletter(input, now: Date())
                } catch StoreError.invalid(let error) {
                    throw CommandFailure(error.problems.map(\.message).joined(separator: "; "))
                }
                print(
                    "Added newsletter \(list.id) “\(list.name)” at /newsletters (\(list.slug.rawValue)), from \(list.fromAddress)."
                )
            }
        }
    }

    /// `dateline newsletters list`: id, address, kind, send time, confirmed subscribers, name.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the newsletters: id, address, source, send time and zone, confirmed subscribers, name.")

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            try await databaseOptions.withStore { store in
                guard let letters = store as? any NewsletterStore else {
                    throw CommandFailure("this database cannot keep newsletters")
                }
                for list in try await letters.newsletters() {
                    let source: String
                    switch list.source {
                    case .front: source = "front"
                    case .breaking: source = "breaking"
                    case .section(let slug): source = "section:\(slug.rawValue)"
                    case .topic(let slug): source = "topic:\(slug.rawValue)"
                    }
                    let fields = [
                        String(list.id), list.slug.rawValue, source, list.sendTime ?? "-", list.timeZone,
                        String(list.subscriberCount), list.name,
                    ]
                    print(fields.joined(separator: "\t"))
                }
            }
        }
    }
}
