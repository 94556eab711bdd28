import DatelineCore
import Foundation
import HTTPTypes
import Logging
import Synchronization
import Testing

@testable import DatelineWeb

@Suite("Request log")
struct RequestLogMiddlewareTests {
    /// Keeps every log record, so the test can read what the middleware wrote.
    final class Recorder: Sendable {
        struct Record: Sendable {
            let message: String
            let metadata: Logger.Metadata
        }
        let records = Mutex<[Record]>([])

        var handler: @Sendable (String) -> any LogHandler {
            { _ in RecordingHandler(recorder: self) }
        }
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            recorder.records.withLock { $0.append(.init(message: "\(event.message)", metadata: merged)) }
        }
    }

    @Test("each request logs method, path, status and duration, without the query string")
    func structuredLines() async throws {
        let site = try ReaderTestSite()
        let recorder = Recorder()
        let logger = Logger(label: "test", factory: recorder.handler)
        try await site.withBrowser(logger: logger) { browser in
            try await browser.get("/?private=reader-typed-this")
            try await browser.get("/story/no-such-story")
        }
        let lines = recorder.records.withLock { $0 }.filter { $0.message == "request" }
        #expect(lines.count == 2)
        let first = try #require(lines.first)
        #expect(first.metadata["http.method"] == "GET")
        #expect(first.metadata["http.path"] == "/")
        #expect(first.metadata["http.status"] == .stringConvertible(200))
        #expect(first.metadata["http.duration_ms"].map { Double("\($0)") != nil } == true)
        #expect(!"\(first.metadata)".contains("reader-typed-this"))
        let second = try #require(lines.last)
        #expect("\(second.metadata["http.status"] ?? "")" == "404")
        #expect(second.metadata["http.path"] == "/story/no-such-story")
    }
}
