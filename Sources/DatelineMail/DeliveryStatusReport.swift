/// A delivery status notification (RFC 3464): the `message/delivery-status` part of a
/// `multipart/report; report-type=delivery-status` message, which says per recipient what became
/// of a message — failed, delayed, delivered — with an RFC 3463 status code.
public struct DeliveryStatusReport: Sendable, Equatable {
    /// What the reporting server did for one recipient (RFC 3464 §2.3.3).
    public enum Action: String, Sendable, Equatable {
        case failed, delayed, delivered, relayed, expanded
    }

    /// One recipient's fields.
    public struct Recipient: Sendable, Equatable {
        /// The address the message was sent to: the Original-Recipient when it is an e-mail
        /// address, else the Final-Recipient.
        public var address: EmailAddress
        public var action: Action
        public var status: DeliveryStatusCode
        /// The remote server's words, when the report gives them.
        public var diagnostic: String?
    }

    /// The server that wrote the report, when named.
    public var reportingMTA: String?
    /// The recipients the report could be read for, in order.
    public var recipients: [Recipient]
    /// Recipient groups that could not be read, each with the reason.
    public var problems: [String]

    /// Reads the report in `message`; throws when it is not a delivery status notification or
    /// names no recipient that can be read.
    public init(_ message: MIMEPart) throws(MailParseError) {
        guard let report = message.allParts.first(where: { Self.isReport($0, type: "delivery-status") }) else {
            throw MailParseError(
                "not a delivery status notification (Content-Type is \(message.contentType.mediaType), "
                    + "not multipart/report; report-type=delivery-status)")
        }
        guard
            let status = report.parts.first(where: {
                ["message/delivery-status", "message/global-delivery-status"].contains($0.contentType.mediaType)
            })
        else { throw MailParseError("the report has no message/delivery-status part") }
        let groups = Self.fieldGroups(status.text)
        guard let perMessage = groups.first else {
            throw MailParseError("the message/delivery-status part is empty")
        }
        reportingMTA = perMessage["Reporting-MTA"].map(Self.typedValue)
        recipients = []
        problems = []
        for (index, group) in groups.dropFirst().enumerated() {
            switch Self.recipient(group) {
            case .success(let recipient): recipients.append(recipient)
            case .failure(let error): problems.append("recipient \(index + 1): \(error.reason)")
            }
        }
        guard !recipients.isEmpty else {
            throw MailParseError(
                problems.first ?? "the message/delivery-status part names no recipient (no Final-Recipient field)")
        }
    }

    /// True for a `multipart/report` whose report-type is `type`.
    static func isReport(_ part: MIMEPart, type: String) -> Bool {
        part.contentType.mediaType == "multipart/report"
            && part.contentType.parameters["report-type"]?.lowercased() == type
    }

    /// The blocks of header-style fields a delivery-status body is made of, separated by blank lines.
    static func fieldGroups(_ text: String) -> [MIMEHeader] {
        let bytes = Array(text.utf8)
        var groups: [MIMEHeader] = []
        var position = 0
        while position < bytes.count {
            // Blank lines between groups (and extra ones) are skipped.
            let line = MIMELines.line(in: bytes, from: position, before: bytes.count)
            if line.content.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                position = line.next
                continue
            }
            guard let parsed = try? MIMEHeader.parse(bytes, in: position..<bytes.count, limits: MIMELimits())
            else { break }
            if !parsed.header.fields.isEmpty { groups.append(parsed.header) }
            position = max(parsed.bodyStart, line.next)
        }
        return groups
    }

    /// The value after `type;` in fields such as `rfc822; ann@example.org` or `dns; mx.example.net`.
    static func typedValue(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value.trimmingSpace() }
        return String(value[value.index(after: semicolon)...]).trimmingSpace()
    }

    /// The address in a typed address field, when its type is an e-mail address type.
    static func address(_ value: String) -> Result<EmailAddress, MailParseError> {
        let type = value.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingSpace().lowercased() }
        guard value.contains(";"), let type, ["rfc822", "utf-8"].contains(type) else {
            return .failure(MailParseError("\"\(value.prefix(80))\" is not an rfc822 address"))
        }
        var text = typedValue(value)
        if text.hasPrefix("<") && text.hasSuffix(">") { text = String(text.dropFirst().dropLast()) }
        do {
            return .success(try EmailAddress(text))
        } catch {
            return .failure(MailParseError("\"\(text.prefix(80))\" is not an e-mail address"))
        }
    }

    private static func recipient(_ group: MIMEHeader) -> Result<Recipient, MailParseError> {
        guard let final = group["Final-Recipient"] else { return .failure(MailParseError("no Final-Recipient field")) }
        var address: EmailAddress
        switch Self.address(final) {
        case .success(let found): address = found
        case .failure(let error): return .failure(error)
        }
        if let original = group["Original-Recipient"], case .success(let found) = Self.address(original) {
            address = found
        }
        guard let actionText = group["Action"] else { return .failure(MailParseError("no Action field")) }
        let actionWord = actionText.split(separator: " ").first.map { String($0).lowercased() } ?? ""
        guard let action = Action(rawValue: actionWord) else {
            return .failure(MailParseError("unknown Action \"\(actionText.prefix(40))\""))
        }
        guard let statusText = group["Status"] else { return .failure(MailParseError("no Status field")) }
        guard let status = DeliveryStatusCode(statusText) else {
            return .failure(MailParseError("Status \"\(statusText.prefix(40))\" is not a code such as 5.1.1"))
        }
        return .success(
            Recipient(
                address: address, action: action, status: status,
                diagnostic: group["Diagnostic-Code"].map { String(typedValue($0).prefix(300)) }))
    }
}

/// An RFC 3463 enhanced status code, `class.subject.detail`: class 2 is success, 4 a temporary
/// failure, 5 a permanent one.
public struct DeliveryStatusCode: Sendable, Equatable, CustomStringConvertible {
    /// 2, 4 or 5.
    public var statusClass: Int
    public var subject: Int
    public var detail: Int

    /// Reads the code at the start of `text` ("5.1.1", "4.2.2 (mailbox full)"); nil otherwise.
    public init?(_ text: String) {
        let code = text.trimmingSpace().split(whereSeparator: { $0 == " " || $0 == "(" }).first ?? ""
        let numbers = code.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, numbers.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) }),
            let first = Int(numbers[0]), [2, 4, 5].contains(first), let subject = Int(numbers[1]),
            let detail = Int(numbers[2])
        else { return nil }
        statusClass = first
        self.subject = subject
        self.detail = detail
    }

    /// "5.1.1".
    public var description: String { "\(statusClass).\(subject).\(detail)" }
}
