import Foundation

/// A connection that has been greeted, upgraded to TLS and authenticated as configured, so a
/// transaction can start on it at MAIL FROM.
struct SMTPSession: Sendable {
    /// Tells sessions apart in the idle set.
    let id: Int
    let connection: SMTPConnection
    /// The extensions the server offered in its last EHLO reply (after STARTTLS, when there was one).
    var extensions: [String: String]
    var isEncrypted: Bool
    /// Transactions started on this connection (MAIL FROM sent), successful or not.
    var transactions = 0

    /// Ends the session politely: QUIT, waiting at most `timeout` for the reply, then close.
    func quit(timeout: Duration) async {
        _ = try? await connection.exchange("QUIT", timeout: timeout)
        await connection.close()
    }
}

/// The idle connections of one ``SMTPClient`` (and its copies), the way an MTA's connection cache
/// keeps them: at most ``SMTPConnectionReuse/maximumIdle`` at once, each for at most
/// ``SMTPConnectionReuse/idleTimeout`` (a timer closes it with QUIT), and handed to one delivery at
/// a time: ``take()`` removes a connection from the set, so two transactions never share one.
actor SMTPConnectionPool {
    private struct Idle {
        var session: SMTPSession
        var since: ContinuousClock.Instant
        var expiry: Task<Void, Never>
    }

    let reuse: SMTPConnectionReuse
    /// Most recently returned last: ``take()`` uses the warmest connection, so surplus ones age out.
    private var idle: [Idle] = []
    private var nextID = 0
    private var isShutDown = false
    private let quitTimeout: Duration

    init(reuse: SMTPConnectionReuse, quitTimeout: Duration) {
        self.reuse = reuse
        self.quitTimeout = quitTimeout
    }

    /// A new session id.
    func makeID() -> Int {
        nextID += 1
        return nextID
    }

    /// The most recently used idle connection that is still fit for a transaction; stale ones
    /// (closed by the server, kept too long, or holding an unexpected reply) are closed on the way.
    func take() async -> SMTPSession? {
        while let candidate = idle.popLast() {
            candidate.expiry.cancel()
            if ContinuousClock.now - candidate.since < reuse.idleTimeout,
                await candidate.session.connection.isReadyForReuse()
            {
                return candidate.session
            }
            await candidate.session.connection.close()
        }
        return nil
    }

    /// Keeps `session` for the next delivery; false when it must be ended instead (reuse is off, it
    /// has carried its share of transactions, the idle set is full, or the client is shutting down).
    func put(_ session: SMTPSession) -> Bool {
        guard reuse.isEnabled, !isShutDown, session.transactions < reuse.maximumTransactions,
            idle.count < reuse.maximumIdle
        else { return false }
        let id = session.id
        let timeout = reuse.idleTimeout
        let quitTimeout = self.quitTimeout
        let expiry = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled, let session = await self?.remove(id) else { return }
            await session.quit(timeout: quitTimeout)
        }
        idle.append(Idle(session: session, since: .now, expiry: expiry))
        return true
    }

    /// Takes the session with `id` out of the idle set, if it is there (its timer ran out, or its
    /// connection closed while it waited).
    func remove(_ id: Int) -> SMTPSession? {
        guard let index = idle.firstIndex(where: { $0.session.id == id }) else { return nil }
        let removed = idle.remove(at: index)
        removed.expiry.cancel()
        return removed.session
    }

    /// How many connections are idle now.
    var idleCount: Int { idle.count }

    /// Stops keeping connections and hands back the idle ones for the caller to end.
    func drain() -> [SMTPSession] {
        isShutDown = true
        let sessions = idle.map(\.session)
        for entry in idle { entry.expiry.cancel() }
        idle = []
        return sessions
    }
}
