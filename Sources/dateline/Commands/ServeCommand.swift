import ArgumentParser
import DatelineCore
import DatelineMail
import DatelineStore
import DatelineWeb
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus

/// `dateline serve`: runs the reader site, loading the demo archive into an empty database first.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the site. Loads the demo archive when the database is empty.",
        discussion: "Stops gracefully on SIGINT (Ctrl-C) or SIGTERM, finishing requests in flight."
    )

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: "The address to listen on. Default: $DATELINE_HOST, else 127.0.0.1.")
    var host: String?

    @Option(help: "The port to listen on (0 picks a free one). Default: $DATELINE_PORT, else 8080.")
    var port: Int?

    @Option(help: "The site's public address, for canonical links (e.g. https://news.example.com).")
    var publicURL: String?

    @Option(
        help: ArgumentHelp(
            "A host name (with its port, as in the Host header) whose readers get links to it; repeat for several.",
            discussion:
                "Default: $DATELINE_ALLOWED_HOSTS (comma-separated). Any other Host gets links to --public-url (or the listening address)."
        ))
    var allowedHost: [String] = []

    @Option(
        help: ArgumentHelp(
            "Searches and query-string feed requests one client address may make per minute (0: no limit).",
            discussion: "Default: $DATELINE_READER_RATE_LIMIT, else 60."))
    var readerRateLimit: Int?

    @Option(
        help: ArgumentHelp(
            "A client address never rate-limited (monitoring, the office); repeat for several.",
            discussion: "Default: $DATELINE_TRUSTED_ADDRESSES (comma-separated); loopback is always trusted."))
    var trustedAddress: [String] = []

    @Option(help: "Seconds a connection may wait without a complete request before it is closed (1 to 3600).")
    var idleTimeout: Int = 30

    @Option(help: "Seconds a request body may take to arrive before the connection is closed (1 to 3600).")
    var bodyTimeout: Int = 60

    @Flag(help: "Do not load the demo archive into an empty database.")
    var noDemo = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error. Default: $DATELINE_LOG_LEVEL, else info.")
    var logLevel: String?

    @Option(
        help:
            "Log format: text (one readable line per event) or json (one JSON object per line). Default: $DATELINE_LOG_FORMAT, else text."
    )
    var logFormat: String?

    @Flag(help: "Do not collect Prometheus metrics or serve /metrics.")
    var noMetrics = false

    @Flag(help: "Do not keep rendered pages in memory (they are dropped on every story change anyway).")
    var noPageCache = false

    @Flag(
        help:
            "Do not keep the models behind reader pages in memory (stories, Don't Miss, sections; dropped on every change anyway)."
    )
    var noModelCache = false

    @Option(help: "Seconds between checks for scheduled stories that are due (1 to 3600).")
    var scheduleInterval: Int = 15

    @Option(
        help: ArgumentHelp(
            "The SMTP server for E-mail to a friend, e.g. smtp+starttls://user:pass@mail.example.com:587?from=news@example.com.",
            discussion: "Default: $DATELINE_SMTP_URL. Without one, the tool is hidden."))
    var smtpURL: String?

    @Option(help: "Seconds before the first retry of mail the SMTP server did not take (1 to 3600).")
    var mailRetryDelay: Int = 30

    @Option(help: "Deliveries this instance has under way at once, each on its own SMTP connection (1 to 64).")
    var mailConcurrency: Int = 8

    @Option(help: "Of those, how many may go to one recipient domain at once (1 to 64).")
    var mailDomainConcurrency: Int = 4

    @Option(
        help: ArgumentHelp(
            "SMTP connections kept open between deliveries for the next ones (0: one connection per message; 0 to 64).",
            discussion:
                "Default: the --mail-concurrency value. A kept connection is closed after 10 s idle or 100 messages."
        ))
    var smtpReuseConnections: Int?

    @Option(
        help: ArgumentHelp(
            "Seconds a claimed outbox batch stays reserved for this instance before another may take it (30 to 3600).",
            discussion:
                "After a crash, the crashed instance's unsent messages wait this long. Best longer than sending one batch (64 messages) takes: when it is not, another instance takes over the rest of the batch (never sending a message twice), and the work done on them is lost."
        ))
    var mailLease: Int = 120

    @Option(
        help: ArgumentHelp(
            "What to do with a message the SMTP server may or may not have: hold (default) or resend.",
            discussion:
                "A message is in doubt when its instance stopped after handing it to the server and before hearing back, or when the connection ended after the message's last line without a reply. "
                + "hold keeps it for a person to decide (the newsletter issue page, `dateline mail outbox --resend-in-doubt`), so no reader gets a second copy by itself; "
                + "resend sends it again at once, so none is missing and a reader may get one twice (with the same Message-ID)."
        ))
    var mailInDoubt: MailInDoubtPolicy = .hold

    @Flag(
        help: ArgumentHelp(
            "Without an SMTP URL, keep outgoing mail in the database, readable at /newsroom/mail, instead of sending it.",
            discussion:
                "For development: E-mail to a friend, newsletter confirmations and account mail work with no mail server. "
                + "Ignored when an SMTP URL is set. Default: on when $DATELINE_MAIL_CATCHER is 1 or true. ./scripts/run turns it on."
        ))
    var mailCatcher = false

    @Option(help: "How many messages the mail catcher keeps; older ones are deleted (1 to 10000).")
    var mailCatcherKeep: Int = CaughtMail.defaultKeep

    @Option(
        help: ArgumentHelp(
            "Newsletter messages a minute to one destination domain, all instances together (default: no limit).",
            discussion: "Default: $DATELINE_NEWSLETTER_DOMAIN_RATE."))
    var newsletterDomainRate: Int?

    @Option(
        help: ArgumentHelp(
            "The folder this server caches image renditions in.",
            discussion:
                "Default: $DATELINE_RENDITION_CACHE, else a 'renditions' folder beside the SQLite file (for PostgreSQL, "
                + "dateline-renditions in the system's temporary folder)."))
    var renditionCache: String?

    @Option(help: "The most megabytes the rendition cache may take; the least recently used go first (1 to 1048576).")
    var renditionCacheMegabytes: Int = 1_024

    @Flag(
        help: ArgumentHelp(
            "Let the newsroom fetch an uploaded page's picture from private, loopback and link-local addresses.",
            discussion:
                "Off by default: only public addresses are fetched, so an uploaded page cannot point the server at its own network. Default: on when $DATELINE_FETCH_PRIVATE_ADDRESSES is 1 or true."
        ))
    var fetchPrivateAddresses = false

    @Flag(
        help: ArgumentHelp(
            "Take the client address from the last X-Forwarded-For entry (only behind a proxy that sets it).",
            discussion: "Default: on when $DATELINE_TRUST_FORWARDED_FOR is 1 or true."))
    var trustForwardedFor = false

    @Option(
        help: ArgumentHelp(
            "Who must turn on two-factor sign-in before using the newsroom: none, admins, editors (editors and admins), writers or everyone.",
            discussion: "Default: $DATELINE_REQUIRE_TWO_FACTOR, else none."))
    var requireTwoFactor: String?

    @Option(
        help: ArgumentHelp(
            "A file holding the passphrase that seals two-factor secrets in the database.",
            discussion:
                "Default: $DATELINE_TWO_FACTOR_KEY. Without one the secrets are stored unsealed. Every server sharing a database needs the same passphrase."
        ))
    var twoFactorKeyFile: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let host = host ?? environment["DATELINE_HOST"] ?? "127.0.0.1"
        guard let port = port ?? environment["DATELINE_PORT"].flatMap(Int.init) ?? Optional(8080),
            (0...65_535).contains(port)
        else { throw CommandFailure("the port must be a number from 0 to 65535") }
        var publicBaseURL: URL?
        if let text = publicURL ?? environment["DATELINE_PUBLIC_URL"] {
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw CommandFailure("--public-url must be an absolute http(s) address, not '\(text)'")
            }
            publicBaseURL = url
        }
        let levelText = logLevel ?? environment["DATELINE_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw CommandFailure("unknown log level '\(levelText)'; use trace, debug, info, notice, warning or error")
        }
        let formatText = (logFormat ?? environment["DATELINE_LOG_FORMAT"] ?? "text").lowercased()
        guard ["text", "json"].contains(formatText) else {
            throw CommandFailure("unknown log format '\(formatText)'; use text or json")
        }
        var logger =
            formatText == "json"
            ? Logger(label: "dateline", factory: { JSONLogHandler(label: $0) }) : Logger(label: "dateline")
        logger.logLevel = level
        let metrics = noMetrics ? nil : Self.bootstrapMetrics()

        guard (1...3_600).contains(scheduleInterval) else {
            throw CommandFailure("--schedule-interval must be between 1 and 3600 seconds")
        }
        try await databaseOptions.withStore { store in
            try await serve(
                store, host: host, port: port, publicBaseURL: publicBaseURL, logger: logger, metrics: metrics)
        }
    }

    /// The entries of a comma-separated variable, trimmed, blanks left out.
    private static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Runs the site over `store` until SIGINT or SIGTERM.
    private func serve(
        _ store: any NewsroomStore, host: String, port: Int, publicBaseURL: URL?, logger: Logger,
        metrics: PrometheusCollectorRegistry?
    ) async throws {
        let environment = ProcessInfo.processInfo.environment
        if !noDemo, try await store.storyCount() == 0 {
            let count = try await DemoArchive.load(into: store)
            logger.info("loaded the demo archive", metadata: ["stories": "\(count)"])
        }

        let setupPath = try await SetupLink.makeIfNeeded(in: store)

        var configuration = WebConfiguration(host: host, port: port, publicBaseURL: publicBaseURL)
        configuration.newsroom.trustsForwardedFor =
            trustForwardedFor
            || ["1", "true"].contains(environment["DATELINE_TRUST_FORWARDED_FOR"]?.lowercased() ?? "")
        configuration.cachesPages = !noPageCache
        configuration.cachesModels = !noModelCache
        configuration.newsroom.twoFactorRequiredFrom = try Self.twoFactorRole(
            requireTwoFactor ?? environment["DATELINE_REQUIRE_TWO_FACTOR"] ?? "none")
        if let twoFactorKeyFile {
            guard let text = try? String(contentsOfFile: twoFactorKeyFile, encoding: .utf8),
                let key = TwoFactorKey(passphrase: text)
            else { throw CommandFailure("--two-factor-key-file '\(twoFactorKeyFile)' cannot be read or is empty") }
            configuration.newsroom.twoFactorKey = key
        } else {
            configuration.newsroom.twoFactorKey = environment["DATELINE_TWO_FACTOR_KEY"].flatMap(TwoFactorKey.init)
        }
        guard (1...1_048_576).contains(renditionCacheMegabytes) else {
            throw CommandFailure("--rendition-cache-megabytes must be between 1 and 1048576")
        }
        configuration.media = MediaConfiguration(
            renditionFolder: (renditionCache ?? environment["DATELINE_RENDITION_CACHE"]).map {
                URL(fileURLWithPath: $0, isDirectory: true)
            }
                ?? (PostgresLocation.isPostgresURL(databaseOptions.location)
                    ? nil
                    : URL(fileURLWithPath: databaseOptions.location).deletingLastPathComponent()
                        .appendingPathComponent("renditions", isDirectory: true)),
            renditionCacheBytes: renditionCacheMegabytes * 1024 * 1024)
        configuration.media.fetchesFromPrivateAddresses =
            fetchPrivateAddresses
            || ["1", "true"].contains(environment["DATELINE_FETCH_PRIVATE_ADDRESSES"]?.lowercased() ?? "")
        configuration.allowedHosts =
            allowedHost + Self.list(environment["DATELINE_ALLOWED_HOSTS"]).filter { _ in allowedHost.isEmpty }
        let rateLimit =
            try readerRateLimit ?? environment["DATELINE_READER_RATE_LIMIT"].map {
                guard let value = Int($0) else {
                    throw CommandFailure("DATELINE_READER_RATE_LIMIT must be a whole number, not '\($0)'")
                }
                return value
            } ?? 60
        guard (0...100_000).contains(rateLimit) else {
            throw CommandFailure("--reader-rate-limit must be between 0 (no limit) and 100000 a minute")
        }
        configuration.readerRateLimits.requests = rateLimit
        configuration.readerRateLimits.trustedAddresses.formUnion(
            trustedAddress + Self.list(environment["DATELINE_TRUSTED_ADDRESSES"]))
        guard (1...3_600).contains(idleTimeout), (1...3_600).contains(bodyTimeout) else {
            throw CommandFailure("--idle-timeout and --body-timeout must be between 1 and 3600 seconds")
        }
        configuration.timeouts = ConnectionTimeouts(idle: .seconds(idleTimeout), requestBody: .seconds(bodyTimeout))
        if publicBaseURL == nil, !["127.0.0.1", "::1", "localhost"].contains(host) {
            logger.warning(
                "no --public-url: links in feeds, sitemaps and mail point at the listening address; set it to the address readers use"
            )
        }
        configuration.mail = try mailConfiguration(environment: environment, configuration: configuration)
        if let rate = try newsletterDomainRate
            ?? environment["DATELINE_NEWSLETTER_DOMAIN_RATE"].map({
                guard let value = Int($0) else {
                    throw CommandFailure("DATELINE_NEWSLETTER_DOMAIN_RATE must be a whole number, not '\($0)'")
                }
                return value
            })
        {
            guard (1...1_000_000).contains(rate) else {
                throw CommandFailure("--newsletter-domain-rate must be between 1 and 1000000 messages a minute")
            }
            configuration.newsletterDomainRate = rate
        }
        switch configuration.mail?.delivery {
        case .smtp(let smtp)?:
            if mailCatcher { logger.notice("an SMTP URL is set, so the mail catcher is off") }
            let from = configuration.mail.map { "\($0.from.address)" } ?? ""
            logger.info("mail is on", metadata: ["smtp": "\(smtp)", "from": "\(from)"])
        case .catcher(let keep)?:
            logger.notice(
                "mail catcher on: mail is kept in the database, not sent; read it at /newsroom/mail",
                metadata: ["keep": "\(keep)"])
        case nil:
            break
        }
        let app = try await makeReaderApplication(
            configuration: configuration, store: store, logger: logger, metrics: metrics,
            onServerRunning: { [location = databaseOptions.shownLocation, publicBaseURL] boundPort in
                // A wildcard address is not something a browser can open; show loopback instead.
                let shown = ["0.0.0.0", "::", "[::]"].contains(host) ? "127.0.0.1" : host
                let urlHost = shown.contains(":") && !shown.hasPrefix("[") ? "[\(shown)]" : shown
                // Written unbuffered: scripts and tests wait for this line on a pipe.
                let line = "Dateline is serving \(location) at http://\(urlHost):\(boundPort)/\n"
                FileHandle.standardOutput.write(Data(line.utf8))
                if let setupPath {
                    let base =
                        publicBaseURL.map { $0.absoluteString.trimmingCharacters(in: ["/"]) }
                        ?? "http://\(urlHost):\(boundPort)"
                    let setup =
                        "No newsroom accounts yet. Create the first admin (link works once, for 24 hours): \(base)\(setupPath)\n"
                    FileHandle.standardOutput.write(Data(setup.utf8))
                }
            })
        let scheduler = StoryScheduler(store: store, interval: .seconds(scheduleInterval), logger: logger)
        let scheduling = Task { await scheduler.run() }
        defer { scheduling.cancel() }
        // Followed feeds: each due source polled by exactly one instance (the store leases it).
        let polling = (store as? any SourceStore & WireStore).map { sources in
            Task { await SourcePoller(store: sources, logger: logger).run(every: .seconds(30)) }
        }
        defer { polling?.cancel() }
        // Hummingbird's default signals are SIGTERM and SIGINT: both drain requests in flight.
        try await app.runService()
    }
}

