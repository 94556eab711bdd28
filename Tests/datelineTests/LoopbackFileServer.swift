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

    private let listener: LoopbackListener
    var port: Int { listener.port }
    private let files: [String: File]
    private let asked = Mutex<[String]>([])

    /// The paths requested so far, in order.
    var requestedPaths: [String] { asked.withLock { $0 } }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Listens at once; `files` gets the base address ("http://127.0.0.1:PORT") to write links with.
    init(files makeFiles: (String) -> [String: File]) throws {
        listener = try LoopbackListener(backlog: 8)
        files = makeFiles("http://127.0.0.1:\(listener.port)")
        let server = self
        listener.start { server.answer($0) }
    }

    func stop() { listener.stop() }

    private func answer(_ connection: Int32) {
        guard let head = LoopbackListener.readHead(connection) else { return }
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
        LoopbackListener.sendAll(reply, on: connection)
    }
}
