import Foundation

/// A plain-text e-mail, validated when it is made: every header input is checked (line breaks and
/// control characters are rejected, never passed through) and ``rendered()`` produces RFC 5322 text
/// with MIME headers, RFC 2047 encoded-words for non-ASCII names and subjects, and lines folded
/// within the length limits.
public struct MailMessage: Sendable, Hashable {
    /// The author, usually the site's own address.
    public let from: Mailbox
    /// The primary recipients.
    public let to: [Mailbox]
    /// Copied recipients, shown in the Cc header.
    public let cc: [Mailbox]
    /// Where replies go, when that differs from ``from``.
    public let replyTo: Mailbox?
    /// The subject line (surrounding spaces trimmed).
    public let subject: String
    /// The plain-text body; line ends may be LF, CRLF or CR.
    public let body: String
    /// The Date header's value.
    public let date: Date
    /// The Message-ID with its angle brackets, e.g. `<3f2a…@example.com>`.
    public let messageID: String
    /// Extra header fields, written after the message's own.
    public let additionalHeaders: [MailHeader]

    /// The longest subject accepted, in characters.
    public static let maximumSubjectLength = 250
    /// The most recipients (To and Cc together) one message may have.
    public static let maximumRecipients = 50

    /// Builds and validates a message; throws ``MailError`` for unsafe subjects, missing recipients
    /// or a malformed Message-ID. A Message-ID is generated from `from`'s domain when none is given.
    public init(
        from: Mailbox,
        to: [Mailbox],
        cc: [Mailbox] = [],
        replyTo: Mailbox? = nil,
        subject: String,
        body: String,
        date: Date = Date(),
        messageID: String? = nil,
        additionalHeaders: [MailHeader] = []
    ) throws(MailError) {
        guard !to.isEmpty else { throw .invalidMessage("the message has no recipient in To") }
        guard to.count + cc.count <= Self.maximumRecipients else {
            throw .invalidMessage(
                "the message has \(to.count + cc.count) recipients; the limit is \(Self.maximumRecipients)")
        }
        try HeaderText.check(subject, field: "Subject", maximumLength: Self.maximumSubjectLength)
        if let messageID {
            try Self.checkMessageID(messageID)
        }
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject.trimmingSpaces()
        self.body = body
        self.date = date
        self.messageID = messageID ?? Self.makeMessageID(domain: from.address.domain)
        self.additionalHeaders = additionalHeaders
    }

    /// Every envelope recipient (To, then Cc), each address once.
    public var recipients: [EmailAddress] {
        var seen = Set<EmailAddress>()
        return (to + cc).map(\.address).filter { seen.insert($0).inserted }
    }

    /// A new, unique Message-ID (`<random@domain>`) for a message sent from `domain`.
    public static func makeMessageID(domain: String) -> String {
        let random = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return "<\(random).dateline@\(domain)>"
    }

    /// The complete message as RFC 5322 text with CRLF line ends: headers, a blank line, the encoded body.
    public func rendered() -> String {
        let body = MailBody(text: body)
        var fields = envelopeFields()
        fields += [
            HeaderField(name: "Content-Type", tokens: ["text/plain;", "charset=utf-8"]),
            HeaderField(name: "Content-Transfer-Encoding", tokens: [body.transferEncoding]),
        ]
        fields += additionalHeaders.map { HeaderField(name: $0.name, tokens: HeaderField.unstructuredTokens($0.value)) }
        return fields.map { $0.rendered() }.joined() + "\r\n" + body.encoded
    }

    /// The fields every rendering shares: Date, From, To, Cc, Reply-To, Subject, Message-ID, MIME-Version.
    func envelopeFields() -> [HeaderField] {
        var fields: [HeaderField] = [
            HeaderField(name: "Date", tokens: [MailDate.format(date)]),
            HeaderField(name: "From", tokens: HeaderField.mailboxListTokens([from])),
            HeaderField(name: "To", tokens: HeaderField.mailboxListTokens(to)),
        ]
        if !cc.isEmpty { fields.append(HeaderField(name: "Cc", tokens: HeaderField.mailboxListTokens(cc))) }
        if let replyTo {
            fields.append(HeaderField(name: "Reply-To", tokens: HeaderField.mailboxListTokens([replyTo])))
        }
        fields += [
            HeaderField(name: "Subject", tokens: HeaderField.unstructuredTokens(subject)),
            HeaderField(name: "Message-ID", tokens: [messageID]),
            HeaderField(name: "MIME-Version", tokens: ["1.0"]),
        ]
        return fields
    }

    private static func checkMessageID(_ id: String) throws(MailError) {
        try HeaderText.check(id, field: "Message-ID", maximumLength: 250)
        let reason = "must look like <unique-part@domain>, using only letters, digits, dots and !#$%&'*+-/=?^_`{|}~"
        guard id.hasPrefix("<"), id.hasSuffix(">") else { throw .unsafeHeader(field: "Message-ID", reason: reason) }
        let inner = id.dropFirst().dropLast()
        let halves = inner.split(separator: "@", omittingEmptySubsequences: false)
        guard halves.count == 2 else { throw .unsafeHeader(field: "Message-ID", reason: reason) }
        for half in halves {
            let valid =
                !half.isEmpty && !half.hasPrefix(".") && !half.hasSuffix(".") && !half.contains("..")
                && half.utf8.allSatisfy { HeaderText.isAtext($0) || $0 == UInt8(ascii: ".") }
            guard valid else { throw .unsafeHeader(field: "Message-ID", reason: reason) }
        }
    }
}
