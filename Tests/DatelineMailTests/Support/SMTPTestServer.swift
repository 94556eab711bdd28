import Foundation

/// A real SMTP server (`scripts/smtp-test-server`, aiosmtpd) run as a child process for one test.
///
/// Use ``with(_:port:_:)`` so the server is stopped however the test ends; the server also exits by
/// itself when the test process is gone, so a crashed run leaves no orphan.
final class SMTPTestServer {
    /// What the server should do differently from a plain, open server.
    struct Options {
        var auth: (user: String, password: String)?
        var authMechanisms: [String] = ["PLAIN", "LOGIN"]
        var startTLS = false
        var requireStartTLS = false
        var implicitTLS = false
        var failFirst = 0
        var refuse: [String] = []
        var noEHLO = false
        var injectAfterStartTLS = false
        /// Close each connection right after its Nth accepted message.
        var closeAfterMessages = 0
        /// Answer 421 (and close) to a MAIL FROM after N messages on one connection.
        var busyAfterMessages = 0
        /// Close without a reply on a MAIL FROM after N messages on one connection.
        var hangUpAfterMessages = 0
        /// Record these messages (1-based, over the whole server) but close instead of answering their final dot.
        var dropAfterDot: [Int] = []
        /// Seconds to wait before answering each final dot.
        var dataDelay: Double = 0

        var arguments: [String] {
            var arguments: [String] = []
            if let auth { arguments += ["--auth", "\(auth.user):\(auth.password)"] }
            arguments += ["--auth-mechanisms", authMechanisms.joined(separator: ",")]
            if startTLS { arguments.append("--starttls") }
            if requireStartTLS { arguments.append("--require-starttls") }
            if implicitTLS { arguments.append("--implicit-tls") }
            if failFirst > 0 { arguments += ["--fail-first", "\(failFirst)"] }
            for address in refuse { arguments += ["--refuse", address] }
            if noEHLO { arguments.append("--no-ehlo") }
            if injectAfterStartTLS { arguments.append("--inject-after-starttls") }
            if closeAfterMessages > 0 { arguments += ["--close-after-messages", "\(closeAfterMessages)"] }
            if busyAfterMessages > 0 { arguments += ["--busy-after-messages", "\(busyAfterMessages)"] }
            if hangUpAfterMessages > 0 { arguments += ["--hang-up-after-messages", "\(hangUpAfterMessages)"] }
            for message in dropAfterDot { arguments += ["--drop-after-dot", "\(message)"] }
            if dataDelay > 0 { arguments += ["--data-delay", "\(dataDelay)"] }
            return arguments
        }
    }

    /// One message as the server received it.
    struct Received: Decodable, Sendable {
        struct Parsed: Decodable, Sendable {
            struct Address: Decodable, Sendable {
                var name: String
                var address: String
            }
            var headers: [String: [String]]
            var headerNames: [String]
            var from: [Address]
            var to: [Address]
            var cc: [Address]
            var body: String?
            var defects: [String]

            /// The single value of a header, as Python's e-mail package decodes it.
            func header(_ name: String) -> String? { headers[name]?.first }
        }
        var mailFrom: String
        var rcptTos: [String]
        var data: String
        var authUser: String?
        var authMechanism: String?
        var tls: Bool
        var helo: String?
        var parsed: Parsed
        /// The server's number for the connection the message came on (1 for the first connection).
        var connection: Int
        /// The message's place among those accepted on its connection (1 for the first).
        var transaction: Int

        /// The raw header section, unfolded, as name/value pairs in order.
        var rawHeaders: [(name: String, value: String)] {
            let head = data.components(separatedBy: "\r\n\r\n").first ?? ""
            var fields: [(String, String)] = []
            for line in head.components(separatedBy: "\r\n") {
                if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
                    fields[fields.count - 1].1 += line
                } else if let colon = line.firstIndex(of: ":") {
                    fields.append(
                        (
                            String(line[..<colon]),
                            String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                        ))
                }
            }
            return fields
        }

