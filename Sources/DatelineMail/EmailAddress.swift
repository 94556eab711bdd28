/// A validated e-mail address (`local-part@domain`), safe to put into a header or an SMTP command.
///
/// The check is deliberately conservative: ASCII only, a dot-atom local part (no quoted strings,
/// comments, display names, commas, semicolons or angle brackets) and a host name domain with at
/// least two labels (no address literals). Anything else is rejected with a reason, so a form can
/// tell its reader what to fix. The domain is stored in lower case; the local part as given.
public struct EmailAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The part before the `@`, as given.
    public let localPart: String
    /// The part after the `@`, in lower case.
    public let domain: String

    /// The longest address SMTP can carry in a path (RFC 5321: 256 octets including the angle brackets).
    public static let maximumLength = 254

    /// Validates `text` (surrounding spaces are ignored) and throws ``MailError/invalidAddress(input:reason:)``
    /// with a reason a person can act on.
    public init(_ text: String) throws(MailError) {
        let trimmed = text.trimmingSpaces()
        func reject(_ reason: String) -> MailError { .invalidAddress(input: text, reason: reason) }

        if trimmed.isEmpty { throw reject("the address is empty") }
        for scalar in trimmed.unicodeScalars {
            if HeaderText.isForbidden(scalar) {
                throw reject("it contains \(HeaderText.name(of: scalar))")
            }
            if scalar == " " { throw reject("it contains a space") }
            if scalar.value > 0x7E {
                throw reject("it contains the non-ASCII character '\(scalar)'; only ASCII addresses are supported")
            }
        }
        if trimmed.utf8.count > Self.maximumLength {
            throw reject("it is \(trimmed.utf8.count) characters long; the limit is \(Self.maximumLength)")
        }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw reject(parts.count == 1 ? "it has no '@'" : "it has more than one '@'")
        }
        let local = String(parts[0])
        let domain = String(parts[1])
        try Self.checkLocalPart(local, reject: reject)
        try Self.checkDomain(domain, reject: reject)
        self.localPart = local
        self.domain = domain.lowercased()
    }

    /// The address as `local-part@domain`.
    public var string: String { localPart + "@" + domain }

    /// The address as `local-part@domain`.
    public var description: String { string }

    /// Orders addresses by their text, for stable listings.
    public static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.string < rhs.string }

    /// Decodes and validates; invalid stored values fail decoding rather than slipping through.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description)
            )
        }
    }

    /// Encodes the validated value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }

    private static func checkLocalPart(_ local: String, reject: (String) -> MailError) throws(MailError) {
        if local.isEmpty { throw reject("nothing comes before the '@'") }
        if local.utf8.count > 64 { throw reject("the part before the '@' is longer than 64 characters") }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") {
            throw reject("the part before the '@' has a dot at its start or end, or two dots in a row")
        }
        for byte in local.utf8 where byte != UInt8(ascii: ".") && !HeaderText.isAtext(byte) {
            throw reject("'\(Character(Unicode.Scalar(byte)))' is not allowed in an address")
        }
    }

    private static func checkDomain(_ domain: String, reject: (String) -> MailError) throws(MailError) {
        if domain.isEmpty { throw reject("nothing comes after the '@'") }
        if domain.utf8.count > 253 { throw reject("the domain is longer than 253 characters") }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if labels.contains(where: \.isEmpty) {
            throw reject("the domain has a dot at its start or end, or two dots in a row")
        }
        if labels.count < 2 { throw reject("the domain '\(domain)' has no dot (expected something like example.com)") }
        for label in labels {
            if label.utf8.count > 63 { throw reject("a domain label is longer than 63 characters") }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                throw reject("a domain label starts or ends with '-'")
            }
            for byte in label.utf8 {
                let allowed =
                    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                if !allowed {
                    throw reject("'\(Character(Unicode.Scalar(byte)))' is not allowed in a domain")
                }
            }
        }
        if let last = labels.last, last.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            throw reject("the domain must be a host name, not an IP address")
        }
    }
}

extension String {
    /// The string without leading and trailing U+0020 spaces; every other character is kept so that
    /// validation still sees (and rejects) it.
    func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else {
            return ""
        }
        return String(self[first...last])
    }
}
