import Synchronization

extension Task where Success == Void, Failure == Never {
    /// Waits for the task to end, but at most `limit`; true when it ended in time.
    ///
    /// Awaiting `value` cannot be cut short, so a pool that never finishes stopping would hold
    /// whoever shuts it down; this wait walks away instead, and the caller says so.
    func ended(within limit: Duration) async -> Bool {
        (try? await withAbandoningDeadline(limit, orThrow: { _Concurrency.CancellationError() }) { await self.value })
            != nil
    }
}

/// Runs `operation` in a task of its own and returns its result, or throws `timeout()` once
/// `limit` has passed, leaving the operation behind (cancelled) rather than waiting for it.
///
/// For the few waits whose cancellation is not reliably honoured — a connection's start-up
/// exchange with a server that accepted the connection and then went silent, a pool's shutdown.
func withAbandoningDeadline<T: Sendable>(
    _ limit: Duration, orThrow timeout: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withAbandoningWatch(operation) {
        try await Task<Never, Never>.sleep(for: limit)
        return timeout()
    }
}

/// Runs `operation` in a task of its own and returns its result — unless `watch`, which runs
/// beside it, returns first: then its error is thrown and the operation is left behind (cancelled)
/// rather than waited for. Whichever answers first — the operation, the watch, or the caller's
/// cancellation — the other two are cancelled; `watch` gives up quietly by throwing.
func withAbandoningWatch<T: Sendable>(
    _ operation: @escaping @Sendable () async throws -> T,
    watch: @escaping @Sendable () async throws -> any Error
) async throws -> T {
    let outcome = FirstAnswer<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            outcome.install(continuation)
            let work = Task {
                do { outcome.answer(.success(try await operation())) } catch { outcome.answer(.failure(error)) }
            }
            let watcher = Task {
                guard let error = try? await watch() else { return }
                outcome.answer(.failure(error))
            }
            outcome.onAnswer {
                watcher.cancel()
                work.cancel()
            }
        }
    } onCancel: {
        outcome.answer(.failure(CancellationError()))
    }
}

/// A continuation resumed by whichever answer comes first; later answers are dropped.
private final class FirstAnswer<T: Sendable>: Sendable {
    private struct State {
        var waiter: CheckedContinuation<T, any Error>?
        var early: Result<T, any Error>?
        var answered = false
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock {
            if let early = $0.early { return early }
            $0.waiter = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func onAnswer(_ cleanup: @escaping @Sendable () -> Void) {
        let now: Bool = state.withLock {
            if $0.answered { return true }
            $0.cleanup = cleanup
            return false
        }
        if now { cleanup() }
    }

    func answer(_ result: Result<T, any Error>) {
        let (waiter, cleanup): (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) = state.withLock {
            guard !$0.answered else { return (nil, nil) }
            $0.answered = true
            guard let waiter = $0.waiter else {
                $0.early = result
                return (nil, $0.cleanup)
            }
            $0.waiter = nil
            return (waiter, $0.cleanup)
        }
        cleanup?()
        waiter?.resume(with: result)
    }
}
