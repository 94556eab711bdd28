import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP server on 127.0.0.1 for the fetcher's tests: each path answers with a fixed reply,
/// and the head of every request received is kept so tests can see what was sent.
///
/// Sendable because every stored property is an immutable `let` of a Sendable type; each
/// connection is served on its own thread.
final class HTMLTestHTTPServer: Sendable {
    /// One canned answer.
    struct Reply: Sendable {
        var head: String
        var body: [UInt8] = []
        /// Seconds to wait before answering (to test time limits).
        var delay: Double = 0
        /// Seconds to wait between the head and the body (to test time limits while reading).
        var bodyDelay: Double = 0
    }

    let port: Int
    private let listener: Int32
    private let routes: [String: Reply]
    private let received = Mutex<[String]>([])

    /// The heads of the requests received so far (request line and header lines), oldest first.
    var requests: [String] { received.withLock { $0 } }

    struct StartFailure: Error {}

    /// Starts listening on 127.0.0.1 at a free port; `routes` are built once the port is known.
    init(routes makeRoutes: (Int) -> [String: Reply]) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StartFailure() }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw StartFailure()
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = descriptor
        routes = makeRoutes(port)
        let server = self
        Thread { server.acceptLoop() }.start()
    }

    /// Stops accepting connections.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            let server = self
            Thread { server.serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.contains(13) || !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, 4096, 0) }
            guard count > 0 else { return }
            request += buffer[..<count]
        }
        let head = String(decoding: request, as: UTF8.self)
        received.withLock { $0.append(head) }
        let line = head.split(separator: "\r\n").first ?? ""
        let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let reply = routes[path] ?? Reply(head: "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        if reply.delay > 0 { Thread.sleep(forTimeInterval: reply.delay) }
        guard reply.bodyDelay > 0 else {
            write(Array(reply.head.utf8) + reply.body, to: connection)
            return
        }
        guard write(Array(reply.head.utf8), to: connection) else { return }
        Thread.sleep(forTimeInterval: reply.bodyDelay)
        write(reply.body, to: connection)
    }

    /// Sends all of `bytes`; false when the client has gone.
    @discardableResult
    private func write(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
