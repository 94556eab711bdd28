/// How ``SMTPClient`` keeps connections open between deliveries, in the manner of an MTA's
/// connection cache: after a transaction the connection (greeted, TLS-upgraded and authenticated)
/// waits in an idle set, and the next delivery starts on it at MAIL FROM instead of connecting,
/// greeting, upgrading and authenticating again.
///
/// A connection is kept idle for at most `idleTimeout` (then it is closed with QUIT, well before a
/// server's own idle limit, usually five minutes), carries at most `maximumTransactions` messages
/// (then QUIT, so no connection lives for ever and a server that counts per connection is not
/// surprised), and at most `maximumIdle` connections wait at once. `maximumIdle` 0 turns reuse off:
/// every delivery then opens its own connection and ends it with QUIT.
public struct SMTPConnectionReuse: Sendable, Hashable {
    /// How many idle connections are kept for the next deliveries; 0 for one connection per message.
    public var maximumIdle: Int
    /// How long an idle connection is kept before it is closed.
    public var idleTimeout: Duration
    /// How many transactions one connection carries before it is closed.
    public var maximumTransactions: Int

    /// Reuse with at most `maximumIdle` idle connections (default 8, the mail queue's default
    /// concurrency), each kept idle up to `idleTimeout` and used for up to `maximumTransactions` messages.
    public init(maximumIdle: Int = 8, idleTimeout: Duration = .seconds(10), maximumTransactions: Int = 100) {
        self.maximumIdle = max(0, maximumIdle)
        self.idleTimeout = max(.zero, idleTimeout)
        self.maximumTransactions = max(1, maximumTransactions)
    }

    /// One connection per message, closed with QUIT after its transaction.
    public static let disabled = SMTPConnectionReuse(maximumIdle: 0)

    /// Whether connections are kept at all.
    public var isEnabled: Bool { maximumIdle > 0 && maximumTransactions > 1 && idleTimeout > .zero }
}
