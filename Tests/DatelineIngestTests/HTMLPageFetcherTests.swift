import Foundation
import Testing

@testable import DatelineFetch
@testable import DatelineIngest

@Suite("IPAddress and FetchPolicy")
struct HTMLAddressPolicyTests {
    @Test(
        "addresses are sorted into the right ranges",
        arguments: [
            ("93.184.216.34", AddressRange.publicInternet), ("8.8.8.8", .publicInternet),
            ("127.0.0.1", .loopback), ("127.255.0.9", .loopback), ("::1", .loopback),
            ("10.0.0.1", .privateNetwork), ("172.16.5.4", .privateNetwork), ("172.31.255.255", .privateNetwork),
            ("172.32.0.1", .publicInternet), ("192.168.1.1", .privateNetwork), ("fc00::1", .privateNetwork),
            ("fd12:3456::1", .privateNetwork), ("169.254.1.1", .linkLocal), ("fe80::1", .linkLocal),
            ("fe80::1%eth0", .linkLocal), ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
            ("100.128.0.1", .publicInternet), ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified),
            ("::", .unspecified),
            ("224.0.0.1", .multicast), ("239.255.255.250", .multicast), ("ff02::1", .multicast),
            ("169.254.169.254", .cloudMetadata), ("fd00:ec2::254", .cloudMetadata),
            ("::ffff:127.0.0.1", .loopback), ("::ffff:169.254.169.254", .cloudMetadata),
            ("::ffff:10.1.1.1", .privateNetwork),
            ("::ffff:8.8.8.8", .publicInternet), ("64:ff9b::a00:1", .privateNetwork),
            ("2002:c0a8:101::1", .privateNetwork),
            ("2606:4700::1111", .publicInternet), ("255.255.255.255", .reserved), ("192.0.2.1", .reserved),
            ("[::1]", .loopback),
        ])
    func classify(text: String, range: AddressRange) throws {
        let address = try #require(IPAddress(text))
        #expect(address.range == range, "\(text)")
    }

    @Test(
        "text that is not an address is not parsed",
        arguments: ["", "localhost", "1.2.3", "256.1.1.1", "::g", "1.2.3.4.5"])
    func notAddresses(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("the policy refuses non-public addresses unless allowed or listed")
    func policy() throws {
        let loopback = try #require(IPAddress("127.0.0.1"))
        let metadata = try #require(IPAddress("169.254.169.254"))
        let open = try #require(IPAddress("93.184.216.34"))
        #expect(FetchPolicy().refusal(of: open, host: "example.com") == nil)
        #expect(FetchPolicy().refusal(of: loopback, host: "localhost")?.contains("loopback") == true)
        #expect(FetchPolicy().refusal(of: metadata, host: "x")?.contains("cloud metadata") == true)
        #expect(FetchPolicy(allowPrivate: true).refusal(of: metadata, host: "x") == nil)
        #expect(FetchPolicy(permittedAddresses: [loopback]).refusal(of: loopback, host: "localhost") == nil)
        #expect(FetchPolicy(permittedAddresses: [loopback]).refusal(of: metadata, host: "x") != nil)
    }

    @Test(
        "only HTML media types are accepted",
        arguments: [
            ("text/html; charset=utf-8", true), ("TEXT/HTML", true), ("application/xhtml+xml", true),
            ("image/png", false), ("application/json", false), (nil, false), ("text/htmlx", false),
        ])
    func contentTypes(contentType: String?, accepted: Bool) {
        #expect((FetchPolicy().refusal(ofContentType: contentType) == nil) == accepted)
    }
}

@Suite("PageFetcher", .serialized)
struct HTMLPageFetcherTests {
    static let story = Array("<html><head><title>Caf\u{E9} news</title></head><body><p>Text</p></body></html>".utf8)

