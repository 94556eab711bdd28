import DatelineCore
import Foundation
import PostgresNIO

/// Where a PostgreSQL database lives, read from a `postgres://user:password@host:port/database`
/// URL (the `postgresql://` scheme too).
///
/// Only what Dateline needs is understood: the user, the password, the host, the port (5432 when
/// absent), the database name, and `?sslmode=`. `disable` (or no `sslmode`) on a loopback host
/// talks in the clear; `require`, `verify-ca` and `verify-full` insist on TLS; anything else
/// (`prefer`, `allow`, or no `sslmode` on another host) uses TLS when the server offers it.
public struct PostgresLocation: Hashable, Sendable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: String, Hashable, Sendable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection at all.
        case require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var security: Security

    /// True when `text` names a PostgreSQL database (and so is not a SQLite path).
    public static func isPostgresURL(_ text: String) -> Bool {
        let lowered = text.trimmingWhitespace().lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Reads a URL, or throws ``StoreError/unavailable(_:)`` saying what is missing.
    public init(url text: String) throws(StoreError) {
        let text = text.trimmingWhitespace()
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw .unavailable("'\(Self.redacted(text))' is not a postgres://user:password@host:port/database URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .unavailable("the database URL names no host; write postgres://user:password@host:port/database")
        }
        guard let username = components.user, !username.isEmpty else {
            throw .unavailable("the database URL names no user; write postgres://user:password@host:port/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw .unavailable("the database URL names no database; write postgres://user:password@host:port/database")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = username.removingPercentEncoding ?? username
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value?.lowercased()
        switch mode {
        case "disable": security = .disable
        case "require", "verify-ca", "verify-full": security = .require
        case "prefer", "allow": security = .prefer
        case nil: security = Self.isLoopback(host) ? .disable : .prefer
        case let other?:
            throw .unavailable(
                "the database URL has the unknown sslmode '\(other)'; use disable, prefer or require")
        }
    }

    /// The same server and credentials with another database.
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        let userPart = password == nil ? username : username + ":***"
        return "postgres://\(userPart)@\(host):\(port)/\(database)"
    }

    /// The client configuration this location asks for.
    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch security {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.maximumConnections = 8
        return configuration
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// `text` with anything between `:` and `@` in its authority hidden.
    private static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let schemeEnd = text.range(of: "://") else { return text }
        let authority = text[schemeEnd.upperBound..<at]
        guard let colon = authority.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
