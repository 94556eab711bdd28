import DatelineStore
import Foundation
import Logging
import PostgresNIO
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `dateline import` and `dateline serve` against PostgreSQL, when `DATELINE_TEST_POSTGRES_URL`
/// names a server; under CI its absence is a failure, not a skip.
@Suite struct PostgresCommandTests {
    static let variable = "DATELINE_TEST_POSTGRES_URL"
    static var serverURL: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }
    static var isWanted: Bool {
        serverURL != nil || !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
    }

    @Test(.enabled(if: isWanted))
    func importsAndServesFromPostgres() async throws {
        let serverURL = try #require(
            Self.serverURL,
            "CI is set but \(Self.variable) is not: start ./scripts/postgres start and export its URL")
        let server = try PostgresLocation(url: serverURL)
        let database = server.with(database: "dateline_test_" + UUID().uuidString.prefix(8).lowercased())
        try await PostgresTestServer.admin(server, "CREATE DATABASE \(database.database)")
        do {
            try await importAndServe(database: database)
        } catch {
            try? await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
            throw error
        }
        try await PostgresTestServer.admin(server, "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)")
    }

    private func importAndServe(database: PostgresLocation) async throws {
        let url = database.urlWithPassword
        let scratch = try ScratchFolder()
        for number in 1...3 { try scratch.write("pages/ferry-\(number).txt", StoryPageFixture.page(number: number)) }
        let imported = try CommandRunner.run(
            ["import", scratch.path("pages")], environment: ["DATELINE_DATABASE": url])
        #expect(imported.status == 0, "stderr: \(imported.standardError)")
        #expect(imported.standardError.contains("3 pages: 3 created, 0 updated, 0 unchanged, 0 failed"))

        let child = try CommandRunner.start(["serve", "--port", "0", "--no-demo", "--database", url])
        defer { if child.process.isRunning { child.process.terminate() } }
        let (home, printed) = try await CommandRunner.servedAddress(of: child)
        let address = try #require(home, "serve printed no URL; stdout so far: \(printed)")
        if let password = database.password {
            #expect(!printed.contains(":\(password)@"), "the password must not be printed")
        }
        let (data, response) = try await URLSession.shared.data(from: address)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("Harbour ferry number 3 returns to service"))

        kill(child.process.processIdentifier, SIGINT)
        child.process.waitUntilExit()
        #expect(child.process.terminationReason == .exit)
        #expect(child.process.terminationStatus == 0)

        let store = try await PostgresStoryStore(location: database)
        let count = try await store.storyCount()
        await store.shutdown()
        #expect(count == 3)
    }
}
