import DatelineCore
import Logging
import PostgresNIO
import Synchronization

/// A connection borrowed from the store's pool for one statement or one transaction, obtained
/// within a deadline that the caller can rely on.
///
/// `PostgresClient.withConnection` waits for a connection for as long as the server is away, and
/// cancelling that wait does not always end it: while connections were being refused and
/// terminated, a read wrapped in a task group with a 2 s timer waited for the group's other
/// child — the pool's lease request — and never returned (issue 12; the test process then hung
/// until it was killed). Here the lease is requested by a task of its own that hands the
/// connection over. The caller waits only until the deadline and then walks away with
/// ``StoreError/unavailable(_:)``; a connection that arrives afterwards goes straight back to the
/// pool, and a request the pool never answers costs one parked task, not a caller.
///
/// A second deadline bounds the work itself: when the holder has not released the connection by
/// then, the connection is closed, which fails whatever statement is waiting on it (a server that
/// stopped answering mid-statement would otherwise hold the caller until TCP gave up).
struct PooledConnectionLease: Sendable {
    /// The connection, usable until ``release()``.
    let connection: PostgresConnection
    private let handoff: Handoff

    /// Borrows a connection from `client`, or throws ``StoreError/unavailable(_:)`` when none came
    /// within `leaseDeadline`, and `CancellationError` when the calling task is cancelled first.
    ///
    /// - Parameter workDeadline: counted from the call; when the connection is still held then,
    ///   it is closed. `nil` lets the work run as long as it needs (archive imports and exports).
    static func acquire(
        from client: PostgresClient, leaseDeadline: Duration, workDeadline: Duration?, logger: Logger,
        unavailable: @escaping @Sendable () -> StoreError
    ) async throws -> PooledConnectionLease {
        let handoff = Handoff()
        let connection = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<PostgresConnection, any Error>) in
                guard handoff.install(waiter) else { return }
                let leasing = Task {
                    do {
                        try await client.withConnection { connection in
                            let (released, release) = AsyncStream<Never>.makeStream()
                            // Too late: the caller has gone; the connection goes back at once.
                            guard handoff.deliver(connection, release: release) else { return }
                            for await _ in released {}
                        }
                    } catch {
                        handoff.fail(error)
                    }
                }
                let watch = Task {
                    do { try await Task.sleep(for: leaseDeadline) } catch { return }
                    if handoff.fail(unavailable()) {
                        leasing.cancel()
                        return
                    }
                    guard let workDeadline, workDeadline > leaseDeadline else { return }
                    do { try await Task.sleep(for: workDeadline - leaseDeadline) } catch { return }
                    guard let held = handoff.stillHeld() else { return }
                    logger.warning(
                        "closing a PostgreSQL connection whose work passed its deadline",
                        metadata: ["deadline": "\(workDeadline)"])
                    try? await held.close()
                }
                handoff.adopt(watch: watch, leasing: leasing)
            }
        } onCancel: {
            handoff.fail(CancellationError())
        }
        return PooledConnectionLease(connection: connection, handoff: handoff)
    }

    /// Runs `work` on the connection and returns what it returns, or throws ``ConnectionLost`` when
    /// the connection has been closed for `grace` and `work` is still waiting.
    ///
    /// A statement sent on a connection whose channel has already closed can wait for good:
    /// PostgresNIO writes it with no promise, and once the closed channel's handlers are gone
    /// nothing ever answers it (no error, no timeout). That happens when the server ends a
    /// connection (a restart, `pg_terminate_backend`, a fail-over) in the moment between the pool
    /// lending it and the statement going out, and it held a test for good (CI, stop 24). Here
    /// the connection is looked at four times a second while `work` runs; once it is closed,
    /// `work` has `grace` to fail by itself, and is then left behind (cancelled; the connection is
    /// closed, so it can write nothing more).
    func run<T: Sendable>(
        grace: Duration = .seconds(2), _ work: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = self.connection
        return try await withAbandoningWatch({ try await work(connection) }) {
            while !connection.isClosed {
                try await Task.sleep(for: .milliseconds(250))
            }
            try await Task.sleep(for: grace)
            return ConnectionLost()
        }
    }

    /// The connection closed under a statement that then never answered. Whether the work's
    /// earlier statements took effect is not known here, so a write is not tried again.
    struct ConnectionLost: Error, CustomStringConvertible {
        var description: String { "the connection to the database closed and the statement got no answer" }
    }

    /// The pool lent a connection that had already closed; nothing was sent on it, so any work
    /// may be tried again on another.
    struct ClosedBeforeUse: Error, CustomStringConvertible {
        var description: String { "the pool lent a connection that had already closed" }
    }

    /// Gives the connection back to the pool; the lease must not be used afterwards.
    func release() {
        handoff.release()
    }
}

