import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import PostgresNIO
import Synchronization
import Testing

@testable import DatelineWeb

/// How many round trips the reader's pages make to PostgreSQL (issue 13: no request waits on a
/// string of statements). Runs when `DATELINE_TEST_POSTGRES_URL` names a server; under CI its
/// absence is a failure, not a skip.
///
/// The count comes from the connections themselves: every exchange with the server ends with its
/// ReadyForQuery message, which PostgresNIO's channel handler logs at trace level, so a
/// ``RoundTripCounter`` given as the store's logger sees each one, whichever code sent it.
@Suite struct PostgresRoundTripTests {
    static let variable = "DATELINE_TEST_POSTGRES_URL"
    static var serverURL: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }
    static var isWanted: Bool {
        serverURL != nil || !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
    }

    /// Round trips allowed per page: the front page reads its sections and their stories in one
    /// statement; the story page reads the story, the next story, "Don't Miss", the section list
    /// and the corrections (and, every few seconds, the change stream for "Don't Miss").
    static let frontPageLimit = 1
    static let storyPageLimit = 6

    @Test(.enabled(if: isWanted))
    func frontAndStoryPagesMakeFewRoundTrips() async throws {
        let serverURL = try #require(
            Self.serverURL, "CI is set but \(Self.variable) is not: start ./scripts/postgres start and export its URL")
        let server = try PostgresLocation(url: serverURL)
        let location = server.with(database: "dateline_test_" + UUID().uuidString.prefix(8).lowercased())
        try await Self.admin(server, "CREATE DATABASE \(location.database)")
        let counter = RoundTripCounter()
        let outcome: Result<Void, any Error>
        do {
            let store = try await PostgresStoryStore(location: location, logger: counter.logger)
            do {
                try await countRoundTrips(store: store, counter: counter)
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            await store.shutdown()
        } catch {
            outcome = .failure(error)
        }
        try? await Self.admin(server, "DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)")
        try outcome.get()
    }

    private func countRoundTrips(store: PostgresStoryStore, counter: RoundTripCounter) async throws {
        var slugs: [Slug] = []
        for (number, section) in ["World", "Business", "Sport", "World", "Business", "Sport", "World"].enumerated() {
            let story = try await store.create(
                StoryDraft(
                    headline: "Harbour ferry \(number) returns to service", section: section,
                    body: ["The ferry carried \(number * 10) passengers on its first crossing since the spring."],
                    highlights: ["Ferry \(number) is back"], topics: ["Harbour Ferries", "Porto"]),
                status: .published)
            slugs.append(story.slug)
        }
        let app = try await makeReaderApplication(
            configuration: WebConfiguration(publicBaseURL: URL(string: "https://news.example.test")), store: store,
            logger: ReaderTestSite.quietLogger)
        let slug = slugs[3]
        let (front, story, seenFront, seenStory) = try await app.test(.router) { client in
            var browser = Browser(client: client)
            // Once each first: the pool opens its connections and "Don't Miss" reads the archive.
            #expect(try await browser.get("/").status == .ok)
            #expect(try await browser.get("/story/\(slug)").status == .ok)
            // The counter sees every round trip on the store's connections, background work
            // included ("Don't Miss" catching up with the change stream after the first story
            // page), so each page is counted three times and its fewest is its own: a query
            // added to every request shows in all three. A page's last ReadyForQuery can also be
            // logged just after its response is read (the rows arrive before it), and then counts
            // towards the next page: so "it counts something" is asked of the most, not the fewest.
            var front = Int.max
            var story = Int.max
            var seenFront = 0
            var seenStory = 0
            for _ in 0..<3 {
                counter.reset()
                let home = try await browser.get("/")
                #expect(home.status == .ok)
                #expect(home.html.contains("Harbour ferry 6 returns to service"))
                front = min(front, counter.count)
                seenFront = max(seenFront, counter.count)
                counter.reset()
                let page = try await browser.get("/story/\(slug)")
                #expect(page.status == .ok)
                #expect(page.html.contains("Harbour ferry 3 returns to service"))
                story = min(story, counter.count)
                seenStory = max(seenStory, counter.count)
            }
            return (front, story, seenFront, seenStory)
        }
        print("round trips to PostgreSQL: front page \(front), story page \(story)")
        #expect(seenFront >= 1, "the counter saw no round trip for the front page; it counts nothing")
        #expect(
            front <= Self.frontPageLimit, "the front page made \(front) round trips; at most \(Self.frontPageLimit)")
        #expect(seenStory >= 1)
        #expect(
            story <= Self.storyPageLimit, "the story page made \(story) round trips; at most \(Self.storyPageLimit)")
    }

    /// Runs one administrative statement written by the test on the server, closing the
    /// connection after 30 s if the server does not answer.
    static func admin(_ server: PostgresLocation, _ sql: String) async throws {
        var logger = Logger(label: "dateline.tests.postgres")
        logger.logLevel = .critical
        var configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.username, password: server.password,
            database: server.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        let watchdog = Task {
            do { try await Task.sleep(for: .seconds(30)) } catch { return }
            try? await connection.close()
        }
        defer { watchdog.cancel() }
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Counts the ReadyForQuery messages PostgresNIO logs at trace level: one per round trip.
final class RoundTripCounter: Sendable {
    private let counted = Mutex(0)

    /// A logger that counts and otherwise drops everything.
    var logger: Logger {
        var logger = Logger(label: "dateline.tests.round-trips") { _ in Handler(counter: self) }
        logger.logLevel = .trace
        return logger
    }

    var count: Int { counted.withLock { $0 } }

    func reset() { counted.withLock { $0 = 0 } }

    fileprivate func record() { counted.withLock { $0 += 1 } }

    private struct Handler: LogHandler {
        let counter: RoundTripCounter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
            function: String, line: UInt
        ) {
            guard message.description == "Backend message received",
                let value = metadata?["psql_message"], "\(value)".hasPrefix(".readyForQuery")
            else { return }
            counter.record()
        }
    }
}
