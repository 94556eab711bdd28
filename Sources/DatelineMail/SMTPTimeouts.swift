/// How long each step of an SMTP conversation may take before the attempt is abandoned as a
/// (transient) time-out.
public struct SMTPTimeouts: Sendable, Hashable {
    /// Opening the TCP connection.
    public var connect: Duration
    /// Waiting for the server's greeting after connecting (also covers an implicit-TLS handshake).
    public var greeting: Duration
    /// Waiting for the reply to any one command (EHLO, STARTTLS with its handshake, AUTH, MAIL, RCPT, DATA, QUIT).
    public var command: Duration
    /// Waiting for the reply after the message text has been sent, while the server stores it.
    public var dataEnd: Duration

    /// Time-outs in the spirit of RFC 5321 §4.5.3.2, shortened for an interactive web site.
    public init(
        connect: Duration = .seconds(10),
        greeting: Duration = .seconds(30),
        command: Duration = .seconds(30),
        dataEnd: Duration = .seconds(120)
    ) {
        self.connect = connect
        self.greeting = greeting
        self.command = command
        self.dataEnd = dataEnd
    }

    /// The same limit for every step.
    public static func all(_ limit: Duration) -> SMTPTimeouts {
        SMTPTimeouts(connect: limit, greeting: limit, command: limit, dataEnd: limit)
    }
}
