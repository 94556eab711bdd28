/// What a returned message means for the addresses it names: the one reading a bounce import
/// acts on. Delivery status notifications (RFC 3464) give hard and soft bounces; ARF reports
/// (RFC 5965) give complaints.
public struct BounceReport: Sendable, Equatable {
    /// What became of one address.
    public enum Outcome: String, Sendable, Equatable {
        /// A permanent failure (status 5.x.x): the address should never be mailed again.
        case hardBounce = "hard bounce"
        /// A temporary failure or delay (4.x.x): worth trying again later.
        case softBounce = "soft bounce"
        /// The recipient reported the message as unwanted: never mail them again.
        case complaint
        /// Delivered, relayed or expanded, or feedback that is not a complaint: nothing to do.
        case noAction = "no action"
    }

    /// One address and what became of it.
    public struct Finding: Sendable, Equatable {
        public var address: EmailAddress
        public var outcome: Outcome
        /// The status code or feedback type behind the outcome, for the log.
        public var detail: String
    }

    /// Every address the message names, in order.
    public var findings: [Finding]
    /// Parts of the report that could not be read (the rest was), each with the reason.
    public var problems: [String]

    /// Reads `bytes` as a delivery status notification or a complaint; throws with the reason when
    /// it is neither, is malformed, or is over `limits`.
    public init(_ bytes: [UInt8], limits: MIMELimits = MIMELimits()) throws(MailParseError) {
        let message = try MIMEPart(parsing: bytes, limits: limits)
        let reportType = message.allParts.first { $0.contentType.mediaType == "multipart/report" }?
            .contentType.parameters["report-type"]?.lowercased()
        switch reportType {
        case "feedback-report"?:
            let feedback = try FeedbackReport(message)
            findings = feedback.complainants.map {
                Finding(
                    address: $0, outcome: feedback.isComplaint ? .complaint : .noAction, detail: feedback.feedbackType)
            }
            problems = []
        case "delivery-status"?:
            let report = try DeliveryStatusReport(message)
            findings = report.recipients.map { recipient in
                let outcome: Outcome
                switch recipient.action {
                case .failed: outcome = recipient.status.statusClass == 5 ? .hardBounce : .softBounce
                case .delayed: outcome = .softBounce
                case .delivered, .relayed, .expanded: outcome = .noAction
                }
                return Finding(address: recipient.address, outcome: outcome, detail: recipient.status.description)
            }
            problems = report.problems
        case let other?:
            throw MailParseError(
                "a report of type \"\(other.prefix(40))\", neither delivery-status nor feedback-report")
        case nil:
            throw MailParseError(
                "not a bounce or complaint report (Content-Type is \(message.contentType.mediaType), not multipart/report)"
            )
        }
    }
}
