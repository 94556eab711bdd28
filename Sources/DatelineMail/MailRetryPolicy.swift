import Foundation

/// When ``MailQueue`` tries again, and when it gives up: exponential back-off from `initialDelay`,
/// doubling (by `multiplier`) up to `maximumDelay`, until the message is older than `maximumAge`;
/// and how much the queue does at once: a batch of `batchSize` claimed per pass, delivered at most
/// `concurrency` at a time and at most `domainConcurrency` to any one recipient domain.
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
    /// How long a claimed message stays invisible to other workers. Best longer than one batch takes
    /// to send; when it is not, another worker claims what this one has not handed over yet, and the
    /// hand-over check (``MailOutbox/markHandedOver(_:attempt:)``) keeps the two from both sending it.
    /// After a crash, the crashed worker's unsent claims wait this long.
    public var lease: Duration
    /// How many messages one worker pass claims.
    public var batchSize: Int
    /// How many deliveries one worker has under way at once.
    public var concurrency: Int
    /// How many of those may go to one recipient domain at once, so a large list at one provider
    /// does not open every connection there (providers throttle senders that do).
    public var domainConcurrency: Int
    /// What becomes of a message the server may or may not have: handed over by an instance that
    /// stopped before it heard back, or cut off after its final `.` without a reply.
    public var inDoubt: MailInDoubtPolicy

    /// A policy; the defaults retry after 30 s, 1 min, 2 min, … at most hourly, for two days.
    public init(
        initialDelay: Duration = .seconds(30),
        multiplier: Double = 2,
        maximumDelay: Duration = .seconds(3600),
        maximumAge: Duration = .seconds(2 * 24 * 3600),
        pollInterval: Duration = .seconds(5),
        lease: Duration = .seconds(120),
        batchSize: Int = 64,
        concurrency: Int = 8,
        domainConcurrency: Int = 4,
        inDoubt: MailInDoubtPolicy = .hold
    ) {
        self.initialDelay = initialDelay
        self.multiplier = max(1, multiplier)
        self.maximumDelay = maximumDelay
        self.maximumAge = maximumAge
        self.pollInterval = pollInterval
        self.lease = lease
        self.batchSize = max(1, batchSize)
        self.concurrency = max(1, concurrency)
        self.domainConcurrency = max(1, domainConcurrency)
        self.inDoubt = inDoubt
    }

    /// The wait before the next attempt after `attempts` failed ones (1 after the first failure).
    public func delay(afterAttempts attempts: Int) -> Duration {
        let initial = initialDelay.seconds
        let exponent = Double(max(0, attempts - 1))
        let seconds = min(initial * pow(multiplier, min(exponent, 64)), maximumDelay.seconds)
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

/// What the mail queue does with a message **in doubt**: one the SMTP server may have taken
/// without the sender hearing so (SMTP cannot ask the server afterwards). Sending it again risks a
/// second copy (with the same Message-ID, which some mailbox providers drop); not sending it risks
/// a missing one.
public enum MailInDoubtPolicy: String, Sendable, Hashable, CaseIterable {
    /// Keep it in doubt until a person decides (the newsletter's issue page, `dateline mail outbox
    /// --resend-in-doubt`): no second copy is ever sent by itself.
    case hold
    /// Send it again at once, as RFC 5321 expects of a client that lost its connection: no copy is
    /// ever missing, and a reader may get one twice.
    case resend
}

extension Duration {
    /// The duration in seconds, as a `Double` (a `TimeInterval`).
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
