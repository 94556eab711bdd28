import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import DatelineWeb

/// Absolute links come from configuration; a `Host` header changes them only when allowed.
@Suite("Site origin for absolute links")
struct ReaderSiteOriginTests {
    private func request(authority: String?) -> Request {
        Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: authority, path: "/feeds/rss.xml"),
            body: RequestBody(buffer: ByteBuffer()))
    }

    private func site(_ configuration: WebConfiguration) throws -> ReaderSite {
        let store = try ReaderTestSite().store
        return try makeReaderSite(configuration: configuration, store: store)
    }

    @Test("the configured public URL wins over any Host that is not allowed")
    func publicURL() throws {
        let site = try site(WebConfiguration(publicBaseURL: URL(string: "https://news.example.test/")))
        #expect(site.origin(for: request(authority: "other.example")) == "https://news.example.test")
        #expect(site.origin(for: request(authority: "localhost:8080")) == "https://news.example.test")
        #expect(site.absoluteURL("/story/x") == "https://news.example.test/story/x")
    }

    @Test(
        "without a public URL, only loopback names at the bound port follow the Host",
        arguments: [
            ("localhost:8080", "http://localhost:8080"), ("127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("[::1]:8080", "http://[::1]:8080"), ("LOCALHOST:8080", "http://localhost:8080"),
            ("localhost:9090", "http://127.0.0.1:8080"), ("localhost", "http://127.0.0.1:8080"),
            ("evil.test", "http://127.0.0.1:8080"), ("news.local:8080", "http://127.0.0.1:8080"),
            ("192.0.2.7", "http://127.0.0.1:8080"), ("evil.example/<x>", "http://127.0.0.1:8080"),
            ("a\"b", "http://127.0.0.1:8080"), ("", "http://127.0.0.1:8080"),
            ("user@evil.example", "http://127.0.0.1:8080"),
        ])
    func hosts(authority: String, expected: String) throws {
        let site = try site(WebConfiguration())
        #expect(site.origin(for: request(authority: authority)) == expected)
    }

    @Test("configured hosts are followed, with the public URL's scheme")
    func allowedHosts() throws {
        var configuration = WebConfiguration(publicBaseURL: URL(string: "https://news.example.test"))
        configuration.allowedHosts = ["www.news.example.test", "News.Example.Test:8443"]
        let site = try site(configuration)
        #expect(site.origin(for: request(authority: "www.news.example.test")) == "https://www.news.example.test")
        #expect(site.origin(for: request(authority: "news.example.test:8443")) == "https://news.example.test:8443")
        #expect(site.origin(for: request(authority: "evil.test")) == "https://news.example.test")
    }

    @Test("the port the server bound replaces a configured port 0 in links")
    func boundPort() throws {
        let site = try site(WebConfiguration(host: "0.0.0.0", port: 0))
        site.origin.listening(on: 43_210)
        #expect(site.absoluteURL("/") == "http://127.0.0.1:43210/")
        #expect(site.origin(for: request(authority: "localhost:43210")) == "http://localhost:43210")
        #expect(site.origin(for: request(authority: "203.0.113.9:43210")) == "http://127.0.0.1:43210")
    }
}
