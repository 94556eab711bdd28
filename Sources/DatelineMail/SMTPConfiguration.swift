import Foundation

/// Where and how to send mail: the SMTP server, its transport security, credentials, the site's
/// own From address and the HELO name. Usually made from `DATELINE_SMTP_URL` with
/// ``init(url:)`` or ``fromEnvironment(_:)``.
public struct SMTPConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: String, Sendable, Equatable, CustomStringConvertible {
        /// Plain text; STARTTLS is not attempted (`smtp://`).
        case none
        /// STARTTLS when the server offers it, plain text otherwise (`smtp://…?starttls=opportunistic`).
        case opportunisticStartTLS
        /// STARTTLS is required; a server that does not offer it is a permanent failure (`smtp+starttls://`).
        case startTLS
        /// TLS from the first byte (`smtps://`).
        case implicitTLS

        /// A readable description for logs and error messages.
        public var description: String { rawValue }

        /// The port used when the URL names none.
        public var defaultPort: Int {
            switch self {
            case .none, .opportunisticStartTLS: return 25
            case .startTLS: return 587
            case .implicitTLS: return 465
            }
        }
    }

    /// The environment variable that holds the SMTP URL.
    public static let environmentVariable = "DATELINE_SMTP_URL"

    /// The server's host name or IP address.
    public let host: String
    /// The server's TCP port.
    public let port: Int
    /// Transport security.
    public let security: Security
    /// AUTH credentials, nil to send without authenticating.
    public let credentials: SMTPCredentials?
    /// The site's own From address (and display name), from the URL's `from` and `name` options.
    public let sender: Mailbox?
    /// The name this client gives in EHLO/HELO.
    public let heloName: String
    /// Whether the server's certificate must verify; false only for test servers (`insecure=1`).
    public let verifiesCertificates: Bool
    /// Time-outs for each step.
    public let timeouts: SMTPTimeouts
    /// Whether and how connections are kept open between deliveries (on by default; not part of the URL).
    public var connectionReuse: SMTPConnectionReuse

    /// A configuration from its parts; throws for a host or HELO name that is not a plain host name.
    public init(
        host: String,
        port: Int? = nil,
        security: Security = .none,
        credentials: SMTPCredentials? = nil,
        sender: Mailbox? = nil,
        heloName: String? = nil,
        verifiesCertificates: Bool = true,
        timeouts: SMTPTimeouts = SMTPTimeouts(),
        connectionReuse: SMTPConnectionReuse = SMTPConnectionReuse()
    ) throws(MailError) {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, host.utf8.count <= 253,
            host.utf8.allSatisfy({ Self.isHostByte($0) || $0 == UInt8(ascii: ":") })
        else {
            throw .invalidConfiguration(
                "the host \(host.escapedForDisplay()) is not a host name or IP address")
        }
        let port = port ?? security.defaultPort
        guard (1...65535).contains(port) else {
            throw .invalidConfiguration("the port \(port) is outside 1–65535")
        }
        let helo = heloName ?? Self.defaultHeloName()
        guard Self.isValidHeloName(helo) else {
            throw .invalidConfiguration(
                "the HELO name \(helo.escapedForDisplay()) must be a host name like mail.example.com or an address literal like [192.0.2.1]"
            )
        }
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.sender = sender
        self.heloName = helo
        self.verifiesCertificates = verifiesCertificates
        self.timeouts = timeouts
        self.connectionReuse = connectionReuse
    }

    /// The configuration in `environment[DATELINE_SMTP_URL]`, nil when the variable is unset or empty
    /// (mail is then not configured); throws when it is set but malformed.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(MailError) -> SMTPConfiguration? {
        guard let value = environment[environmentVariable]?.trimmingSpaces(), !value.isEmpty else { return nil }
        do {
            return try SMTPConfiguration(url: value)
        } catch {
            if case .invalidConfiguration(let reason) = error {
                throw .invalidConfiguration("\(environmentVariable): \(reason)")
            }
            throw error
        }
    }

    /// `host:port`, for messages.
    public var server: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The configuration as a URL with the password replaced by `***`.
    public var description: String {
        let scheme: String
        var options: [String] = []
        switch security {
        case .none: scheme = "smtp"
        case .opportunisticStartTLS:
            scheme = "smtp"
            options.append("starttls=opportunistic")
        case .startTLS: scheme = "smtp+starttls"
        case .implicitTLS: scheme = "smtps"
        }
        if let sender {
            options.append("from=\(sender.address)")
            if let name = sender.displayName { options.append("name=\(name.escapedForDisplay(limit: 60))") }
        }
        options.append("helo=\(heloName)")
        if !verifiesCertificates { options.append("insecure=1") }
        let user = credentials.map {
            ($0.username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? "?") + ":***@"
        }
        return "\(scheme)://\(user ?? "")\(server)?" + options.joined(separator: "&")
    }

    static func isHostByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
    }

    static func isValidHeloName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        if name.hasPrefix("[") && name.hasSuffix("]") {
            var literal = name.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") { literal = literal.dropFirst(5) }
            return !literal.isEmpty
                && literal.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
        }
        return name.utf8.allSatisfy(isHostByte) && !name.hasPrefix("-") && !name.hasPrefix(".")
    }

    /// The machine's host name when it is a plausible one, `localhost` otherwise. Read once with
    /// `gethostname`, which never waits for DNS (Foundation's `hostName` can stall for seconds).
    static func defaultHeloName() -> String { machineHeloName }

    private static let machineHeloName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).lowercased()
        return isValidHeloName(name) ? name : "localhost"
    }()
}
