/// The details of a failed SMTP delivery: which step failed, the server's reply if there was one,
/// and an explanation a person can act on.
public struct SMTPFailure: Sendable, Equatable, CustomStringConvertible {
    /// The server as `host:port`.
    public var server: String
    /// The step of the SMTP conversation that failed.
    public var stage: SMTPStage
    /// The server's three-digit reply code, nil when the failure was not a reply (time-out, lost connection).
    public var replyCode: Int?
    /// The server's reply text (all lines joined), nil when there was no reply.
    public var serverMessage: String?
    /// What happened and what to check, in plain words.
    public var explanation: String
    /// True when the connection ended (or went silent) after the message's final `.` had been
    /// written and before the server's reply to it: the server may have taken the message, so
    /// sending it again may deliver a second copy, and not sending it may lose it (RFC 5321 §4.1.1.4,
    /// the case RFC 1047 describes). ``MailQueue`` counts such a message **in doubt**.
    public var serverMayHaveMessage: Bool

    /// Describes a failure at `stage` on `server`.
    public init(
        server: String, stage: SMTPStage, replyCode: Int? = nil, serverMessage: String? = nil, explanation: String,
        serverMayHaveMessage: Bool = false
    ) {
        self.server = server
        self.serverMayHaveMessage = serverMayHaveMessage
        self.stage = stage
        self.replyCode = replyCode
        self.serverMessage = serverMessage
        self.explanation = explanation
    }

    /// A readable description for logs and error messages.
    public var description: String {
        var text = "\(server), \(stage): \(explanation)"
        if let replyCode {
            text += " (server replied \(replyCode)"
            if let serverMessage, !serverMessage.isEmpty { text += " \(serverMessage.escapedForDisplay(limit: 300))" }
            text += ")"
        }
        if serverMayHaveMessage {
            text += "; this came after the message's last line was sent, so the server may have the message"
        }
        return text
    }
}

/// The steps of an SMTP conversation, used to say where a delivery failed.
public enum SMTPStage: String, Sendable, Equatable, CustomStringConvertible {
    /// Opening the TCP connection.
    case connect
    /// The TLS handshake (implicit TLS or after STARTTLS).
    case tlsHandshake = "TLS handshake"
    /// Waiting for the server's 220 greeting.
    case greeting
    /// EHLO or HELO.
    case hello = "EHLO/HELO"
    /// The STARTTLS command.
    case startTLS = "STARTTLS"
    /// AUTH PLAIN or AUTH LOGIN.
    case authentication = "AUTH"
    /// MAIL FROM.
    case mailFrom = "MAIL FROM"
    /// RCPT TO.
    case recipient = "RCPT TO"
    /// The DATA command and the message text.
    case data = "DATA"
    /// QUIT.
    case quit = "QUIT"

    /// A readable description for logs and error messages.
    public var description: String { rawValue }
}
