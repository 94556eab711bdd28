import DatelineCore
import DatelineFetch
import DatelineIngest
import DatelineStore
import Foundation
import Synchronization
import Testing

@testable import DatelineWeb

#if canImport(Glibc)
import Glibc
#endif

/// The poller's guard on entries' addresses: a feed the newsroom may read (its own server, here
/// on loopback through `permittedAddresses`) cannot make Dateline fetch private addresses.
@Suite("SourcePoller")
struct SourcePollerTests {
    /// Answers every request with `feed` once per connection, counting them; stops with the test.
    final class OneFeedServer: Sendable {
        let port: Int
        private let descriptor: Int32
        private let asked = Mutex(0)
        var requests: Int { asked.withLock { $0 } }

        init(feed: String) throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var size = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ready = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, size) == 0 && listen(descriptor, 8) == 0
                        && getsockname(descriptor, $0, &size) == 0
                }
            }
            guard descriptor >= 0, ready else { throw CancellationError() }
            self.descriptor = descriptor
            port = Int(UInt16(bigEndian: address.sin_port))
            let body = Data(feed.utf8)
            let reply =
                Data(
                    ("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: \(body.count)\r\n"
                        + "Connection: close\r\n\r\n").utf8) + body
            let server = self
            Thread {
                while true {
                    let connection = accept(descriptor, nil, nil)
                    if connection < 0 { return }
                    var timeout = timeval(tv_sec: 5, tv_usec: 0)
                    setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    _ = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                    server.asked.withLock { $0 += 1 }
                    _ = reply.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    close(connection)
                }
            }.start()
        }

        func stop() {
            shutdown(descriptor, Int32(SHUT_RDWR))
            close(descriptor)
        }
    }

    @Test("entries linking to private or metadata addresses are logged and skipped; nothing is fetched or stored")
    func privateLinks() async throws {
        let server = try OneFeedServer(
            feed: """
                <rss version="2.0"><channel><title>Own Wire</title>
                <item><title>Inside</title><link>http://10.0.0.7/story</link><guid>i-1</guid></item>
                <item><title>Metadata</title><link>http://169.254.169.254/latest/meta-data/</link><guid>i-2</guid></item>
                </channel></rss>
                """)
        defer { server.stop() }
        let site = try ReaderTestSite()
        let store = site.store
        let source = try await store.addFeedSource(
            NewFeedSource(url: "http://127.0.0.1:\(server.port)/feed.xml"), now: Date())
        var policy = FetchPolicy(timeout: .seconds(10))
        policy.permittedAddresses = [try #require(IPAddress("127.0.0.1"))]
        let poller = SourcePoller(store: store, pagePolicy: policy)
        let counts = await poller.pollAll(.now)
        #expect(counts.summary == "0 new, 0 updated, 0 duplicates, 2 failed")
        #expect(server.requests == 1)
        #expect(try await store.wireItems(WireFilter(), now: Date()).isEmpty)
        let log = try await store.feedLog(sourceID: source.id, limit: 10).map(\.message)
        #expect(log.first == "RSS 2.0, 2 entries: 0 new, 0 updated, 0 duplicates, 2 failed")
        #expect(log.contains { $0.contains("“Inside” (http://10.0.0.7/story)") && $0.contains("private") })
        #expect(log.contains { $0.contains("“Metadata”") && $0.contains("169.254.169.254") })
        #expect(log.allSatisfy { !$0.contains("meta-data/ answered") })
        // The refused entries are remembered: the next poll does not try them again.
        let again = await poller.pollAll(.now)
        #expect(again.summary == "0 new, 0 updated, 0 duplicates, 0 failed" && server.requests == 2)
    }

    @Test("two pollers at once (two server instances' loops) poll a due source once")
    func onceAcrossPollers() async throws {
        let server = try OneFeedServer(feed: "<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>")
        defer { server.stop() }
        let site = try ReaderTestSite()
        let now = Date()
        for number in 1...3 {
            _ = try await site.store.addFeedSource(
                NewFeedSource(url: "http://127.0.0.1:\(server.port)/feed-\(number).xml"), now: now)
        }
        var policy = FetchPolicy(timeout: .seconds(10))
        policy.permittedAddresses = [try #require(IPAddress("127.0.0.1"))]
        let first = SourcePoller(store: site.store, pagePolicy: policy)
        let second = SourcePoller(store: site.store, pagePolicy: policy)
        async let one = first.pollAll(.due, clock: { now })
        async let two = second.pollAll(.due, clock: { now })
        let (a, b) = await (one, two)
        #expect(a.sources + b.sources == 3 && server.requests == 3)
        // Nothing is due again until the interval has passed.
        #expect(await first.pollAll(.due, clock: { now + 60 }).sources == 0)
        #expect(await first.pollAll(.due, clock: { now + 15 * 60 }).sources == 3 && server.requests == 6)
    }
}
