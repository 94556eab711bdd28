import Foundation
import Glibc

/// A small HTTP/1.1 client for plain `http://` that connects to the very address the policy
/// checked, so a DNS answer cannot change between the check and the connection.
struct PinnedHTTPClient {
    /// The largest response head accepted.
    static let maximumHeaderBytes = 64 * 1024

    var policy: FetchPolicy

    /// GETs `url` from `address`; the body is read only when `accept` approves the head.
    func get(
        _ url: URL, host: String, port: Int, address: IPAddress, deadline: ContinuousClock.Instant,
        accept: (HTTPResponse) -> FetchFailure?
    ) -> Result<HTTPResponse, FetchFailure> {
        let socket = Socket()
        defer { socket.close() }
        if let failure = socket.connect(to: address, port: port, deadline: deadline) { return .failure(failure) }
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        let hostHeader = (url.port.map { "\(host):\($0)" } ?? host)
        let request =
            "GET \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: Dateline/1.0 (news import)\r\n"
            + "Accept: text/html,application/xhtml+xml;q=0.9\r\nAccept-Encoding: gzip, identity\r\n"
            + "Connection: close\r\n\r\n"
        if let failure = socket.send(Array(request.utf8), deadline: deadline) { return .failure(failure) }

        var reader = SocketReader(socket: socket, deadline: deadline)
        guard case .success(let headBytes) = reader.readHead(limit: Self.maximumHeaderBytes) else {
            return .failure(reader.failure ?? FetchFailure("the server closed the connection before answering"))
        }
        guard var response = Self.parseHead(headBytes) else {
            return .failure(FetchFailure("the server's answer is not HTTP"))
        }
        if let refusal = accept(response) { return .failure(refusal) }
        if response.isRedirect { return .success(response) }

        let limit = policy.maximumBytes
        let tooLarge = FetchFailure(
            "the page is larger than \(PageSizeLimit.describe(limit)); the download was stopped")
        let body: Result<[UInt8], FetchFailure>
        if response.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            body = reader.readChunked(limit: limit, tooLarge: tooLarge)
        } else if let lengthText = response.header("content-length") {
            guard let length = Int(lengthText.trimmingCharacters(in: .whitespaces)), length >= 0 else {
                return .failure(FetchFailure("the server sent a malformed Content-Length"))
            }
            guard length <= limit else { return .failure(tooLarge) }
            body = reader.read(exactly: length)
        } else {
            body = reader.readToEnd(limit: limit, tooLarge: tooLarge)
        }
        switch body {
        case .success(let bytes):
            response.body = Data(bytes)
            return .success(response)
        case .failure(let failure):
            return .failure(failure)
        }
    }

    /// Parses "HTTP/1.1 200 OK\r\nName: value\r\n…" into status and headers.
    static func parseHead(_ bytes: [UInt8]) -> HTTPResponse? {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        guard !lines.isEmpty else { return nil }
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
            return nil
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (
                    line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                    line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                ))
        }
        return HTTPResponse(status: status, headers: headers, body: Data())
    }
}

/// A TCP socket with deadlines on every operation.
final class Socket {
    private(set) var descriptor: Int32 = -1

    /// Connects to `address`:`port` before `deadline`; nil on success.
    func connect(to address: IPAddress, port: Int, deadline: ContinuousClock.Instant) -> FetchFailure? {
        let family = address.isIPv4 ? AF_INET : AF_INET6
        descriptor = Glibc.socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return FetchFailure("cannot open a socket: \(String(cString: strerror(errno)))") }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        var status: Int32
        if address.isIPv4 {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &socketAddress.sin_addr) { $0.copyBytes(from: address.bytes) }
            status = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        } else {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &socketAddress.sin6_addr) { $0.copyBytes(from: address.bytes) }
            status = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        if status != 0 {
            guard errno == EINPROGRESS else {
                return FetchFailure("cannot connect to \(address) port \(port): \(String(cString: strerror(errno)))")
            }
            guard wait(for: Int16(POLLOUT), deadline: deadline) else {
                return FetchFailure("connecting to \(address) port \(port) timed out")
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 {
                return FetchFailure("cannot connect to \(address) port \(port): \(String(cString: strerror(error)))")
            }
        }
        return nil
    }

    /// Sends all of `bytes` before `deadline`; nil on success.
    func send(_ bytes: [UInt8], deadline: ContinuousClock.Instant) -> FetchFailure? {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                guard wait(for: Int16(POLLOUT), deadline: deadline) else {
                    return FetchFailure("sending the request timed out")
                }
            } else {
                return FetchFailure("sending the request failed: \(String(cString: strerror(errno)))")
            }
        }
        return nil
    }

    /// Reads up to `capacity` bytes; an empty array at the end of the stream.
    func receive(capacity: Int, deadline: ContinuousClock.Instant) -> Result<[UInt8], FetchFailure> {
        var buffer = [UInt8](repeating: 0, count: capacity)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, capacity, 0) }
            if count >= 0 { return .success(Array(buffer[..<count])) }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
                return .failure(FetchFailure("reading the answer failed: \(String(cString: strerror(errno)))"))
            }
            guard wait(for: Int16(POLLIN), deadline: deadline) else {
                return .failure(FetchFailure("the server took too long to answer"))
            }
        }
    }

    /// Waits until the socket is ready for `events`; false when the deadline passes first.
    private func wait(for events: Int16, deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return false }
            let milliseconds = Int32(
                min(
                    remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000,
                    60_000))
            var poller = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&poller, 1, max(milliseconds, 1))
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return false }
        }
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }
}

