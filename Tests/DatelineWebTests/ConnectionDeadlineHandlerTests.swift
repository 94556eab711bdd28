import Dispatch
import Foundation
import Glibc
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

/// Connections that keep the server waiting are closed (issue 12): idle ones, request heads sent
/// in part, and bodies that never end — while a connection in use keeps being served.
@Suite("Connection deadlines")
struct ConnectionDeadlineHandlerTests {
    static func site() throws -> ReaderTestSite {
        var configuration = WebConfiguration(host: "127.0.0.1", port: 0)
        configuration.timeouts = ConnectionTimeouts(idle: .seconds(1), requestBody: .seconds(2))
        configuration.cachesPages = true
        return try ReaderTestSite(configuration: configuration)
    }

    @Test("idle and half-sent-header connections are closed by the server, fifty at once")
    func idleAndHalfSent() async throws {
        let site = try Self.site()
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let opening = index.isMultiple(of: 2) ? "" : "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                        return try await SlowClient.closedByServer(port: port, sending: opening, within: .seconds(20))
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.count == 50)
            #expect(outcomes.allSatisfy { $0 }, "\(outcomes.filter { !$0 }.count) connections were still open")
        }
    }

    @Test("a chunked body that never ends is cut off; the site keeps serving")
    func neverEndingBody() async throws {
        let site = try Self.site()
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let closed = try await SlowClient.closedByServer(
                port: port,
                sending: "POST /newsroom/login HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\n",
                trickling: "1\r\na\r\n", within: .seconds(20))
            #expect(closed, "the trickling body still held its connection")
            let page = try await RawHTTP.exchange(
                port: port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(page.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("a connection that keeps asking is served across several idle periods' worth of time")
    func busyConnectionStaysOpen() async throws {
        let site = try Self.site()
        let app = try await makeReaderApplication(
            configuration: site.configuration, store: site.store, logger: ReaderTestSite.quietLogger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let answers = try await SlowClient.keepAsking(
                port: port, path: "/healthz", times: 8, pause: .milliseconds(400))
            #expect(answers == 8, "a connection in use was closed after \(answers) answers")
        }
    }
}

/// A client on a raw socket that can be as slow as an attacker.
enum SlowClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends `opening`, then `trickling` every 200 ms if given, and reports whether the server
    /// closed the connection before `within` ran out.
    static func closedByServer(port: Int, sending opening: String, trickling: String? = nil, within: Duration)
        async throws -> Bool
    {
        try await onThread {
            let socket = try connect(port: port)
            defer { close(socket) }
            try send(socket, opening)
            let deadline = ContinuousClock.now + within
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while ContinuousClock.now < deadline {
                if let trickling, (try? send(socket, trickling)) == nil { return true }
                let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if count == 0 { return true }
                if count < 0, errno != EAGAIN, errno != EWOULDBLOCK { return true }
            }
            return false
        }
    }

    /// Asks for `path` on one keep-alive connection `times` times, `pause` apart; returns how
    /// many answers came back.
    static func keepAsking(port: Int, path: String, times: Int, pause: Duration) async throws -> Int {
        try await onThread {
            let socket = try connect(port: port)
            defer { close(socket) }
            var answered = 0
            var buffer = [UInt8](repeating: 0, count: 65_536)
            for _ in 0..<times {
                guard (try? send(socket, "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")) != nil else { break }
                var received = ""
                let deadline = ContinuousClock.now + .seconds(10)
                while !received.contains("\r\n\r\n"), ContinuousClock.now < deadline {
                    let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                    if count == 0 { return answered }
                    if count > 0 { received += String(decoding: buffer[0..<count], as: UTF8.self) }
                }
                guard received.hasPrefix("HTTP/1.1 200") else { return answered }
                answered += 1
                Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18)
            }
            return answered
        }
    }

    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    private static func connect(port: Int) throws -> Int32 {
        try RawHTTP.connect(port: port, receiveTimeout: timeval(tv_sec: 0, tv_usec: 200_000))
    }

    private static func send(_ socket: Int32, _ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a closed connection is an error here, not a SIGPIPE for the test process.
            let written = bytes[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw Failure(description: "send() failed") }
            sent += written
        }
    }
}
