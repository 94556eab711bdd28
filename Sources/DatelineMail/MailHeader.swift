/// An extra header field for a message (for example `X-Dateline-Story: 42` or `List-Id`).
///
/// Both name and value are checked: the name must be printable ASCII without a colon or space and
/// may not be one of the fields the message sets itself (From, To, Subject, Bcc, Content-Type, …),
/// so an extra header can never replace or smuggle the message's own structure.
public struct MailHeader: Sendable, Hashable {
    /// The field name, e.g. `X-Dateline-Story`.
    public let name: String
    /// The field value; non-ASCII text is sent as RFC 2047 encoded-words.
    public let value: String

    /// Field names that ``MailMessage`` writes itself or that only mail servers may set, compared case-insensitively.
    public static let reservedNames: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "sender", "subject", "date", "message-id", "mime-version",
        "content-type", "content-transfer-encoding", "content-disposition", "return-path", "received",
        "in-reply-to", "references", "resent-from", "resent-to", "resent-cc", "resent-bcc", "resent-sender",
        "resent-date", "resent-message-id",
    ]

    /// A validated header field; throws ``MailError/unsafeHeader(field:reason:)`` for a bad name or value.
    public init(name: String, value: String) throws(MailError) {
        guard !name.isEmpty, name.utf8.count <= 76 else {
            throw .unsafeHeader(field: "extra", reason: "the field name must be 1 to 76 characters long")
        }
        for byte in name.utf8 where byte < 0x21 || byte > 0x7E || byte == UInt8(ascii: ":") {
            throw .unsafeHeader(
                field: name.escapedForDisplay(),
                reason: "a field name may only hold printable ASCII without spaces or ':'")
        }
        guard !Self.reservedNames.contains(name.lowercased()) else {
            throw .unsafeHeader(field: name, reason: "this field is set by the message itself and cannot be added")
        }
        try HeaderText.check(value, field: name, maximumLength: 900)
        self.name = name
        self.value = value
    }
}