    /// A server whose routes exercise every rule, and a fetcher allowed to reach 127.0.0.1 only.
    private func withServer(
        _ body: (HTMLTestHTTPServer, PageFetcher) async throws -> Void, timeout: Duration = .seconds(10)
    ) async throws {
        let server = try HTMLTestHTTPServer { port in
            let html = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n"
            let big = [UInt8](repeating: UInt8(ascii: "a"), count: 1_500_000)
            return [
                "/story": .init(head: html + "Content-Length: \(Self.story.count)\r\n\r\n", body: Self.story),
                "/chunked": .init(
                    head: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
                    body: Array("5\r\n<p>Hi\r\n4\r\n</p>\r\n0\r\n\r\n".utf8)),
                "/hop": .init(head: "HTTP/1.1 302 Found\r\nLocation: /story\r\nContent-Length: 0\r\n\r\n"),
                "/loop": .init(head: "HTTP/1.1 301 Moved\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n"),
                "/to-private": .init(head: "HTTP/1.1 302 Found\r\nLocation: http://10.1.2.3/admin\r\n\r\n"),
                "/to-metadata": .init(
                    head: "HTTP/1.1 307 Temporary\r\nLocation: http://169.254.169.254/latest/meta-data/\r\n\r\n"),
                "/to-other-loopback": .init(
                    head: "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:\(port)/story\r\n\r\n"),
                "/to-file": .init(head: "HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\n\r\n"),
                "/image": .init(
                    head: "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n", body: [1, 2, 3, 4]),
                "/big-declared": .init(head: html + "Content-Length: 1500000\r\n\r\n", body: big),
                "/big-streamed": .init(head: html + "Connection: close\r\n\r\n", body: big),
                "/slow": .init(head: html + "Content-Length: 0\r\n\r\n", delay: 3),
                "/missing": .init(head: "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
            ]
        }
        defer { server.stop() }
        let policy = FetchPolicy(
            permittedAddresses: [try #require(IPAddress("127.0.0.1"))], maximumBytes: 1_000_000, timeout: timeout)
        try await body(server, PageFetcher(policy: policy))
    }

    private func url(_ server: HTMLTestHTTPServer, _ path: String) throws -> URL {
        try #require(URL(string: "http://127.0.0.1:\(server.port)\(path)"))
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

    @Test("a page is fetched with its charset and final URL")
    func fetchesPage() async throws {
        try await withServer { server, fetcher in
            let page = try await fetcher.fetch(try url(server, "/story"))
            #expect(page.bytes == Data(Self.story))
            #expect(page.declaredCharset == "windows-1252")
            let expected = try url(server, "/story")
            #expect(page.url == expected)
        }
    }

    @Test("chunked answers are reassembled")
    func chunked() async throws {
        try await withServer { server, fetcher in
            let page = try await fetcher.fetch(try url(server, "/chunked"))
            #expect(String(decoding: page.bytes, as: UTF8.self) == "<p>Hi</p>")
        }
    }

    @Test("a redirect to a permitted address is followed")
    func followsRedirect() async throws {
        try await withServer { server, fetcher in
            let page = try await fetcher.fetch(try url(server, "/hop"))
            #expect(page.url?.path == "/story")
        }
    }

    @Test(
        "redirects to private, metadata and other loopback addresses are refused before connecting",
        arguments: [("/to-private", "private"), ("/to-metadata", "cloud metadata"), ("/to-other-loopback", "loopback")])
    func refusesPrivateRedirects(path: String, range: String) async throws {
        try await withServer { server, fetcher in
            let message = await failure(fetcher, try url(server, path))
            #expect(message?.contains(range) == true, "\(message ?? "fetched")")
        }
    }

    @Test("a redirect to another scheme is refused")
    func refusesFileRedirect() async throws {
        try await withServer { server, fetcher in
            let message = await failure(fetcher, try url(server, "/to-file"))
            #expect(message?.contains("only http and https") == true)
        }
    }

    @Test("redirect loops stop at the limit")
    func redirectLimit() async throws {
        try await withServer { server, fetcher in
            let message = await failure(fetcher, try url(server, "/loop"))
            #expect(message?.contains("more than 5 redirects") == true)
        }
    }

    @Test("content that is not HTML is refused")
    func contentType() async throws {
        try await withServer { server, fetcher in
            let message = await failure(fetcher, try url(server, "/image"))
            #expect(message?.contains("image/png") == true)
        }
    }

    @Test("pages over the size limit are refused, declared or streamed", arguments: ["/big-declared", "/big-streamed"])
    func sizeLimit(path: String) async throws {
        try await withServer { server, fetcher in
            let message = await failure(fetcher, try url(server, path))
            #expect(
                message?.contains("1.5 MB") == true || message?.contains("larger than") == true,
                "\(message ?? "fetched")")
        }
    }

    @Test("a server that does not answer in time is given up on")
    func timeout() async throws {
        try await withServer(
            { server, fetcher in
                let message = await failure(fetcher, try url(server, "/slow"))
                #expect(message?.contains("too long") == true, "\(message ?? "fetched")")
            }, timeout: .milliseconds(500))
    }

    @Test("error statuses are reported")
    func notFound() async throws {
        try await withServer { server, fetcher in
            let message = await failure(fetcher, try url(server, "/missing"))
            #expect(message?.contains("404") == true)
        }
    }

    @Test("loopback is refused without permission, whatever the port")
    func loopbackRefused() async throws {
        try await withServer { server, _ in
            let message = await failure(PageFetcher(), try url(server, "/story"))
            #expect(message?.contains("loopback") == true)
        }
    }

    @Test(
        "schemes other than http and https, and credentials in the URL, are refused",
        arguments: [
            "ftp://example.com/page.html", "file:///etc/passwd", "gopher://example.com/",
            "http://user:secret@example.com/",
        ])
    func schemes(text: String) async throws {
        let message = await failure(PageFetcher(), try #require(URL(string: text)))
        #expect(message != nil)
    }

    @Test("a name with any non-public address is refused (no DNS needed)")
    func mixedAnswers() async throws {
        let fetcher = PageFetcher(policy: FetchPolicy()) { host in
            .success([IPAddress("93.184.216.34"), IPAddress("10.0.0.7")].compactMap { $0 })
        }
        let message = await failure(fetcher, try #require(URL(string: "http://rebinding.example/")))
        #expect(message?.contains("10.0.0.7") == true)
    }

    @Test("https hosts are checked before connecting (no DNS needed)")
    func httpsPrecheck() async throws {
        let fetcher = PageFetcher(policy: FetchPolicy()) { _ in
            .success([IPAddress("169.254.169.254")].compactMap { $0 })
        }
        let message = await failure(fetcher, try #require(URL(string: "https://metadata.example/latest")))
        #expect(message?.contains("cloud metadata") == true)
    }
}
