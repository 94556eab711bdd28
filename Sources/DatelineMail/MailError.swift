/// Everything that can go wrong while building, configuring or sending mail.
///
/// Delivery failures are split by what a queue should do about them: ``transient(_:)`` may succeed
/// if tried again later (4xx replies, refused or dropped connections, time-outs), ``permanent(_:)``
/// will fail the same way every time (5xx replies, a certificate that does not verify).
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An e-mail address failed validation; `input` is the rejected text (shown escaped).
    case invalidAddress(input: String, reason: String)
    /// Text meant for a header field could change the message's structure or breaks a limit.
    case unsafeHeader(field: String, reason: String)
    /// The message as a whole cannot be built, for example because it has no recipient.
    case invalidMessage(String)
    /// The SMTP configuration (usually `DATELINE_SMTP_URL`) is malformed.
    case invalidConfiguration(String)
    /// Delivery failed in a way that may succeed if tried again later.
    case transient(SMTPFailure)
    /// Delivery failed in a way that will fail again if repeated unchanged.
    case permanent(SMTPFailure)

    /// Whether trying the same delivery again later can succeed.
    public var isTransient: Bool {
        if case .transient = self { return true }
        return false
    }

    /// Whether the failure is final: bad input, bad configuration or a permanent SMTP failure.
    public var isPermanent: Bool { !isTransient }

    /// The SMTP failure behind a delivery error, nil for input and configuration errors.
    public var smtpFailure: SMTPFailure? {
        switch self {
        case .transient(let failure), .permanent(let failure): return failure
        default: return nil
        }
    }

    /// Whether the failure left it unknown if the server took the message: the connection ended
    /// after the final `.` without a reply (see ``SMTPFailure/serverMayHaveMessage``).
    public var serverMayHaveMessage: Bool { smtpFailure?.serverMayHaveMessage ?? false }

    /// A readable description for logs and error messages.
    public var description: String {
        switch self {
        case .invalidAddress(let input, let reason):
            return "invalid e-mail address \(input.escapedForDisplay()): \(reason)"
        case .unsafeHeader(let field, let reason):
            return "unsafe \(field) header: \(reason)"
        case .invalidMessage(let reason):
            return "cannot build the message: \(reason)"
        case .invalidConfiguration(let reason):
            return "invalid SMTP configuration: \(reason)"
        case .transient(let failure) where failure.serverMayHaveMessage:
            return "SMTP conversation cut off after the message was sent (in doubt): \(failure)"
        case .transient(let failure):
            return "temporary SMTP failure (will be retried): \(failure)"
        case .permanent(let failure):
            return "permanent SMTP failure: \(failure)"
        }
    }
}
