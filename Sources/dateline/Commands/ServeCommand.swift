import ArgumentParser
import DatelineStore
import DatelineWeb
import Foundation
import Hummingbird
import Logging

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

    @Flag(help: "Do not load the demo archive into an empty database.")
    var noDemo = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error. Default: $DATELINE_LOG_LEVEL, else info.")
    var logLevel: String?

    @Option(help: "Seconds between checks for scheduled stories that are due (1 to 3600).")
    var scheduleInterval: Int = 15

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
        var logger = Logger(label: "dateline")
        logger.logLevel = level

        guard (1...3_600).contains(scheduleInterval) else {
            throw CommandFailure("--schedule-interval must be between 1 and 3600 seconds")
        }
        try await databaseOptions.withStore { store in
            try await serve(store, host: host, port: port, publicBaseURL: publicBaseURL, logger: logger)
        }
    }

    /// Runs the site over `store` until SIGINT or SIGTERM.
    private func serve(
        _ store: any NewsroomStore, host: String, port: Int, publicBaseURL: URL?, logger: Logger
    ) async throws {
        if !noDemo, try await store.storyCount() == 0 {
            let count = try await DemoArchive.load(into: store)
            logger.info("loaded the demo archive", metadata: ["stories": "\(count)"])
        }

        let setupPath = try await SetupLink.makeIfNeeded(in: store)

        let configuration = WebConfiguration(host: host, port: port, publicBaseURL: publicBaseURL)
        let app = try await makeReaderApplication(
            configuration: configuration, store: store, logger: logger,
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
        // Hummingbird's default signals are SIGTERM and SIGINT: both drain requests in flight.
        try await app.runService()
    }
}
