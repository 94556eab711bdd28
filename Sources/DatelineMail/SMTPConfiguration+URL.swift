import Foundation

extension SMTPConfiguration {
    /// The options a URL's query may hold.
    public static let urlOptions = ["from", "name", "helo", "insecure", "starttls", "timeout"]

    /// Parses an SMTP URL:
    ///
    /// - `smtp://[user:password@]host[:port]` — plain text (port 25); add `starttls=opportunistic` to
    ///   upgrade when the server offers STARTTLS;
    /// - `smtp+starttls://…` — STARTTLS required (port 587);
    /// - `smtps://…` — implicit TLS (port 465).
    ///
    /// Query options: `from` (the site's From address), `name` (its display name), `helo` (the name
    /// given in EHLO), `insecure=1` (skip certificate verification — test servers only), `starttls`
    /// and `timeout` (seconds, for every step). User name and password are percent-decoded; write
    /// `@`, `:` and `/` in them as `%40`, `%3A` and `%2F`, and spaces in values as `%20`. Errors never
    /// repeat the password.
    public init(url text: String) throws(MailError) {
        func fail(_ reason: String) -> MailError { .invalidConfiguration(reason) }
        let text = text.trimmingSpaces()
        for scalar in text.unicodeScalars where HeaderText.isForbidden(scalar) || scalar == " " {
            throw fail("the URL contains \(scalar == " " ? "a space" : HeaderText.name(of: scalar)); percent-encode it")
        }
        guard let schemeEnd = text.range(of: "://") else {
            throw fail("expected a URL like smtp+starttls://user:password@mail.example.com:587?from=news@example.com")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        var security: Security
        switch scheme {
        case "smtp": security = .none
        case "smtp+starttls", "submission": security = .startTLS
        case "smtps": security = .implicitTLS
        default:
            throw fail("unknown scheme '\(scheme.prefix(20))'; use smtp://, smtp+starttls:// or smtps://")
        }
        var rest = text[schemeEnd.upperBound...]
        if rest.contains("#") { throw fail("the URL has a '#' fragment; remove it or percent-encode '#' as %23") }

        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            guard rest[slash...] == "/" else { throw fail("an SMTP URL has no path; remove what follows the host") }
        }

        var credentials: SMTPCredentials?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            let colon = userInfo.firstIndex(of: ":")
            let rawUser = colon.map { userInfo[..<$0] } ?? userInfo
            guard let colon else {
                throw fail("a user name is given without a password; write user:password@host")
            }
            let rawPassword = userInfo[userInfo.index(after: colon)...]
            guard let user = String(rawUser).removingPercentEncoding else {
                throw fail("the user name has a malformed percent escape (write '%' itself as %25)")
            }
            guard let password = String(rawPassword).removingPercentEncoding else {
                throw fail("the password has a malformed percent escape (write '%' itself as %25)")
            }
            credentials = try SMTPCredentials(username: user, password: password)
        }

        var host = hostPort
        var port: Int?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("the IPv6 host has no closing ']'") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after the IPv6 host") }
                port = try Self.parsePort(after.dropFirst())
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = hostPort[..<colon]
            port = try Self.parsePort(hostPort[hostPort.index(after: colon)...])
        }
        guard !host.isEmpty else { throw fail("the URL names no host") }

        var options: [String: String] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).lowercased()
            guard Self.urlOptions.contains(key) else {
                throw fail(
                    "unknown option '\(key.prefix(30))'; known options are \(Self.urlOptions.joined(separator: ", "))")
            }
            guard let value = String(parts.count > 1 ? parts[1] : "").removingPercentEncoding else {
                throw fail("the value of '\(key)' has a malformed percent escape")
            }
            guard options[key] == nil else { throw fail("the option '\(key)' is given twice") }
            options[key] = value
        }

        if let starttls = options["starttls"] {
            switch (starttls.lowercased(), security) {
            case ("opportunistic", .none), ("1", .none), ("true", .none), ("yes", .none):
                security = .opportunisticStartTLS
            case ("0", .none), ("false", .none), ("no", .none), ("off", .none):
                break
            case ("required", .startTLS), ("1", .startTLS), ("true", .startTLS), ("yes", .startTLS):
                break
            default:
                throw fail(
                    "starttls=\(starttls.prefix(20)) does not fit the \(scheme):// scheme; use smtp://…?starttls=opportunistic or smtp+starttls:// to require STARTTLS"
                )
            }
        }
        var verifies = true
        if let insecure = options["insecure"] {
            switch insecure.lowercased() {
            case "1", "true", "yes", "on": verifies = false
            case "0", "false", "no", "off", "": verifies = true
            default: throw fail("insecure=\(insecure.prefix(20)) must be 1 or 0")
            }
        }
        var timeouts = SMTPTimeouts()
        if let timeout = options["timeout"] {
            guard let seconds = Double(timeout), seconds > 0, seconds <= 3600 else {
                throw fail("timeout=\(timeout.prefix(20)) must be a number of seconds between 0 and 3600")
            }
            timeouts = .all(.milliseconds(Int64(seconds * 1000)))
        }
        var sender: Mailbox?
        if let from = options["from"] {
            do {
                sender = try Mailbox(from, displayName: options["name"])
            } catch {
                throw fail("from=…: \(error)")
            }
        } else if options["name"] != nil {
            throw fail("name=… is given without from=…; add the site's From address")
        }
        try self.init(
            host: String(host), port: port, security: security, credentials: credentials, sender: sender,
            heloName: options["helo"], verifiesCertificates: verifies, timeouts: timeouts)
    }

    private static func parsePort(_ text: Substring) throws(MailError) -> Int {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy(\.isASCIIDigit), let port = Int(text),
            (1...65535).contains(port)
        else {
            throw .invalidConfiguration("the port '\(text.prefix(10))' must be a number from 1 to 65535")
        }
        return port
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
