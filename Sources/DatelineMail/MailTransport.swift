/// Something that hands a message to a mail server; ``SMTPClient`` is the real one, and tests or
/// a future API-based sender can stand in for it behind ``MailQueue``.
public protocol MailTransport: Sendable {
    /// Delivers `mail` to the server, returning which recipients it accepted, or throws a
    /// ``MailError`` that says whether trying again later can help.
    func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport
}