extension ServeCommand {
    /// Makes swift-metrics report into a Prometheus registry that `/metrics` serves. The metrics
    /// system can be bootstrapped once per process, which `serve` is.
    fileprivate static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// Mail settings from --smtp-url or $DATELINE_SMTP_URL, else the mail catcher when asked for;
    /// nil when there is neither.
    fileprivate func mailConfiguration(environment: [String: String], configuration: WebConfiguration) throws
        -> StoryMailConfiguration?
    {
        guard (1...3_600).contains(mailRetryDelay) else {
            throw CommandFailure("--mail-retry-delay must be between 1 and 3600 seconds")
        }
        guard (1...64).contains(mailConcurrency), (1...64).contains(mailDomainConcurrency) else {
            throw CommandFailure("--mail-concurrency and --mail-domain-concurrency must be between 1 and 64")
        }
        let keptConnections = smtpReuseConnections ?? mailConcurrency
        guard (0...64).contains(keptConnections) else {
            throw CommandFailure(
                "--smtp-reuse-connections must be between 0 (one connection per message) and 64, not \(keptConnections)"
            )
        }
        guard (30...3_600).contains(mailLease) else {
            throw CommandFailure(
                "--mail-lease must be between 30 and 3600 seconds (the time one batch of mail may take to send), not \(mailLease)"
            )
        }
        var environment = environment
        if let smtpURL { environment[SMTPConfiguration.environmentVariable] = smtpURL }
        guard (1...CaughtMail.maximumKeep).contains(mailCatcherKeep) else {
            throw CommandFailure("--mail-catcher-keep must be between 1 and \(CaughtMail.maximumKeep)")
        }
        var smtp: SMTPConfiguration?
        do {
            smtp = try SMTPConfiguration.fromEnvironment(environment)
        } catch {
            throw CommandFailure("mail is not set up right: \(error)")
        }
        smtp?.connectionReuse.maximumIdle = keptConnections
        let catches =
            mailCatcher || ["1", "true"].contains(environment["DATELINE_MAIL_CATCHER"]?.lowercased() ?? "")
        // A real SMTP server always wins: the catcher is for machines without one.
        guard smtp != nil || catches else { return nil }
        let from: Mailbox
        do {
            from = try StoryMailConfiguration.defaultSender(
                for: smtp, siteName: configuration.siteName, publicBaseURL: configuration.publicBaseURL)
        } catch {
            throw CommandFailure(
                "cannot make a From address for mail (\(error)); add ?from=news@example.com to the SMTP URL")
        }
        let retry = MailRetryPolicy(
            initialDelay: .seconds(mailRetryDelay), pollInterval: .seconds(min(5, mailRetryDelay)),
            lease: .seconds(mailLease), concurrency: mailConcurrency,
            domainConcurrency: min(mailDomainConcurrency, mailConcurrency), inDoubt: mailInDoubt)
        let delivery: StoryMailConfiguration.Delivery = smtp.map { .smtp($0) } ?? .catcher(keep: mailCatcherKeep)
        return StoryMailConfiguration(delivery: delivery, from: from, retry: retry)
    }
}

extension ServeCommand {
    /// The least role `--require-two-factor` names, or nil for "none".
    static func twoFactorRole(_ text: String) throws -> Role? {
        switch text.lowercased() {
        case "none", "": return nil
        case "admins", "admin": return .admin
        case "editors", "editor": return .editor
        case "writers", "writer": return .writer
        case "everyone", "all", "contributors": return .contributor
        default:
            throw CommandFailure(
                "--require-two-factor must be none, admins, editors, writers or everyone, not '\(text)'")
        }
    }
}

extension MailInDoubtPolicy: ExpressibleByArgument {}
