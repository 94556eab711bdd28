import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import DatelineWeb

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

    @Test("the configured public URL wins over any Host")
    func publicURL() throws {
        let site = try site(WebConfiguration(publicBaseURL: URL(string: "https://news.example.test/")))
        #expect(site.origin(for: request(authority: "other.example")) == "https://news.example.test")
    }

    @Test(
        "a well-formed Host is used; anything else falls back to the listening address",
        arguments: [
            ("news.local:8080", "http://news.local:8080"), ("localhost", "http://localhost"),
            ("[::1]:8080", "http://[::1]:8080"), ("192.0.2.7", "http://192.0.2.7"),
            ("evil.example/<x>", "http://127.0.0.1:8080"), ("a\"b", "http://127.0.0.1:8080"),
            ("host:99999999", "http://127.0.0.1:8080"), ("", "http://127.0.0.1:8080"),
            ("-bad.example", "http://127.0.0.1:8080"), ("user@evil.example", "http://127.0.0.1:8080"),
        ])
    func hosts(authority: String, expected: String) throws {
        let site = try site(WebConfiguration())
        #expect(site.origin(for: request(authority: authority)) == expected)
    }
}
