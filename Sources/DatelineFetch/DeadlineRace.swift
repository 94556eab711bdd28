import Synchronization

/// Waits for work that cannot be interrupted — a `getaddrinfo` call, a resolver a test injects —
/// but never past a deadline: whichever comes first, the work's answer or the deadline, is the
/// answer, and the work is cancelled and left to end on its own.
///
/// A task group would not do here: it waits for every child, so a lookup stuck in the C library
/// would hold the fetch past its time limit.
enum DeadlineRace {
    /// The answer of `operation`, or `late` once `deadline` has passed, or a cancellation failure
    /// as soon as the calling task is cancelled.
    static func run<Value: Sendable>(
        until deadline: ContinuousClock.Instant, otherwise late: FetchFailure,
        _ operation: @escaping @Sendable () async -> Result<Value, FetchFailure>
    ) async -> Result<Value, FetchFailure> {
        let first = FirstAnswer<Result<Value, FetchFailure>>()
        let work = Task { first.give(await operation()) }
        let timer = Task {
            // Cancelled only once the work has answered; then there is nothing left to say.
            guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
            first.give(.failure(late))
        }
        let answer = await withTaskCancellationHandler {
            await first.wait()
        } onCancel: {
            first.give(.failure(FetchFailure("the fetch was cancelled")))
        }
        timer.cancel()
        work.cancel()
        return answer
    }
}

/// The first of several answers, handed to one waiting task; later answers are dropped.
private final class FirstAnswer<Value: Sendable>: Sendable {
    private enum State {
        case open
        case waiting(CheckedContinuation<Value, Never>)
        case answered(Value)
        case closed
    }

    private let state = Mutex(State.open)

    /// Offers an answer; only the first one offered counts.
    func give(_ value: Value) {
        let waiter: CheckedContinuation<Value, Never>? = state.withLock { state in
            switch state {
            case .open:
                state = .answered(value)
                return nil
            case .waiting(let continuation):
                state = .closed
                return continuation
            case .answered, .closed:
                return nil
            }
        }
        waiter?.resume(returning: value)
    }

    /// The first answer, once there is one. Called once, by the task that made this value.
    func wait() async -> Value {
        await withCheckedContinuation { continuation in
            let early: Value? = state.withLock { state in
                switch state {
                case .answered(let value):
                    state = .closed
                    return value
                case .open:
                    state = .waiting(continuation)
                    return nil
                case .waiting, .closed:
                    // `run` waits exactly once, so neither state can be seen here.
                    preconditionFailure("FirstAnswer waited on twice")
                }
            }
            if let early { continuation.resume(returning: early) }
        }
    }
}
