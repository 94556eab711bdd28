import Foundation
import Logging

/// Sends mail in the background so that a web request never waits for an SMTP server.
///
/// ``enqueue(_:sender:)`` only stores the message in the ``MailOutbox`` and wakes the worker; the
/// worker claims due messages, hands them to the ``MailTransport``, and on a transient failure
/// (server down, 4xx, time-out) puts them back with exponential back-off. A message is given up
/// only on a permanent failure (5xx, invalid configuration) or once it is older than the policy's
/// maximum age, and both are logged. Call ``start()`` once, and ``shutdown()`` before exiting.
public actor MailQueue {
    /// What one pass of the worker did.
    public struct PassSummary: Sendable, Equatable {
        /// Messages claimed from the outbox.
        public var claimed = 0
        /// Messages the server accepted.
        public var sent = 0
        /// Messages put back for a later attempt (including recipients a server deferred).
        public var rescheduled = 0
        /// Messages given up.
        public var failed = 0
        /// Messages counted in doubt: the connection ended after their final `.` without a reply,
        /// and the policy is ``MailInDoubtPolicy/hold``.
        public var inDoubt = 0
        /// In-doubt messages made due again by the ``MailInDoubtPolicy/resend`` policy.
        public var resent = 0
    }

    private let outbox: any MailOutbox
    private let transport: any MailTransport
    private let policy: MailRetryPolicy
    private let logger: Logger
    private let now: @Sendable () -> Date

    private var worker: Task<Void, Never>?
    private var timer: Task<Void, Never>?
    private var sleeper: CheckedContinuation<Void, Never>?
    private var wakePending = false
    private var stopping = false
    private var isProcessing = false

    /// A queue that keeps messages in `outbox` and sends them through `transport`; `now` is the
    /// clock used for scheduling (injectable for tests).
    public init(
        outbox: any MailOutbox,
        transport: any MailTransport,
        policy: MailRetryPolicy = MailRetryPolicy(),
        logger: Logger = Logger(label: "dateline.mail.queue"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.outbox = outbox
        self.transport = transport
        self.policy = policy
        self.logger = logger
        self.now = now
    }

    /// Starts the background worker (again after ``shutdown()``); calling it while running does nothing.
    public func start() {
        guard worker == nil else { return }
        stopping = false
        worker = Task { await self.runWorker() }
    }

    /// Stops the worker after the delivery in progress, if any, has finished. Unsent messages stay in the outbox.
    public func shutdown() async {
        stopping = true
        wake()
        await worker?.value
        worker = nil
        timer?.cancel()
        timer = nil
    }

    /// Stores `message` for sending (from `sender`, default its From address) and returns its outbox
    /// id at once; throws only when the outbox cannot store it.
    @discardableResult
    public func enqueue(_ message: MailMessage, sender: EmailAddress? = nil) async throws -> UUID {
        try await enqueue(OutgoingMail(message, sender: sender))
    }

    /// Stores an already rendered message for sending and returns its outbox id at once.
    @discardableResult
    public func enqueue(_ mail: OutgoingMail) async throws -> UUID {
        let time = now()
        let entry = OutboxEntry(mail: mail, enqueuedAt: time, nextAttemptAt: time)
        try await outbox.enqueue(entry)
        logger.debug(
            "queued message", metadata: ["mail.message_id": "\(mail.messageID)", "mail.outbox_id": "\(entry.id)"])
        wake()
        return entry.id
    }

    /// Wakes the worker to look for due messages now (after messages were made due by other means
    /// than ``enqueue(_:sender:)``, such as an operator sending in-doubt messages again).
    public func wakeUp() {
        wake()
    }

    /// Claims the messages that are due and tries each once. The worker calls this; tests and
    /// command-line tools may call it directly. Returns at once if a pass is already running.
    @discardableResult
    public func processDueMail() async -> PassSummary {
        var summary = PassSummary()
        guard !isProcessing else { return summary }
        isProcessing = true
        defer { isProcessing = false }
        let time = now()
        let entries: [OutboxEntry]
        do {
            entries = try await outbox.claimDue(
                now: time, leaseUntil: time.addingTimeInterval(policy.lease.seconds), limit: policy.batchSize)
        } catch {
            logger.error("cannot read the mail outbox; will try again", metadata: ["error": "\(error)"])
            return summary
        }
        summary.claimed = entries.count
        if policy.inDoubt == .resend {
            // Those the claim just found handed over by a stopped instance, and any an operator held.
            do {
                summary.resent = try await outbox.resendInDoubt(now: time)
                if summary.resent > 0 {
                    logger.warning(
                        "sending messages in doubt again (--mail-in-doubt resend): a reader may get one twice",
                        metadata: ["mail.count": "\(summary.resent)"])
                    wake()
                }
            } catch {
                logger.error("cannot make in-doubt mail due again; will try again", metadata: ["error": "\(error)"])
            }
        }
        // Up to `concurrency` deliveries at once, and at most `domainConcurrency` to one recipient
        // domain; the actor is free while each waits on its server, so they overlap.
        await withTaskGroup(of: (PassSummary, [String]).self) { group in
            var waiting = entries
            var running = 0
            var busy: [String: Int] = [:]
            while true {
                while running < policy.concurrency,
                    let index = waiting.firstIndex(where: { entry in
                        Self.domains(of: entry).allSatisfy { busy[$0, default: 0] < policy.domainConcurrency }
                    })
                {
                    let entry = waiting.remove(at: index)
                    let domains = Self.domains(of: entry)
                    for domain in domains { busy[domain, default: 0] += 1 }
                    running += 1
                    group.addTask { (await self.attempt(entry), domains) }
                }
                guard let (outcome, domains) = await group.next() else { break }
                running -= 1
                for domain in domains { busy[domain, default: 0] -= 1 }
                summary.sent += outcome.sent
                summary.rescheduled += outcome.rescheduled
                summary.failed += outcome.failed
                summary.inDoubt += outcome.inDoubt
            }
        }
        return summary
    }

    /// The recipient domains of `entry`, each once, in lower case.
    private static func domains(of entry: OutboxEntry) -> [String] {
        Array(Set(entry.mail.recipients.map { $0.domain.lowercased() })).sorted()
    }

    /// Tries `entry` once and says what came of it.
    private func attempt(_ entry: OutboxEntry) async -> PassSummary {
        var summary = PassSummary()
        await attempt(entry, summary: &summary)
        return summary
    }

    private func attempt(_ entry: OutboxEntry, summary: inout PassSummary) async {
        var metadata: Logger.Metadata = [
            "mail.message_id": "\(entry.mail.messageID)", "mail.outbox_id": "\(entry.id)",
            "mail.attempt": "\(entry.attempts)",
        ]
        do {
            let outbox = self.outbox
            let report = try await transport.deliver(
                entry.mail,
                handOver: MailHandOver {
                    guard try await outbox.markHandedOver(entry.id, attempt: entry.attempts) else {
                        throw ClaimTakenOver()
                    }
                })
            try await outbox.markSent(entry.id)
            summary.sent += 1
            for refusal in report.refused where !refusal.isTransient {
                metadata["error"] = "\(refusal.replyCode) \(refusal.serverMessage.escapedForDisplay(limit: 200))"
                logger.error("the server refused a recipient permanently; not retrying it", metadata: metadata)
            }
            let deferred = report.refused.filter(\.isTransient).map(\.address)
            if !deferred.isEmpty {
                let error = "the server deferred \(deferred.count) recipient(s)"
                if isTooOld(entry) {
                    logger.error("giving up on deferred recipients: message too old", metadata: metadata)
                } else {
                    let retry = OutboxEntry(
                        mail: entry.mail.readdressed(to: deferred), enqueuedAt: entry.enqueuedAt,
                        attempts: entry.attempts, nextAttemptAt: nextAttempt(after: entry), lastError: error)
                    try await outbox.enqueue(retry)
                    summary.rescheduled += 1
                    logger.warning("\(error); will retry them", metadata: metadata)
                }
            }
        } catch let error as MailError {
            await handleFailure(entry, error: error, metadata: metadata, summary: &summary)
        } catch {
            // The outbox failed after the server took the message: when the lease runs out the entry
            // is counted in doubt (it was handed over), not sent again.
            metadata["error"] = "\(error)"
            logger.error(
                "cannot record a delivery in the mail outbox; the message will be counted in doubt when its lease ends",
                metadata: metadata)
        }
    }

    private func handleFailure(
        _ entry: OutboxEntry, error: MailError, metadata: Logger.Metadata, summary: inout PassSummary
    ) async {
        var metadata = metadata
        metadata["error"] = "\(error)"
        do {
            if error.serverMayHaveMessage && policy.inDoubt == .hold {
                try await outbox.markInDoubt(entry.id, attempt: entry.attempts, error: error.description)
                summary.inDoubt += 1
                logger.warning(
                    "the connection ended after the message's last line without the server's reply; the message is in doubt and is not sent again by itself (--mail-in-doubt hold)",
                    metadata: metadata)
            } else if error.isTransient && !isTooOld(entry) {
                let next = nextAttempt(after: entry)
                try await outbox.reschedule(
                    entry.id, attempt: entry.attempts, nextAttemptAt: next, error: error.description)
                summary.rescheduled += 1
                metadata["mail.next_attempt"] = "\(next)"
                logger.warning("sending failed temporarily; will retry", metadata: metadata)
            } else {
                let reason =
                    error.isTransient
                    ? "gave up after \(entry.attempts) attempts over \(Int(now().timeIntervalSince(entry.enqueuedAt))) s: \(error)"
                    : error.description
                try await outbox.markFailed(entry.id, error: reason)
                summary.failed += 1
                logger.error("sending failed for good; message dropped", metadata: metadata)
            }
        } catch {
            metadata["outbox_error"] = "\(error)"
            logger.error(
                "cannot update the mail outbox; when its lease ends the message is retried, or counted in doubt if it reached the server",
                metadata: metadata)
        }
    }

    /// The hand-over found the entry claimed again by another worker (this one's lease ran out
    /// while it worked): the message is that worker's to send now.
    struct ClaimTakenOver: Error, CustomStringConvertible {
        var description: String {
            "another worker claimed this message after this one's lease ran out; it is left to that one (raise --mail-lease if this happens often)"
        }
    }

    private func isTooOld(_ entry: OutboxEntry) -> Bool {
        now().timeIntervalSince(entry.enqueuedAt) >= policy.maximumAge.seconds
    }

    private func nextAttempt(after entry: OutboxEntry) -> Date {
        now().addingTimeInterval(policy.delay(afterAttempts: entry.attempts).seconds)
    }

    private func runWorker() async {
        while !stopping {
            let summary = await processDueMail()
            if stopping { break }
            // A full batch means more may be due right away.
            if summary.claimed >= policy.batchSize { continue }
            await sleepUntilWoken()
        }
    }

    private func sleepUntilWoken() async {
        if wakePending || stopping {
            wakePending = false
            return
        }
        let interval = policy.pollInterval
        await withCheckedContinuation { continuation in
            sleeper = continuation
            timer = Task { [weak self] in
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                await self?.wake()
            }
        }
    }

    private func wake() {
        timer?.cancel()
        timer = nil
        if let sleeper {
            self.sleeper = nil
            sleeper.resume()
        } else {
            wakePending = true
        }
    }
}
