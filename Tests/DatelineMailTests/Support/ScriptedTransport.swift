import DatelineMail
import Foundation

/// A ``MailTransport`` that answers each delivery from a script, for queue tests that need exact
/// control over failures (the real-server tests use ``SMTPTestServer``).
actor ScriptedTransport: MailTransport {
    enum Step: Sendable {
        case deliver
        case fail(MailError)
        case deferRecipients([EmailAddress])
        /// Wait until ``release()`` is called, then deliver (the hand-over comes first, as by default).
        case block
        /// Wait until ``release()`` is called before the hand-over, then hand over and deliver.
        case blockBeforeHandOver
    }

    private var script: [Step]
    private let fallback: Step
    private(set) var delivered: [OutgoingMail] = []
    private(set) var attempts = 0
    private var blocked: [CheckedContinuation<Void, Never>] = []
    private var released = false

    init(_ script: [Step], then fallback: Step = .deliver) {
        self.script = script
        self.fallback = fallback
    }

    func deliver(_ mail: OutgoingMail, handOver: MailHandOver) async throws(MailError) -> MailDeliveryReport {
        let step = script.isEmpty ? fallback : script.removeFirst()
        if case .blockBeforeHandOver = step {
            attempts += 1
            if !released { await withCheckedContinuation { blocked.append($0) } }
            try await handOver.run()
            delivered.append(mail)
            return MailDeliveryReport(accepted: mail.recipients)
        }
        try await handOver.run()
        return try await perform(step, mail)
    }

    func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport {
        try await perform(script.isEmpty ? fallback : script.removeFirst(), mail)
    }

    private func perform(_ step: Step, _ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport {
        attempts += 1
        switch step {
        case .deliver:
            delivered.append(mail)
            return MailDeliveryReport(accepted: mail.recipients)
        case .fail(let error):
            throw error
        case .deferRecipients(let deferred):
            let accepted = mail.recipients.filter { !deferred.contains($0) }
            delivered.append(mail)
            return MailDeliveryReport(
                accepted: accepted,
                refused: deferred.map { .init(address: $0, replyCode: 450, serverMessage: "mailbox busy") })
        case .block, .blockBeforeHandOver:
            if !released { await withCheckedContinuation { blocked.append($0) } }
            delivered.append(mail)
            return MailDeliveryReport(accepted: mail.recipients)
        }
    }

    func release() {
        released = true
        for continuation in blocked { continuation.resume() }
        blocked.removeAll()
    }

    var blockedCount: Int { blocked.count }
}

extension MailError {
    /// A transient failure as a server being down would cause.
    static let serverDown = MailError.transient(
        SMTPFailure(server: "127.0.0.1:1", stage: .connect, explanation: "connection refused"))
    /// A permanent failure as a 550 reply would cause.
    static let mailboxUnknown = MailError.permanent(
        SMTPFailure(
            server: "127.0.0.1:1", stage: .recipient, replyCode: 550, serverMessage: "no such user",
            explanation: "refused"))
}

/// Waits until `condition` holds, checking every 20 ms, for at most `timeout`; returns whether it held.
func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
