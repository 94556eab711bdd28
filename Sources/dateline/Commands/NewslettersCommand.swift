import ArgumentParser
import DatelineCore
import DatelineMail
import DatelineStore
import DatelineWeb
import Foundation
import Logging

/// `dateline newsletters`: the newsletters readers subscribe to, from the command line, and
/// sending a list's issue now (`dateline newsletters send SLUG`).
struct NewslettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsletters",
        abstract: "Add and list the newsletters readers can subscribe to, and send a list's issue now.",
        subcommands: [Add.self, List.self, Send.self, Import.self, Export.self]
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

    /// `dateline newsletters send SLUG`: makes the list's issue from the stories published since
    /// its last one and queues a message per subscriber into the shared outbox, as the scheduler
    /// does; the running servers' mail queues send them.
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a newsletter's issue now and queue it for every confirmed subscriber.",
            discussion: """
                Prints how many messages were queued. The messages are sent by the mail queue of \
                any running `dateline serve` that has an SMTP server configured.
                """)

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "The newsletter's address (its slug, as `dateline newsletters list` shows).")
        var slug: String

        @Option(
            help: "The site's public address, for the links in the message (default: $DATELINE_PUBLIC_URL).")
        var publicURL: String?

        @Option(help: "The site's name, as messages show it.")
        var siteName = "Dateline"

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let origin = publicURL ?? environment["DATELINE_PUBLIC_URL"],
                let url = URL(string: origin), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host() != nil
            else {
                throw CommandFailure(
                    "the links in the message need the site's address: pass --public-url https://news.example.com or set DATELINE_PUBLIC_URL"
                )
            }
            guard let slug = Slug(validating: slug.lowercased()) else {
                throw CommandFailure("“\(self.slug)” is not a newsletter address; see `dateline newsletters list`")
            }
            let count = try await databaseOptions.withStore { store in
                guard let letters = store as? NewsletterSender.Store else {
                    throw CommandFailure("this database cannot keep newsletters")
                }
                guard let list = try await letters.newsletter(slug: slug) else {
                    throw CommandFailure(
                        "there is no newsletter “\(slug.rawValue)”; see `dateline newsletters list`")
                }
                var logger = Logger(label: "dateline.newsletters")
                logger.logLevel = .warning
                let sender = NewsletterSender(
                    store: letters, origin: url.absoluteString, siteName: siteName, logger: logger)
                switch try await sender.sendNow(list) {
                case .queued(let issue, let count):
                    let stories = issue.stories.count == 1 ? "1 story" : "\(issue.stories.count) stories"
                    print("Made issue \(issue.number) of “\(list.name)” with \(stories).")
                    return count
                case .noNewStories:
                    print("No stories were published since the last issue of “\(list.name)”: no issue was made.")
                    return 0
                case .alreadyMade:
                    print("An issue of “\(list.name)” was made for this moment already.")
                    return 0
                case .noList:
                    throw CommandFailure("the newsletter “\(slug.rawValue)” was deleted meanwhile")
                }
            }
            print("Queued \(count) message\(count == 1 ? "" : "s").")
        }
    }
}
