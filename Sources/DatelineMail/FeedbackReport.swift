/// An abuse complaint in the Abuse Reporting Format (RFC 5965): a
/// `multipart/report; report-type=feedback-report` message whose `message/feedback-report` part
/// says what kind of feedback it is, followed by the message complained about (or its header).
public struct FeedbackReport: Sendable, Equatable {
    /// The Feedback-Type: abuse, fraud, virus, other, not-spam, auth-failure, …, in lower case.
    public var feedbackType: String
    /// Who complained: the Original-Rcpt-To fields, else the To addresses of the returned message.
    public var complainants: [EmailAddress]

    /// True for feedback that is a recipient's complaint; "not-spam" and authentication failure
    /// reports (RFC 6591) are about something else.
    public var isComplaint: Bool {
        !["not-spam", "auth-failure"].contains(feedbackType)
    }

    /// Reads the report in `message`; throws when it is not an ARF report or does not say who complained.
    public init(_ message: MIMEPart) throws(MailParseError) {
        guard let report = message.allParts.first(where: { DeliveryStatusReport.isReport($0, type: "feedback-report") })
        else {
            throw MailParseError(
                "not a complaint report (Content-Type is \(message.contentType.mediaType), "
                    + "not multipart/report; report-type=feedback-report)")
        }
        guard let feedback = report.parts.first(where: { $0.contentType.mediaType == "message/feedback-report" }),
            let fields = DeliveryStatusReport.fieldGroups(feedback.text).first
        else { throw MailParseError("the report has no message/feedback-report part") }
        guard let type = fields["Feedback-Type"]?.lowercased(), !type.isEmpty else {
            throw MailParseError("the feedback report has no Feedback-Type field")
        }
        feedbackType = String(type.prefix(40))
        var addresses = fields.values("Original-Rcpt-To").compactMap { Self.plainAddress($0) }
        if addresses.isEmpty {
            // The third part is the message complained about, or just its header.
            let returned = report.parts.dropFirst(2).first
            let header: MIMEHeader? =
                returned?.parts.first?.header
                ?? (returned?.contentType.mediaType == "text/rfc822-headers"
                    ? DeliveryStatusReport.fieldGroups(returned?.text ?? "").first : nil)
            addresses = (header?.values("To") ?? []).flatMap { $0.split(separator: ",") }.compactMap {
                Self.plainAddress(String($0))
            }
        }
        var seen = Set<EmailAddress>()
        complainants = addresses.filter { seen.insert($0).inserted }
        guard !complainants.isEmpty else {
            throw MailParseError(
                "the complaint does not say who complained (no Original-Rcpt-To, and no To in the returned message)")
        }
    }

    /// The address in `ann@example.org`, `<ann@example.org>` or `Ann <ann@example.org>`.
    static func plainAddress(_ text: String) -> EmailAddress? {
        var candidate = text.trimmingSpace()
        if let open = candidate.lastIndex(of: "<"), let close = candidate.lastIndex(of: ">"), open < close {
            candidate = String(candidate[candidate.index(after: open)..<close])
        }
        return try? EmailAddress(candidate.trimmingSpace())
    }
}