/// Buffered reading of an HTTP response from a socket.
struct SocketReader {
    let socket: Socket
    let deadline: ContinuousClock.Instant
    private var buffer: [UInt8] = []
    private var finished = false
    /// The failure that ended the last read, if any.
    private(set) var failure: FetchFailure?

    init(socket: Socket, deadline: ContinuousClock.Instant) {
        self.socket = socket
        self.deadline = deadline
    }

    /// Reads more bytes into the buffer; false at the end of the stream or on failure.
    private mutating func fill() -> Bool {
        guard !finished else { return false }
        switch socket.receive(capacity: 64 * 1024, deadline: deadline) {
        case .success(let bytes):
            if bytes.isEmpty {
                finished = true
                return false
            }
            buffer += bytes
            return true
        case .failure(let error):
            failure = error
            finished = true
            return false
        }
    }

    /// The response head up to the blank line (the line itself consumed).
    mutating func readHead(limit: Int) -> Result<[UInt8], FetchFailure> {
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                var index = max(searchFrom, 0)
                while index + 3 < buffer.count {
                    if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                        let head = Array(buffer[..<index])
                        buffer.removeFirst(index + 4)
                        return .success(head)
                    }
                    index += 1
                }
                searchFrom = buffer.count - 3
            }
            guard buffer.count <= limit else { return .failure(FetchFailure("the server's headers are too large")) }
            guard fill() else { return .failure(failure ?? FetchFailure("the server closed the connection early")) }
        }
    }

    /// Exactly `count` body bytes.
    mutating func read(exactly count: Int) -> Result<[UInt8], FetchFailure> {
        while buffer.count < count {
            guard fill() else {
                return .failure(failure ?? FetchFailure("the server closed the connection mid-page"))
            }
        }
        let body = Array(buffer[..<count])
        buffer.removeFirst(count)
        return .success(body)
    }

    /// Everything until the server closes the connection.
    mutating func readToEnd(limit: Int, tooLarge: FetchFailure) -> Result<[UInt8], FetchFailure> {
        while fill() {
            if buffer.count > limit { return .failure(tooLarge) }
        }
        if let failure { return .failure(failure) }
        guard buffer.count <= limit else { return .failure(tooLarge) }
        return .success(buffer)
    }

    /// A chunked body, reassembled.
    mutating func readChunked(limit: Int, tooLarge: FetchFailure) -> Result<[UInt8], FetchFailure> {
        var body: [UInt8] = []
        while true {
            guard case .success(let sizeLine) = readLine() else {
                return .failure(failure ?? FetchFailure("the chunked answer ended early"))
            }
            let sizeText = String(decoding: sizeLine, as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                return .failure(FetchFailure("the server sent a malformed chunk"))
            }
            if size == 0 { return .success(body) }
            guard body.count + size <= limit else { return .failure(tooLarge) }
            guard case .success(let chunk) = read(exactly: size) else {
                return .failure(failure ?? FetchFailure("the chunked answer ended early"))
            }
            body += chunk
            _ = readLine()
        }
    }

    private mutating func readLine() -> Result<[UInt8], FetchFailure> {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<newline])
                if line.last == 13 { line.removeLast() }
                buffer.removeFirst(newline + 1)
                return .success(line)
            }
            guard buffer.count < 4096, fill() else {
                return .failure(failure ?? FetchFailure("the chunked answer ended early"))
            }
        }
    }
}
