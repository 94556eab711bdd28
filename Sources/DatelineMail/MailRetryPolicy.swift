import Foundation

/// When ``MailQueue`` tries again, and when it gives up: exponential back-off from `initialDelay`,
/// doubling (by `multiplier`) up to `maximumDelay`, until the message is older than `maximumAge`.
public struct MailRetryPolicy: Sendable, Hashable {
    /// The wait after the first failed attempt.
    public var initialDelay: Duration
    /// How much longer each following wait is.
    public var multiplier: Double
    /// The longest wait between attempts.
    public var maximumDelay: Duration
    /// How long a message may keep failing transiently before the queue gives up on it.
    public var maximumAge: Duration
    /// How often the worker looks for due messages when nothing wakes it.
    public var pollInterval: Duration
    /// How long a claimed message stays invisible to other workers; longer than any one delivery takes.
    public var lease: Duration
    /// How many messages one worker pass claims.
    public var batchSize: Int

    /// A policy; the defaults retry after 30 s, 1 min, 2 min, … at most hourly, for two days.
    public init(
        initialDelay: Duration = .seconds(30),
        multiplier: Double = 2,
        maximumDelay: Duration = .seconds(3600),
        maximumAge: Duration = .seconds(2 * 24 * 3600),
        pollInterval: Duration = .seconds(5),
        lease: Duration = .seconds(600),
        batchSize: Int = 20
    ) {
        self.initialDelay = initialDelay
        self.multiplier = max(1, multiplier)
        self.maximumDelay = maximumDelay
        self.maximumAge = maximumAge
        self.pollInterval = pollInterval
        self.lease = lease
        self.batchSize = max(1, batchSize)
    }

    /// The wait before the next attempt after `attempts` failed ones (1 after the first failure).
    public func delay(afterAttempts attempts: Int) -> Duration {
        let initial = initialDelay.seconds
        let exponent = Double(max(0, attempts - 1))
        let seconds = min(initial * pow(multiplier, min(exponent, 64)), maximumDelay.seconds)
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` (a `TimeInterval`).
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
