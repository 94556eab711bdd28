/// Something that hands a message to a mail server; ``SMTPClient`` is the real one, and tests or
/// a future API-based sender can stand in for it behind ``MailQueue``.
public protocol MailTransport: Sendable {
    /// Delivers `mail` to the server, returning which recipients it accepted, or throws a
    /// ``MailError`` that says whether trying again later can help.
    func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport

    /// Delivers `mail` as ``deliver(_:)`` does, and runs `handOver` at the last moment before the
    /// server can hold the message: for SMTP, when the whole text has been written but not the `.`
    /// that ends it. Until then a lost sender means the message was certainly not delivered; after
    /// it, it probably was. ``MailQueue`` records that moment in the outbox, so a message whose
    /// sender died after it is not sent a second time (see ``MailOutbox/markHandedOver(_:)``).
    /// When `handOver` throws, nothing is delivered and the error is a transient ``MailError``.
    ///
    /// The default runs `handOver` first and then ``deliver(_:)``, which is right for a transport
    /// that cannot say when the server takes the message (it may record the moment too early, never
    /// too late).
    func deliver(_ mail: OutgoingMail, handOver: MailHandOver) async throws(MailError) -> MailDeliveryReport
}

extension MailTransport {
    public func deliver(_ mail: OutgoingMail, handOver: MailHandOver) async throws(MailError) -> MailDeliveryReport {
        try await handOver.run()
        return try await deliver(mail)
    }
}

/// What a ``MailTransport`` runs just before the server can take a message (see
/// ``MailTransport/deliver(_:handOver:)``).
public struct MailHandOver: Sendable {
    private let work: @Sendable () async throws -> Void

    /// Runs `work` at the hand-over.
    public init(_ work: @escaping @Sendable () async throws -> Void) {
        self.work = work
    }

    /// Nothing to record.
    public static let none = MailHandOver {}

    /// Runs the work; its failure becomes a transient ``MailError`` that says the message was not sent.
    public func run(server: String = "outbox", stage: SMTPStage = .data) async throws(MailError) {
        do {
            try await work()
        } catch {
            throw .transient(
                SMTPFailure(
                    server: server, stage: stage,
                    explanation:
                        "could not record that the message was being handed to the server, so it was not sent: \(error)"
                ))
        }
    }
}
