/// An address with an optional display name, as it appears in From, To, Cc and Reply-To
/// (`Dateline <news@example.com>`).
public struct Mailbox: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The name shown to the reader, nil when there is none. Never empty.
    public let displayName: String?
    /// The address itself.
    public let address: EmailAddress

    /// The longest display name accepted, in characters.
    public static let maximumDisplayNameLength = 200

    /// A mailbox for `address`; the display name (spaces trimmed, empty means none) is checked for
    /// line breaks and control characters, which are rejected, never passed through.
    public init(_ address: EmailAddress, displayName: String? = nil) throws(MailError) {
        self.address = address
        if let displayName {
            try HeaderText.check(displayName, field: "display name", maximumLength: Self.maximumDisplayNameLength)
            let trimmed = displayName.trimmingSpaces()
            self.displayName = trimmed.isEmpty ? nil : trimmed
        } else {
            self.displayName = nil
        }
    }

    /// A mailbox from an address string and an optional display name, both validated.
    public init(_ address: String, displayName: String? = nil) throws(MailError) {
        try self.init(EmailAddress(address), displayName: displayName)
    }

    /// A readable description for logs and error messages.
    public var description: String {
        guard let displayName else { return address.string }
        return "\(displayName.escapedForDisplay()) <\(address)>"
    }

    private enum CodingKeys: String, CodingKey {
        case displayName = "name"
        case address
    }

    /// Decodes and validates; invalid stored values fail decoding rather than slipping through.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let address = try container.decode(EmailAddress.self, forKey: .address)
        let name = try container.decodeIfPresent(String.self, forKey: .displayName)
        do {
            try self.init(address, displayName: name)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .displayName, in: container, debugDescription: error.description)
        }
    }

    /// Encodes the validated value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encodeIfPresent(displayName, forKey: .displayName)
    }
}
