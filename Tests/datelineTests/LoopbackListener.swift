import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP listener on 127.0.0.1 (a free port) that hands each connection to a thread of its own:
/// the socket plumbing under the tests' small HTTP servers (``LoopbackFileServer``,
/// ``FeedTestServer``).
final class LoopbackListener: Sendable {
    struct Unavailable: Error {}

    let port: Int
    private let descriptor: Int32

    init(backlog: Int32 = 16) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, size) == 0 && listen(descriptor, backlog) == 0
                    && getsockname(descriptor, $0, &size) == 0
            }
        }
        guard ready else {
            close(descriptor)
            throw Unavailable()
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts connections until ``stop()``, each answered by `answer` on its own thread and
    /// closed afterwards.
    func start(_ answer: @escaping @Sendable (_ connection: Int32) -> Void) {
        let descriptor = self.descriptor
        Thread {
            while true {
                let connection = accept(descriptor, nil, nil)
                if connection < 0 { return }
                Thread {
                    defer { close(connection) }
                    answer(connection)
                }.start()
            }
        }.start()
    }

    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }

    /// The request's head (up to its blank line, at most 64 KiB), or nil when the client closed
    /// the connection or sent nothing for 5 seconds.
    static func readHead(_ connection: Int32) -> Data? {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head = Data()
        var chunk = [UInt8](repeating: 0, count: 2048)
        while head.range(of: Data("\r\n\r\n".utf8)) == nil, head.count < 65_536 {
            let read = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if read <= 0 { return nil }
            head.append(contentsOf: chunk[0..<read])
        }
        return head
    }

    /// Sends all of `bytes`, giving up when the client has gone.
    static func sendAll(_ bytes: Data, on connection: Int32) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            sent += count
        }
    }
}
