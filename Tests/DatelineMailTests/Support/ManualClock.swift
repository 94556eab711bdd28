import Foundation

/// A clock that only moves when a test moves it, so time-based behaviour is tested without sleeping.
final class ManualClock: @unchecked Sendable {
    // @unchecked is safe: `current` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = start
    }

    var now: Date {
        lock.withLock { current }
    }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    /// The clock as the `now` closure that limiters and queues take.
    var reading: @Sendable () -> Date {
        { [self] in now }
    }
}
