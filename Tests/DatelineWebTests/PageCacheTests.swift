import DatelineCore
import DatelineStore
import Dispatch
import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import DatelineWeb

/// The per-instance page cache: shared pages come from memory, a story change empties it (through
/// the store's change signal, as when another instance publishes), and private pages never enter it.
@Suite("Page cache")
struct PageCacheTests {
    static func cachingSite() throws -> ReaderTestSite {
        var configuration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"))
        configuration.cachesPages = true
        return try ReaderTestSite(configuration: configuration)
    }

    /// The whole reader application over `site`, page cache and event-loop answers included.
    static func application(_ site: ReaderTestSite, logger: Logger = ReaderTestSite.quietLogger) async throws
        -> some ApplicationProtocol
    {
        try await makeReaderApplication(configuration: site.configuration, store: site.store, logger: logger)
    }

    @Test("a page stays cached until a story changes, then shows the change without a restart")
    func invalidation() async throws {
        let site = try Self.cachingSite()
        try await site.publish(Fixtures.lighthouse)
        let app = try await Self.application(site)
        try await app.test(.live) { client in
            var browser = Browser(client: client)
            browser.forgetCookies()
            let first = try await browser.get("/")
            #expect(first.html.contains("Island council rejects plan to sell lighthouse"))
            #expect(first.headers[.cacheControl]?.contains("public") == true)
            let again = try await browser.get("/")
            #expect(again.html == first.html)
            let conditional = try await browser.get("/", headers: [.ifNoneMatch: try #require(first.headers[.eTag])])
            #expect(conditional.status == .notModified)
            // A text-size reader's variant of the page is cached too.
            var enlarged = Browser(client: client)
            enlarged.setCookie(ReaderCookies.fontName, "2")
            let variant = try await enlarged.get("/")
            #expect(!variant.html.contains(Fixtures.bakery.headline))

            // Another instance (here: another store on the same file) publishes a story.
            let other = try SQLiteStoryStore(path: site.store.path)
            try await other.create(Fixtures.bakery, status: .published)
            var fresh = false
            for _ in 0..<100 {
                if try await browser.get("/").html.contains(Fixtures.bakery.headline) {
                    fresh = true
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(fresh, "the home page shows the new story once the change is signalled")
            #expect(
                try await enlarged.get("/").html.contains(Fixtures.bakery.headline),
                "the change reaches the text-size variant too")
        }
    }

    @Test("a text-size reader gets a cached copy of their own; the shared copy stays as it was")
    func textSizeVariants() async throws {
        let site = try Self.cachingSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let app = try await Self.application(site)
        try await app.test(.router) { client in
            var anonymous = Browser(client: client)
            anonymous.forgetCookies()
            let shared = try await anonymous.get("/story/\(story.slug)")
            #expect(shared.formToken == "")
            var reader = Browser(client: client)
            reader.forgetCookies()
            reader.setCookie(ReaderCookies.fontName, "3")
            let enlarged = try await reader.get("/story/\(story.slug)")
            #expect(enlarged.html != shared.html, "a reader with a text size gets their own copy")
            #expect(enlarged.html.contains("class=\"font-step-3\""))
            #expect(enlarged.headers[.cacheControl]?.contains("public") == true)
            #expect(enlarged.headers[.eTag] != shared.headers[.eTag])
            #expect(enlarged.headers[.setCookie] == nil)
            let sharedAgain = try await anonymous.get("/story/\(story.slug)")
            #expect(sharedAgain.html == shared.html, "the enlarged copy did not replace the shared one")
        }
    }

    @Test("cookies that are not Dateline's are ignored: same bytes and headers, from the cache")
    func unrelatedCookies() async throws {
        let site = try Self.cachingSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let recorder = RequestLogMiddlewareTests.Recorder()
        let app = try await Self.application(site, logger: Logger(label: "variants", factory: recorder.handler))
        try await app.test(.live) { client in
            func hits() -> Int { recorder.records.withLock { $0 }.filter { $0.metadata["page_cache"] == "hit" }.count }
            let path = "/story/\(story.slug)"
            let plain = try await client.execute(uri: path, method: .get)
            #expect(hits() == 0)
            let foreign = try await client.execute(
                uri: path, method: .get, headers: [.cookie: "_ga=GA1.2.123.456; consent=yes; theme=dark"])
            #expect(hits() == 1, "a request with only other sites' cookies is answered from the cache")
            #expect(foreign.body == plain.body)
            for name: HTTPField.Name in [.cacheControl, .eTag, .lastModified, .vary, .contentType] {
                #expect(foreign.headers[name] == plain.headers[name], "\(name)")
            }
            #expect(foreign.headers[.setCookie] == nil)

            // An editor's sign-in cookie, or credentials, always go the long way.
            _ = try await client.execute(uri: path, method: .get, headers: [.cookie: "_ga=1; dateline_newsroom=abc"])
            _ = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer x"])
            #expect(hits() == 1, "a signed-in request is rendered, not taken from the cache")
        }
    }

    @Test("a saved reader gets the cached copy with their saved state and token filled in")
    func savedStateFilled() async throws {
        let site = try Self.cachingSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let other = try await site.publish(Fixtures.bakery)
        let recorder = RequestLogMiddlewareTests.Recorder()
        let app = try await Self.application(site, logger: Logger(label: "variants", factory: recorder.handler))
        try await app.test(.live) { client in
            func hits() -> Int { recorder.records.withLock { $0 }.filter { $0.metadata["page_cache"] == "hit" }.count }
            let path = "/story/\(story.slug)"
            let font = "dateline_font=2"
            let shared = try await client.execute(uri: path, method: .get, headers: [.cookie: font])
            #expect(String(buffer: shared.body).contains("<!--saved-count-->"))
            let token = CSRFToken.random().value
            let cookie = "\(font); dateline_saved=\(other.slug).\(story.slug); dateline_csrf=\(token); _ga=1"
            let saved = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
            #expect(hits() == 1, "the saved reader's page came from the cache")
            let html = String(buffer: saved.body)
            #expect(html.contains("<span class=\"saved-count\">(2)</span>"))
            #expect(html.contains("Remove from saved"))
            #expect(!html.contains("value=\"save\""))
            #expect(html.contains("class=\"font-step-2\""))
            #expect(html.contains("name=\"csrf_token\" value=\"\(token)\""))
            #expect(!html.contains("name=\"csrf_token\" value=\"\""))
            #expect(saved.headers[.cacheControl]?.contains("private") == true)
            #expect(saved.headers[.contentLength] == String(saved.body.readableBytes))
            let tag = try #require(saved.headers[.eTag])
            #expect(tag != shared.headers[.eTag])
            let revalidated = try await client.execute(
                uri: path, method: .get, headers: [.cookie: cookie, .ifNoneMatch: tag])
            #expect(revalidated.status == .notModified)
            let stale = try await client.execute(
                uri: path, method: .get, headers: [.cookie: cookie, .ifNoneMatch: try #require(shared.headers[.eTag])])
            #expect(stale.status == .ok, "the shared copy's tag does not stand for the saved reader's page")

            // A reader who saved only the other story: this page says Save.
            let unsaved = try await client.execute(
                uri: "/story/\(story.slug)", method: .get,
                headers: [.cookie: "dateline_saved=\(other.slug); dateline_csrf=\(token)"])
            let unsavedHTML = String(buffer: unsaved.body)
            #expect(unsavedHTML.contains("value=\"save\""))
            #expect(unsavedHTML.contains("<span class=\"saved-count\">(1)</span>"))

            // The saved list itself is the reader's own page, rendered for them.
            let list = try await client.execute(uri: "/saved", method: .get, headers: [.cookie: cookie])
            #expect(list.headers[.cacheControl]?.contains("private") == true)
            #expect(String(buffer: list.body).contains(story.headline))
        }
    }

    @Test("the cache keeps at most its limits and forgets the least recently used page first")
    func limits() async {
        let cache = PageCache(maximumEntries: 2, maximumBytes: 1_000_000)
        let generation = cache.generation
        for key in ["/a", "/b"] {
            cache.store(key, status: .ok, headers: [:], body: ByteBuffer(string: key), generation: generation)
        }
        _ = cache.lookup("/a")
        cache.store("/c", status: .ok, headers: [:], body: ByteBuffer(string: "c"), generation: generation)
        #expect(cache.lookup("/b") == nil, "the least recently used page went")
        #expect(cache.lookup("/a") != nil)
        cache.invalidate()
        cache.store("/d", status: .ok, headers: [:], body: ByteBuffer(string: "d"), generation: generation)
        #expect(cache.lookup("/d") == nil, "a page rendered before an invalidation is not kept")
        #expect(cache.count == 0)
    }

    @Test("a cached page is answered before routing, the same as the rendered one, and in request order")
    func answeredOnTheEventLoop() async throws {
        let site = try Self.cachingSite()
        let story = try await site.publish(Fixtures.lighthouse)
        let recorder = RequestLogMiddlewareTests.Recorder()
        let logger = Logger(label: "page-cache-test", factory: recorder.handler)
        let app = try await Self.application(site, logger: logger)
        try await app.test(.live) { client in
            let path = "/story/\(story.slug)"
            let rendered = try await client.execute(uri: path, method: .get)
            #expect(rendered.status == .ok)
            func fastPathHits() -> Int {
                recorder.records.withLock { $0 }.filter { $0.metadata["page_cache"] == "hit" }.count
            }
            #expect(fastPathHits() == 0, "the first request renders the page")

            let cached = try await client.execute(uri: path, method: .get)
            #expect(fastPathHits() == 1, "the second is answered from the cache before routing")
            #expect(cached.status == .ok)
            #expect(cached.body == rendered.body)
            for name: HTTPField.Name in [
                .contentType, .cacheControl, .eTag, .lastModified, .contentSecurityPolicy, .xContentTypeOptions,
                .xFrameOptions, .referrerPolicy,
            ] {
                #expect(cached.headers[name] == rendered.headers[name], "\(name)")
            }
            #expect(cached.headers[.contentLength] == String(rendered.body.readableBytes))
            #expect(cached.headers[.date] != nil)
            #expect(cached.headers[.setCookie] == nil)

            let head = try await client.execute(uri: path, method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(rendered.body.readableBytes))
            let tag = try #require(rendered.headers[.eTag])
            let revalidated = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: tag])
            #expect(revalidated.status == .notModified)
            #expect(revalidated.body.readableBytes == 0)
            #expect(fastPathHits() == 3)

            // Three requests in one write: one the application renders (a cookie), one the cache
            // could answer at once, and one that closes. The answers come back in the same order.
            let port = try #require(client.port)
            let exchange = try await RawHTTP.exchange(
                port: port,
                "GET /saved HTTP/1.1\r\nHost: localhost\r\nCookie: dateline_saved=\(story.slug)\r\n\r\n"
                    + "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            ).lowercased()
            #expect(exchange.components(separatedBy: "http/1.1 200").count == 4, "three answers")
            let privatePage = try #require(exchange.range(of: "cache-control: private"))
            let sharedPage = try #require(exchange.range(of: "cache-control: public"))
            let health = try #require(exchange.range(of: "\r\n\r\nok"))
            #expect(privatePage.lowerBound < sharedPage.lowerBound)
            #expect(sharedPage.lowerBound < health.lowerBound)
        }
    }
}

/// Writes raw bytes to a server on loopback and reads until it closes the connection (at most
/// 10 s), for tests that need requests pipelined in one write.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func exchange(port: Int, _ request: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingExchange(port: port, request) })
            }
        }
    }

    private static func blockingExchange(port: Int, _ request: String) throws -> String {
        let socket = try connect(port: port, receiveTimeout: timeval(tv_sec: 10, tv_usec: 0))
        defer { close(socket) }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw Failure(description: "send() failed") }
            sent += written
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// A TCP socket connected to 127.0.0.1:`port` whose reads give up after `receiveTimeout`.
    static func connect(port: Int, receiveTimeout: timeval) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket() failed") }
        var timeout = receiveTimeout
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure(description: "connect() failed")
        }
        return socket
    }
}
