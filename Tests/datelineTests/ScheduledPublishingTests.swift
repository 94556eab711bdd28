import DatelineCore
import DatelineStore
import Foundation
import Testing

/// Two `dateline serve` processes on one database: each scheduled story goes live once, on
/// time, with no page traffic at all.
@Suite struct ScheduledPublishingTests {
    /// Starts `dateline serve` and returns it with everything it printed up to its URL line.
    private func startServer(database: String) throws -> (CommandRunner.Running, String) {
        let child = try CommandRunner.start([
            "serve", "--port", "0", "--no-demo", "--schedule-interval", "1", "--database", database,
        ])
        var printed = ""
        for _ in 0..<600 {
            let chunk = child.outputPipe.fileHandleForReading.availableData
            if chunk.isEmpty {
                if !child.process.isRunning { break }
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            printed += String(decoding: chunk, as: UTF8.self)
            if printed.contains("Dateline is serving") { return (child, printed) }
        }
        child.process.terminate()
        throw CommandFailureForTest("serve printed no URL; stdout so far: \(printed)")
    }

    @Test func twoServersPublishEachScheduledStoryExactlyOnce() async throws {
        let scratch = try ScratchFolder()
        let database = scratch.path("shared.sqlite")
        let store = try SQLiteStoryStore(path: database)
        let (first, firstOutput) = try startServer(database: database)
        defer { if first.process.isRunning { first.process.terminate() } }
        let (second, _) = try startServer(database: database)
        defer { if second.process.isRunning { second.process.terminate() } }

        var ids: [Int64] = []
        for index in 0..<3 {
            let story = try await store.create(
                StoryDraft(headline: "Scheduled story \(index)", section: "World", body: ["Body."]), status: .draft)
            _ = try await store.setStatus(id: story.id, to: .scheduled, publishedAt: Date().addingTimeInterval(2))
            ids.append(story.id)
        }
        for _ in 0..<200 {
            let statuses = try await ids.asyncMap { try await store.story(id: $0)?.status }
            if statuses.allSatisfy({ $0 == .published }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        for id in ids { #expect(try await store.story(id: id)?.status == .published) }

        var logs = ""
        for child in [first, second] {
            kill(child.process.processIdentifier, SIGTERM)
            child.process.waitUntilExit()
            logs += String(decoding: child.errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            logs += String(decoding: child.outputPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        #expect((firstOutput + logs).contains("/newsroom/setup/"), "an empty newsroom prints its one-time set-up link")
        let publications = logs.split(separator: "\n").filter { $0.contains("published a scheduled story") }
        #expect(publications.count == ids.count, "\(publications)")
        for id in ids {
            #expect(publications.filter { $0.contains("story=\(id) ") || $0.hasSuffix("story=\(id)") }.count == 1)
        }
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
