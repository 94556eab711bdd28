/// Why a received message (a bounce, a complaint, a caught message) could not be read, in words a
/// person can act on ("the multipart body has no boundary parameter").
public struct MailParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the message.
    public var reason: String

    /// An error with its reason.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}
