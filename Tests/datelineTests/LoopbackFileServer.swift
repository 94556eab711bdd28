import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves a few fixed files over HTTP/1.1 on 127.0.0.1 (a free port) for the import tests, and
/// keeps the paths asked for, so a test can tell what the command fetched. One thread per
/// connection; every answer closes its connection.
final class LoopbackFileServer: Sendable {
    struct File: Sendable {
        let contentType: String
        let body: Data
    }

    let port: Int
    private let socketDescriptor: Int32
    private let files: [String: File]
    private let asked = Mutex<[String]>([])

    struct Unavailable: Error {}

    /// The paths requested so far, in order.
    var requestedPaths: [String] { asked.withLock { $0 } }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Listens at once; `files` gets the base address ("http://127.0.0.1:PORT") to write links with.
    init(files makeFiles: (String) -> [String: File]) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, size) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, $0, &size) == 0
            }
        }
        guard ready else {
            close(descriptor)
            throw Unavailable()
        }
        socketDescriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        files = makeFiles("http://127.0.0.1:\(port)")
        let server = self
        Thread { server.run() }.start()
    }

    func stop() {
        shutdown(socketDescriptor, Int32(SHUT_RDWR))
        close(socketDescriptor)
    }

    private func run() {
        while true {
            let connection = accept(socketDescriptor, nil, nil)
            if connection < 0 { return }
            let server = self
            Thread { server.answer(connection) }.start()
        }
    }

    private func answer(_ connection: Int32) {
        defer { close(connection) }
        var head = Data()
        var chunk = [UInt8](repeating: 0, count: 2048)
        while head.range(of: Data("\r\n\r\n".utf8)) == nil, head.count < 65_536 {
            let read = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if read <= 0 { return }
            head.append(contentsOf: chunk[0..<read])
        }
        let requestLine = String(decoding: head, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let path = requestLine.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        asked.withLock { $0.append(path) }
        var reply: Data
        if let file = files[path] {
            reply = Data(
                "HTTP/1.1 200 OK\r\nContent-Type: \(file.contentType)\r\nContent-Length: \(file.body.count)\r\nConnection: close\r\n\r\n"
                    .utf8)
            reply.append(file.body)
        } else {
            reply = Data("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        }
        var sent = 0
        while sent < reply.count {
            let count = reply[sent...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            sent += count
        }
    }
}
