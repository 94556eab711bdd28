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

    private let listener: LoopbackListener
    var port: Int { listener.port }
    private let answers = Mutex<[String: Answer]>([:])
    private let seen = Mutex<[Request]>([])

    var base: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { seen.withLock { $0 } }

    func requests(for path: String) -> [Request] { requests.filter { $0.path == path } }

    func set(_ path: String, _ answer: Answer) { answers.withLock { $0[path] = answer } }

    init() throws {
        listener = try LoopbackListener()
        let server = self
        listener.start { server.answer($0) }
    }

    func stop() { listener.stop() }

    private func answer(_ connection: Int32) {
        guard let head = LoopbackListener.readHead(connection) else { return }
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
        LoopbackListener.sendAll(bytes, on: connection)
    }
}
