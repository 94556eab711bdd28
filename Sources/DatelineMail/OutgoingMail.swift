/// A message ready for the wire: the SMTP envelope (sender and recipients) and the rendered
/// RFC 5322 text. This is what a ``MailOutbox`` stores, so a retry sends exactly the same bytes,
/// with the same Date and Message-ID, as the first attempt.
public struct OutgoingMail: Sendable, Hashable, Codable {
    /// The envelope sender (`MAIL FROM`), where bounces go.
    public let sender: EmailAddress
    /// The envelope recipients (`RCPT TO`), each once.
    public let recipients: [EmailAddress]
    /// The message's Message-ID, for logs and de-duplication.
    public let messageID: String
    /// The message text with CRLF line ends, headers included.
    public let content: String

    /// The rendered `message`, sent from `sender` (default: the message's From address) to every
    /// recipient in To and Cc.
    public init(_ message: MailMessage, sender: EmailAddress? = nil) {
        self.sender = sender ?? message.from.address
        self.recipients = message.recipients
        self.messageID = message.messageID
        self.content = message.rendered()
    }

    /// Restores a stored message (for ``MailOutbox`` implementations reading their rows); throws when
    /// there is no recipient or the Message-ID holds a line break or control character.
    public init(sender: EmailAddress, recipients: [EmailAddress], messageID: String, content: String) throws(MailError)
    {
        guard !recipients.isEmpty else { throw .invalidMessage("a stored message has no recipient") }
        try HeaderText.check(messageID, field: "Message-ID", maximumLength: 250)
        var seen = Set<EmailAddress>()
        self.sender = sender
        self.recipients = recipients.filter { seen.insert($0).inserted }
        self.messageID = messageID
        self.content = content
    }

    /// The same message for a subset of its recipients (used to retry only those a server deferred).
    func readdressed(to recipients: [EmailAddress]) -> OutgoingMail {
        OutgoingMail(unchecked: sender, recipients: recipients, messageID: messageID, content: content)
    }

    private init(unchecked sender: EmailAddress, recipients: [EmailAddress], messageID: String, content: String) {
        self.sender = sender
        self.recipients = recipients
        self.messageID = messageID
        self.content = content
    }

    private enum CodingKeys: String, CodingKey {
        case sender, recipients, messageID, content
    }

    /// Decodes and validates; invalid stored values fail decoding rather than slipping through.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                sender: container.decode(EmailAddress.self, forKey: .sender),
                recipients: container.decode([EmailAddress].self, forKey: .recipients),
                messageID: container.decode(String.self, forKey: .messageID),
                content: container.decode(String.self, forKey: .content))
        } catch let error as MailError {
            throw DecodingError.dataCorruptedError(
                forKey: .recipients, in: container, debugDescription: error.description)
        }
    }
}
