import Synchronization

extension Task where Success == Void, Failure == Never {
    /// Waits for the task to end, but at most `limit`; true when it ended in time.
    ///
    /// Awaiting `value` cannot be cut short, so a pool that never finishes stopping would hold
    /// whoever shuts it down; this wait walks away instead, and the caller says so.
    func ended(within limit: Duration) async -> Bool {
        let outcome = FirstAnswer()
        return await withCheckedContinuation { continuation in
            outcome.install(continuation)
            let timer = Task<Void, Never> {
                do { try await Task<Never, Never>.sleep(for: limit) } catch { return }
                outcome.answer(false)
            }
            Task<Void, Never> {
                await self.value
                timer.cancel()
                outcome.answer(true)
            }
        }
    }
}

/// A continuation resumed by whichever answer comes first.
private final class FirstAnswer: Sendable {
    private let waiter = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func install(_ continuation: CheckedContinuation<Bool, Never>) {
        waiter.withLock { $0 = continuation }
    }

    func answer(_ value: Bool) {
        let continuation: CheckedContinuation<Bool, Never>? = waiter.withLock { waiting in
            defer { waiting = nil }
            return waiting
        }
        continuation?.resume(returning: value)
    }
}
