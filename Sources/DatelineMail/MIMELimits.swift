/// How much of a received message the parser will look at, so a hostile or broken message costs
/// bounded time and memory: past a limit the message is refused with a reason, never half-read.
public struct MIMELimits: Sendable, Equatable {
    /// The largest message, in bytes (4 MiB: a bounce quotes at most the original message).
    public var maximumBytes: Int
    /// The most MIME parts in one message, all levels together.
    public var maximumParts: Int
    /// The deepest nesting of multiparts and enclosed messages.
    public var maximumDepth: Int
    /// The most header fields in one part.
    public var maximumHeaderFields: Int

    /// Limits; the defaults are generous for real mail and small for a machine.
    public init(
        maximumBytes: Int = 4 * 1024 * 1024, maximumParts: Int = 500, maximumDepth: Int = 12,
        maximumHeaderFields: Int = 1_000
    ) {
        self.maximumBytes = maximumBytes
        self.maximumParts = maximumParts
        self.maximumDepth = maximumDepth
        self.maximumHeaderFields = maximumHeaderFields
    }
}
