import Foundation
import NIOSSL
import Synchronization
import Testing

@testable import DatelineFetch
@testable import DatelineIngest

/// The names a test resolver was asked for, in order.
private final class Lookups: Sendable {
    private let names = Mutex<[String]>([])

    /// Notes a lookup of `name` and returns how many lookups there have been, this one included.
    func record(_ name: String) -> Int {
        names.withLock { names in
            names.append(name)
            return names.count
        }
    }

    var asked: [String] { names.withLock { $0 } }
}

@Suite("PageFetcher pinning", .serialized)
struct HTMLPageFetcherPinningTests {
    static let story = Array("<html><head><title>Pinned news</title></head><body><p>Text</p></body></html>".utf8)
    static let loopback = IPAddress("127.0.0.1")!  // a literal address; parsing it cannot fail

    private func server() throws -> HTMLTestHTTPServer {
        try HTMLTestHTTPServer { _ in
            [
                "/story": .init(
                    head: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(Self.story.count)\r\n\r\n",
                    body: Self.story),
                "/hop": .init(head: "HTTP/1.1 302 Found\r\nLocation: /story\r\nContent-Length: 0\r\n\r\n"),
                "/stalled": .init(
                    head: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(Self.story.count)\r\n\r\n",
                    body: Self.story, bodyDelay: 3),
            ]
        }
    }

    /// The message of the error `fetch` throws, or nil when it succeeds.
    private func failure(_ fetcher: PageFetcher, _ url: URL) async -> String? {
        do {
            _ = try await fetcher.fetch(url)
            return nil
        } catch {
            return error.message
        }
    }

    /// The value of header `name` in a request head, compared without regard to case.
    private func header(_ name: String, in head: String) -> String? {
        for line in head.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    @Test("the connection goes to the checked address while the request keeps the host's name")
    func pinnedOverHTTP() async throws {
        let server = try server()
        defer { server.stop() }
        let lookups = Lookups()
        // news.example has no address in real DNS: the server is reached only through the checked one.
        let fetcher = PageFetcher(policy: FetchPolicy(permittedAddresses: [Self.loopback])) { host in
            _ = lookups.record(host)
            return host == "news.example" ? .success([Self.loopback]) : .failure(FetchFailure("unknown \(host)"))
        }
        let url = try #require(URL(string: "http://news.example:\(server.port)/story"))
        let page = try await fetcher.fetch(url)
        #expect(page.bytes == Data(Self.story))
        #expect(page.url?.host == "news.example")
        #expect(lookups.asked == ["news.example"])
        let request = try #require(server.requests.first)
        #expect(request.hasPrefix("GET /story HTTP/1.1\r\n"))
        #expect(header("host", in: request) == "news.example:\(server.port)")
    }

    @Test("the system resolver runs off the cooperative pool and its answers are checked (localhost, no DNS needed)")
    func systemResolver() async throws {
        let resolved = try await AddressResolver.resolve("localhost").get()
        #expect(!resolved.isEmpty)
        #expect(resolved.allSatisfy { $0.range == .loopback })
        let message = await failure(PageFetcher(), try #require(URL(string: "http://localhost:9/")))
        #expect(message?.contains("localhost resolves to") == true, "\(message ?? "fetched")")
    }

    @Test("every redirect hop is looked up and checked again, so a name rebinding to a private address is refused")
    func rebindingBetweenHops() async throws {
        let server = try server()
        defer { server.stop() }
        let lookups = Lookups()
        let fetcher = PageFetcher(policy: FetchPolicy(permittedAddresses: [Self.loopback])) { host in
            lookups.record(host) == 1 ? .success([Self.loopback]) : .success([IPAddress("10.0.0.8")].compactMap { $0 })
        }
        let message = await failure(fetcher, try #require(URL(string: "http://news.example:\(server.port)/hop")))
        #expect(message?.contains("10.0.0.8, a private address") == true, "\(message ?? "fetched")")
        #expect(lookups.asked == ["news.example", "news.example"])
        #expect(server.requests.count == 1)
    }

    @Test("a lookup that does not answer in time ends the fetch at its deadline")
    func slowLookup() async throws {
        let policy = FetchPolicy(permittedAddresses: [Self.loopback], timeout: .milliseconds(300))
        let fetcher = PageFetcher(policy: policy) { _ in
            // An unstructured task ignores the fetch's cancellation, like a getaddrinfo call would.
            await Task { try? await Task.sleep(for: .seconds(5)) }.value
            return .success([Self.loopback])
        }
        let message = await failure(fetcher, try #require(URL(string: "http://news.example/")))
        // Had the fetch waited for the resolver (5 s), it would have gone on to connect and failed
        // otherwise (nothing listens on port 80): this message is the fetch's own deadline.
        #expect(message?.contains("looking up news.example took too long") == true, "\(message ?? "fetched")")
    }

    @Test("a body that stops coming ends the fetch at its deadline")
    func stalledBody() async throws {
        let server = try server()
        defer { server.stop() }
        let policy = FetchPolicy(permittedAddresses: [Self.loopback], timeout: .milliseconds(500))
        let fetcher = PageFetcher(policy: policy) { _ in .success([Self.loopback]) }
        let message = await failure(fetcher, try #require(URL(string: "http://news.example:\(server.port)/stalled")))
        // The server holds the body back for 3 s and then sends it: a fetch without its own deadline
        // would have succeeded.
        #expect(message?.contains("too long") == true, "\(message ?? "fetched")")
    }

    @Test(
        "https connects to the checked address, with the name in SNI, Host and the certificate check",
        .enabled(if: HTMLPageFetcherTLSServer.canStart, "needs /usr/bin/openssl to make a certificate"))
    func pinnedOverHTTPS() async throws {
        let server = try await HTMLPageFetcherTLSServer(name: "news.example")
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates([server.certificate])
        let fetcher = PageFetcher(policy: FetchPolicy(permittedAddresses: [Self.loopback]), tlsConfiguration: tls) {
            host in host == "news.example" ? .success([Self.loopback]) : .failure(FetchFailure("unknown \(host)"))
        }
        let url = try #require(URL(string: "https://news.example:\(server.port)/story"))
        let fetched: Result<RawPage, IngestError>
        do {
            fetched = .success(try await fetcher.fetch(url))
        } catch {
            fetched = .failure(error)
        }
        await server.stop()
        let page = try fetched.get()
        #expect(page.bytes == Data(HTMLPageFetcherTLSServer.page))
        #expect(
            server.visits
                == HTMLPageFetcherTLSServer.Visit(serverName: "news.example", host: "news.example:\(server.port)"))
    }

    @Test(
        "https to a name the certificate does not cover is refused, though the address is the same",
        .enabled(if: HTMLPageFetcherTLSServer.canStart, "needs /usr/bin/openssl to make a certificate"))
    func certificateCheckedAgainstName() async throws {
        let server = try await HTMLPageFetcherTLSServer(name: "news.example")
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates([server.certificate])
        let fetcher = PageFetcher(policy: FetchPolicy(permittedAddresses: [Self.loopback]), tlsConfiguration: tls) {
            _ in .success([Self.loopback])
        }
        let message = await failure(fetcher, URL(string: "https://other.example:\(server.port)/story")!)  // valid
        await server.stop()
        #expect(message?.contains("must be valid for other.example") == true, "\(message ?? "fetched")")
        #expect(server.handshakes == 1)
        #expect(server.visits == HTMLPageFetcherTLSServer.Visit(serverName: "other.example", host: nil))
    }
}
