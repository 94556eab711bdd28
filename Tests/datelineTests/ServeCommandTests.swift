import DatelineCore
import DatelineStore
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct ServeCommandTests {
    /// Starts `dateline serve` on a free port and returns the child and the URL it printed.
    private func startServer(_ extra: [String], database: String) throws -> (CommandRunner.Running, URL) {
        let child = try CommandRunner.start(["serve", "--port", "0", "--database", database] + extra)
        var printed = ""
        // The URL line comes once the demo is loaded and the socket is bound; give it up to ~60 s.
        for _ in 0..<600 {
            let chunk = child.outputPipe.fileHandleForReading.availableData
            if chunk.isEmpty {
                if !child.process.isRunning { break }
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            printed += String(decoding: chunk, as: UTF8.self)
            if let range = printed.range(of: #"http://[^\s]+/"#, options: .regularExpression) {
                return (child, try #require(URL(string: String(printed[range]))))
            }
        }
        child.process.terminate()
        throw CommandFailureForTest("serve printed no URL; stdout so far: \(printed)")
    }

    private func fetch(_ url: URL) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func servesTheDemoArchiveAndStopsGracefullyOnSIGINT() async throws {
        let scratch = try ScratchFolder()
        let database = scratch.path("demo.sqlite")
        let (child, url) = try startServer([], database: database)
        defer { if child.process.isRunning { child.process.terminate() } }

        let (status, home) = try await fetch(url)
        #expect(status == 200)
        #expect(home.contains("Lisbon opens its first new tram line"))
        let store = try SQLiteStoryStore(path: database)
        #expect(try await store.storyCount() >= 24)
        #expect(try await store.sections().count >= 4)
        // The demo's writers are author profiles, credited on their stories and with pages of their own.
        let authors = try await store.authors()
        #expect(authors.count >= 5)
        #expect(authors.allSatisfy { $0.publishedCount > 0 && !$0.author.name.hasPrefix("By ") })
        let lisbonSlug = try #require(Slug(validating: "lisbon-opens-its-first-new-tram-line-in-half-a-century"))
        let lisbon = try #require(try await store.story(slug: lisbonSlug))
        #expect(lisbon.authors.map(\.name) == ["Teresa Mendonça"])
        #expect(lisbon.byline == "By Teresa Mendonça")
        let (authorStatus, authorPage) = try await fetch(url.appendingPathComponent("author/teresa-mendonca"))
        #expect(authorStatus == 200)
        #expect(authorPage.contains("Lisbon opens its first new tram line"))

        kill(child.process.processIdentifier, SIGINT)
        child.process.waitUntilExit()
        #expect(child.process.terminationReason == .exit)
        #expect(child.process.terminationStatus == 0)
    }

    @Test func noDemoLeavesAnEmptyDatabaseEmpty() async throws {
        let scratch = try ScratchFolder()
        let database = scratch.path("empty.sqlite")
        let (child, url) = try startServer(["--no-demo"], database: database)
        defer { if child.process.isRunning { child.process.terminate() } }
        let (status, _) = try await fetch(url)
        #expect(status == 200)
        #expect(try await SQLiteStoryStore(path: database).storyCount() == 0)
        kill(child.process.processIdentifier, SIGTERM)
        child.process.waitUntilExit()
        #expect(child.process.terminationStatus == 0)
    }

    @Test func answersHealthReadinessAndMetricsAndLogsJSON() async throws {
        let scratch = try ScratchFolder()
        let (child, url) = try startServer(["--log-format", "json"], database: scratch.path("ops.sqlite"))
        defer { if child.process.isRunning { child.process.terminate() } }
        let (health, healthText) = try await fetch(url.appendingPathComponent("healthz"))
        #expect(health == 200 && healthText == "ok\n")
        let (ready, _) = try await fetch(url.appendingPathComponent("readyz"))
        #expect(ready == 200)
        _ = try await fetch(url)
        let (metricsStatus, metrics) = try await fetch(url.appendingPathComponent("metrics"))
        #expect(metricsStatus == 200)
        #expect(metrics.contains("dateline_stories 28.0"))
        #expect(metrics.contains("dateline_database_up 1.0"))
        #expect(
            metrics.contains(
                #"http_server_request_duration_count{http_route="/",http_request_method="GET",http_response_status_code="200"} 1"#
            ))

        kill(child.process.processIdentifier, SIGTERM)
        child.process.waitUntilExit()
        #expect(child.process.terminationStatus == 0)
        let logged = String(decoding: child.errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let events = logged.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(!events.isEmpty && events.count == logged.split(separator: "\n").count, "every line is JSON")
        #expect(events.contains { $0["message"] as? String == "request" && $0["http.path"] as? String == "/healthz" })
        #expect(events.allSatisfy { ($0["time"] as? String)?.hasSuffix("Z") == true && $0["level"] != nil })
    }

    @Test func refusesAnUnknownLogFormat() throws {
        let outcome = try CommandRunner.run(["serve", "--port", "0", "--no-demo", "--log-format", "xml"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("unknown log format"))
    }

    @Test func refusesAnUnknownInDoubtPolicyAndNamesTheChoices() throws {
        let outcome = try CommandRunner.run(["serve", "--port", "0", "--no-demo", "--mail-in-doubt", "sometimes"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("hold") && outcome.standardError.contains("resend"))
        let help = try CommandRunner.run(["serve", "--help"])
        #expect(help.standardOutput.contains("--mail-in-doubt"))
    }

    @Test func refusesABadPort() throws {
        let outcome = try CommandRunner.run(["serve", "--port", "70000", "--no-demo"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("port"))
    }
}

/// A test's own failure with a message.
struct CommandFailureForTest: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