        /// The raw body after the blank line.
        var rawBody: String {
            guard let range = data.range(of: "\r\n\r\n") else { return "" }
            return String(data[range.upperBound...])
        }
    }

    /// Something that happened to a connection: "connect", "quit", "rset", "lost", "busy",
    /// "hang_up", "server_close", or "nested_mail" (a MAIL FROM inside an open transaction).
    struct Event: Decodable, Sendable, Equatable {
        var event: String
        var connection: Int
    }

    let port: Int
    let outputFile: URL
    private let process: Process
    private let folder: URL
    private let control: Pipe

    private init(port: Int, outputFile: URL, process: Process, folder: URL, control: Pipe) {
        self.port = port
        self.outputFile = outputFile
        self.process = process
        self.folder = folder
        self.control = control
    }

    /// Starts a server with `options` on `port` (a free one when nil), runs `body`, and stops the
    /// server afterwards whether `body` returned or threw.
    @discardableResult
    static func with<T>(
        _ options: Options = Options(), port: Int? = nil, _ body: (SMTPTestServer) async throws -> T
    ) async throws -> T {
        let server = try await start(options, port: port)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Starts a server and waits (at most two minutes, for a busy CI machine) until it prints its port.
    static func start(_ options: Options = Options(), port: Int? = nil, output: URL? = nil) async throws
        -> SMTPTestServer
    {
        let python = try await PythonTools.shared.interpreter()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let outputFile = output ?? folder.appendingPathComponent("messages.jsonl")
        let stdoutFile = folder.appendingPathComponent("stdout.txt")
        let stderrFile = folder.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)

        let process = Process()
        process.executableURL = python
        process.arguments =
            [
                PackageRoot.path("scripts/smtp-test-server").path, "--output", outputFile.path,
                "--port", "\(port ?? 0)", "--parent-pid", "\(ProcessInfo.processInfo.processIdentifier)",
                "--lifetime", "600", "--stop-on-eof", "--events", folder.appendingPathComponent("events.jsonl").path,
            ] + options.arguments
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        // The server stops when this pipe closes: on stop(), or when the test process dies.
        let control = Pipe()
        process.standardInput = control
        try process.run()

        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let printed = (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? ""
            if let line = printed.split(separator: "\n").first,
                let found = Int(line.trimmingCharacters(in: .whitespaces))
            {
                return SMTPTestServer(
                    port: found, outputFile: outputFile, process: process, folder: folder, control: control)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let errors = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        try? control.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
        }
        throw TestSetupError("smtp-test-server did not start: \(errors)")
    }

    /// Stops the server: closes its standard input (it exits at once), then SIGTERM and finally
    /// SIGKILL if it is still running after five seconds.
    func stop() async {
        try? control.fileHandleForWriting.close()
        let grace = ContinuousClock.now + .seconds(2)
        while process.isRunning && ContinuousClock.now < grace {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The messages received so far.
    func messages() throws -> [Received] {
        guard let text = try? String(contentsOf: outputFile, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try text.split(separator: "\n").map { try decoder.decode(Received.self, from: Data($0.utf8)) }
    }

    /// The connection events so far, in order.
    func events() throws -> [Event] {
        let file = folder.appendingPathComponent("events.jsonl")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Event.self, from: Data($0.utf8)) }
    }

    /// Waits at most `timeout` until `condition` holds for the events; returns the events then.
    func waitForEvents(timeout: Duration = .seconds(20), until condition: ([Event]) -> Bool) async throws -> [Event] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let events = try events()
            if condition(events) { return events }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try events()
    }

    /// Waits until at least `count` messages have arrived, at most `timeout`; returns what arrived.
    func waitForMessages(_ count: Int, timeout: Duration = .seconds(60)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let received = try messages()
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try messages()
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it; the socket is
/// closed again so a server started later can take it).
func unusedLocalPort() throws -> Int {
    #if canImport(Glibc)
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw TestSetupError("socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else { throw TestSetupError("bind() failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard named == 0 else { throw TestSetupError("getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
