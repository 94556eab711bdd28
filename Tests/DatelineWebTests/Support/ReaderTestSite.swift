import DatelineCore
import DatelineStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

@testable import DatelineWeb

/// A reader site over a real SQLite store in a fresh temporary folder, for one test.
final class ReaderTestSite: Sendable {
    /// The folder holding the database; removed when the site goes away.
    let folder: URL
    /// The store the site reads from.
    let store: SQLiteStoryStore
    /// The site's configuration.
    let configuration: WebConfiguration

    init(configuration: WebConfiguration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test")))
        throws
    {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("dateline-web-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStoryStore(path: folder.appendingPathComponent("dateline.sqlite").path)
        self.configuration = configuration
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A logger that drops everything, so test output stays readable.
    static let quietLogger = Logger(label: "dateline-web-tests") { _ in SwiftLogNoOpLogHandler() }

    /// Runs `body` against the application in router mode (no sockets).
    func withBrowser<T: Sendable>(
        logger: Logger = ReaderTestSite.quietLogger, _ body: @Sendable (inout Browser) async throws -> T
    ) async throws -> T {
        let app = try await makeReaderApplication(configuration: configuration, store: store, logger: logger)
        return try await app.test(.router) { client in
            var browser = Browser(client: client)
            return try await body(&browser)
        }
    }

    /// Stores `draft` as a published story.
    @discardableResult
    func publish(_ draft: StoryDraft) async throws -> Story {
        try await store.create(draft, status: .published)
    }

    /// Stores `draft` as an unpublished draft.
    @discardableResult
    func file(_ draft: StoryDraft) async throws -> Story {
        try await store.create(draft, status: .draft)
    }
}