/// The meeting point of the caller, the task that leases the connection and the task that
/// watches the clock; whichever of "connection", "failure" and "cancelled" comes first wins.
private final class Handoff: Sendable {
    private enum Stage {
        case starting
        case waiting(CheckedContinuation<PostgresConnection, any Error>)
        case held(PostgresConnection, AsyncStream<Never>.Continuation)
        case over
    }

    private struct State {
        var stage = Stage.starting
        var failure: (any Error)?
        var watch: Task<Void, Never>?
        var leasing: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// Installs the caller's continuation; false (having resumed it) when the caller was
    /// cancelled before it got here.
    func install(_ waiter: CheckedContinuation<PostgresConnection, any Error>) -> Bool {
        let early: (any Error)? = state.withLock {
            guard case .starting = $0.stage else { return $0.failure ?? CancellationError() }
            $0.stage = .waiting(waiter)
            return nil
        }
        guard let early else { return true }
        waiter.resume(throwing: early)
        return false
    }

    /// Keeps the two tasks so the winner can stop the loser; stops them at once when the race is
    /// already decided against the lease.
    func adopt(watch: Task<Void, Never>, leasing: Task<Void, Never>) {
        let settled: (lost: Bool, released: Bool) = state.withLock {
            $0.watch = watch
            $0.leasing = leasing
            switch $0.stage {
            case .over: return ($0.failure != nil, $0.failure == nil)
            default: return (false, false)
            }
        }
        if settled.lost {
            leasing.cancel()
            watch.cancel()
        } else if settled.released {
            watch.cancel()
        }
    }

    /// Hands `connection` to the waiting caller; false when the caller is no longer waiting.
    func deliver(_ connection: PostgresConnection, release: AsyncStream<Never>.Continuation) -> Bool {
        let waiter: CheckedContinuation<PostgresConnection, any Error>? = state.withLock {
            guard case .waiting(let waiter) = $0.stage else { return nil }
            $0.stage = .held(connection, release)
            return waiter
        }
        guard let waiter else { return false }
        waiter.resume(returning: connection)
        return true
    }

    /// Fails the waiting caller with `error`; false when the caller already had its answer.
    @discardableResult
    func fail(_ error: any Error) -> Bool {
        let outcome:
            (waiter: CheckedContinuation<PostgresConnection, any Error>?, decided: Bool, tasks: [Task<Void, Never>]) =
                state.withLock {
                    switch $0.stage {
                    case .starting:
                        $0.stage = .over
                        $0.failure = error
                        return (nil, true, [])
                    case .waiting(let waiter):
                        $0.stage = .over
                        $0.failure = error
                        return (waiter, true, [$0.watch, $0.leasing].compactMap { $0 })
                    case .held, .over:
                        return (nil, false, [])
                    }
                }
        for task in outcome.tasks { task.cancel() }
        outcome.waiter?.resume(throwing: error)
        return outcome.decided
    }

    /// The connection while the caller still holds it.
    func stillHeld() -> PostgresConnection? {
        state.withLock {
            guard case .held(let connection, _) = $0.stage else { return nil }
            return connection
        }
    }

    /// Ends the holding: the leasing task returns the connection to the pool.
    func release() {
        let ending: (AsyncStream<Never>.Continuation?, Task<Void, Never>?) = state.withLock {
            guard case .held(_, let release) = $0.stage else { return (nil, nil) }
            $0.stage = .over
            return (release, $0.watch)
        }
        ending.1?.cancel()
        ending.0?.finish()
    }
}
