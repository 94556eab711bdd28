import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A feed server on 127.0.0.1 (a free port) for the `dateline sources` tests: each path answers
/// what the test set last (any status, headers and body), a feed with an ETag answers 304 to a
/// request carrying it, and every request's path and header fields are kept. One thread per
/// connection; a connection that sends nothing for 5 seconds is dropped.
final class FeedTestServer: Sendable {
    struct Answer: Sendable {
        var status = 200
        var headers: [String: String] = [:]
        var body = Data()

        static func feed(_ text: String, type: String = "application/rss+xml", etag: String? = nil) -> Answer {
            var headers = ["Content-Type": type]
            if let etag {
                headers["ETag"] = etag
                headers["Last-Modified"] = "Thu, 03 Dec 2026 10:00:00 GMT"
            }
            return Answer(headers: headers, body: Data(text.utf8))
        }

        static func page(_ html: String) -> Answer {
            Answer(headers: ["Content-Type": "text/html; charset=utf-8"], body: Data(html.utf8))
        }
    }

    struct Request: Sendable {
        var path: String
        /// Header names in lower case.
        var headers: [String: String]
    }

    let port: Int
    private let socketDescriptor: Int32
    private let answers = Mutex<[String: Answer]>([:])
    private let seen = Mutex<[Request]>([])

    struct Unavailable: Error {}

    var base: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { seen.withLock { $0 } }

    func requests(for path: String) -> [Request] { requests.filter { $0.path == path } }

    func set(_ path: String, _ answer: Answer) { answers.withLock { $0[path] = answer } }

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, size) == 0 && listen(descriptor, 16) == 0
                    && getsockname(descriptor, $0, &size) == 0
            }
        }
        guard ready else {
            close(descriptor)
            throw Unavailable()
        }
        socketDescriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
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
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head = Data()
        var chunk = [UInt8](repeating: 0, count: 2048)
        while head.range(of: Data("\r\n\r\n".utf8)) == nil, head.count < 65_536 {
            let read = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if read <= 0 { return }
            head.append(contentsOf: chunk[0..<read])
        }
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let path = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        seen.withLock { $0.append(Request(path: path, headers: headers)) }
        var answer = answers.withLock { $0[path] } ?? Answer(status: 404)
        if let etag = answer.headers["ETag"], headers["if-none-match"] == etag {
            answer = Answer(status: 304, headers: ["ETag": etag])
        }
        var reply = "HTTP/1.1 \(answer.status) Answer\r\n"
        for (name, value) in answer.headers { reply += "\(name): \(value)\r\n" }
        let body = answer.status == 304 ? Data() : answer.body
        reply += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        var bytes = Data(reply.utf8)
        bytes.append(body)
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
