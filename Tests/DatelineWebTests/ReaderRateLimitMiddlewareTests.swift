import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

/// Expensive reader routes are limited per client address, in the database so every instance
/// shares the count, with 429 and Retry-After; trusted addresses and cheap pages are never limited.
@Suite("Reader rate limits")
struct ReaderRateLimitMiddlewareTests {
    static func site(requests: Int = 5, trusted: Set<String> = []) throws -> ReaderTestSite {
        var configuration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"))
        configuration.newsroom.trustsForwardedFor = true
        configuration.readerRateLimits = ReaderRateLimits(requests: requests, trustedAddresses: trusted)
        return try ReaderTestSite(configuration: configuration)
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, from address: String) async throws
        -> TestResponse
    {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Forwarded-For")!] = address  // a valid field name, so never nil
        return try await client.execute(uri: uri, method: .get, headers: headers)
    }

    @Test("a flood of searches from one address gets 429 with Retry-After; other addresses and pages go on")
    func flood() async throws {
        let site = try Self.site()
        try await site.publish(Fixtures.lighthouse)
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await app.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for number in 0..<8 {
                statuses.append(
                    try await Self.get(client, "/search?q=lighthouse\(number)", from: "198.51.100.7").status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .ok }, "\(statuses)")
            #expect(statuses.suffix(3).allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
            let refused = try await Self.get(client, "/search?q=again", from: "198.51.100.7")
            #expect(refused.headers[.retryAfter] == "60")
            #expect(String(buffer: refused.body).contains("Too many searches"))
            let status1 = try await Self.get(client, "/search?q=lighthouse", from: "198.51.100.8").status
            #expect(status1 == .ok)
            let status2 = try await Self.get(client, "/", from: "198.51.100.7").status
            #expect(status2 == .ok)
            let status3 = try await Self.get(client, "/feeds/rss.xml", from: "198.51.100.7").status
            #expect(status3 == .ok)
            let status4 = try await Self.get(client, "/feeds/rss.xml?x=1", from: "198.51.100.7").status
            #expect(status4 == .tooManyRequests)
            let api = try await Self.get(client, "/api/v1/stories?page=1", from: "198.51.100.7")
            #expect(api.status == .tooManyRequests)
            #expect(String(buffer: api.body).contains("\"rate_limited\""))
        }
    }

    @Test("the count is shared through the database: a second instance refuses what the first used up")
    func sharedAcrossInstances() async throws {
        let site = try Self.site(requests: 3)
        let first = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await first.test(.router) { client in
            for number in 0..<3 {
                let status5 = try await Self.get(client, "/search?q=a\(number)", from: "203.0.113.5").status
                #expect(status5 == .ok)
            }
        }
        let other = try SQLiteStoryStore(path: site.store.path)
        let second = try await makeReaderApplication(
            configuration: site.configuration, store: other, logger: ReaderTestSite.quietLogger)
        try await second.test(.router) { client in
            let status6 = try await Self.get(client, "/search?q=b", from: "203.0.113.5").status
            #expect(status6 == .tooManyRequests)
            let status7 = try await Self.get(client, "/search?q=b", from: "203.0.113.6").status
            #expect(status7 == .ok)
        }
    }

    @Test("a trusted address is never limited")
    func trusted() async throws {
        let site = try Self.site(requests: 2, trusted: ["192.0.2.44"])
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await app.test(.router) { client in
            for number in 0..<6 {
                let status8 = try await Self.get(client, "/search?q=t\(number)", from: "192.0.2.44").status
                #expect(status8 == .ok)
            }
        }
    }
}
