import Foundation
import Testing

@testable import DatelineMail

@Suite(.timeLimit(.minutes(5))) struct MailQueueTests {
    /// Short waits so retries happen within a test's time.
    let fastPolicy = MailRetryPolicy(
        initialDelay: .milliseconds(100), multiplier: 2, maximumDelay: .milliseconds(400), maximumAge: .seconds(600),
        pollInterval: .milliseconds(50), lease: .seconds(60))

    func message(_ subject: String = "Kosovo declares independence", to: [String] = ["friend@example.org"]) throws
        -> MailMessage
    {
        try MailMessage(
            from: Mailbox("news@dateline.example", displayName: "Dateline"), to: to.map { try Mailbox($0) },
            subject: subject, body: "Read it at https://dateline.example/world/kosovo\n")
    }

    // MARK: Against a real SMTP server

    @Test func deliversOnceTheServerComesUp() async throws {
        let port = try unusedLocalPort()
        let outbox = MemoryMailOutbox()
        let client = SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(port)?timeout=5"))
        let queue = MailQueue(outbox: outbox, transport: client, policy: fastPolicy)
        await queue.start()
        let sent = try message("Sent while the server was down")
        let id = try await queue.enqueue(sent)

        // The server is down: the message is retried, not dropped.
        let retried = await eventually {
            let record = await outbox.record(id)
            return record?.state == .pending && (record?.entry.attempts ?? 0) >= 3
        }
        #expect(retried)
        let lastError = await outbox.record(id)?.entry.lastError ?? ""
        #expect(lastError.contains("connection refused"))

        try await SMTPTestServer.with(port: port) { server in
            let received = try await server.waitForMessages(1)
            #expect(received.count == 1)
            #expect(received.first?.parsed.header("Subject") == "Sent while the server was down")
            #expect(received.first?.parsed.header("Message-ID") == sent.messageID)
            #expect(await eventually { await outbox.record(id)?.state == .sent })
            await queue.shutdown()
            // Sent once: nothing more arrives after the queue stopped.
            let afterShutdown = try server.messages()
            #expect(afterShutdown.count == 1)
        }
        await queue.shutdown()
    }

    @Test func retriesAfter451Replies() async throws {
        var options = SMTPTestServer.Options()
        options.failFirst = 2
        try await SMTPTestServer.with(options) { server in
            let outbox = MemoryMailOutbox()
            let client = SMTPClient(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?timeout=5"))
            let queue = MailQueue(outbox: outbox, transport: client, policy: fastPolicy)
            await queue.start()
            let id = try await queue.enqueue(try message())
            let received = try await server.waitForMessages(1)
            #expect(received.count == 1)
            #expect(await eventually { await outbox.record(id)?.state == .sent })
            let record = await outbox.record(id)
            #expect(record?.entry.attempts == 3)
            #expect(record?.entry.lastError?.contains("451") == true)
            await queue.shutdown()
        }
    }

    @Test func givesUpOnAPermanentRefusal() async throws {
        var options = SMTPTestServer.Options()
        options.refuse = ["nobody@example.org"]
        try await SMTPTestServer.with(options) { server in
            let outbox = MemoryMailOutbox()
            let client = SMTPClient(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?timeout=5"))
            let queue = MailQueue(outbox: outbox, transport: client, policy: fastPolicy)
            await queue.start()
            let id = try await queue.enqueue(try message(to: ["nobody@example.org"]))
            #expect(await eventually { await outbox.record(id)?.state != .pending })
            let record = await outbox.record(id)
            guard case .failed(let reason) = record?.state else {
                Issue.record("expected a failed entry, got \(String(describing: record?.state))")
                await queue.shutdown()
                return
            }
            #expect(reason.contains("550"))
            #expect(record?.entry.attempts == 1)
            let received = try server.messages()
            #expect(received.isEmpty)
            await queue.shutdown()
        }
    }

    // MARK: With a scripted transport

    @Test func enqueueReturnsWhileASendIsStuck() async throws {
        let transport = ScriptedTransport([.block])
        let outbox = MemoryMailOutbox()
        let queue = MailQueue(outbox: outbox, transport: transport, policy: fastPolicy)
        await queue.start()
        _ = try await queue.enqueue(try message("first"))
        #expect(await eventually { await transport.blockedCount == 1 })
        // The worker is stuck inside a delivery; enqueueing still returns at once.
        let second = try await queue.enqueue(try message("second"))
        #expect(await outbox.record(second)?.state == .pending)
        await transport.release()
        #expect(await eventually { await outbox.pendingCount == 0 })
        #expect(await transport.delivered.count == 2)
        await queue.shutdown()
    }

    @Test func aMessageWhoseSenderStoppedAfterHandingItOverIsInDoubtNotSentAgain() async throws {
        let clock = ManualClock()
        let outbox = MemoryMailOutbox()
        let policy = MailRetryPolicy(initialDelay: .seconds(30), lease: .seconds(60))
        // The first instance hands the message over and then goes silent (as if killed).
        let stuck = ScriptedTransport([.block])
        let first = MailQueue(outbox: outbox, transport: stuck, policy: policy, now: clock.reading)
        let id = try await first.enqueue(try message())
        let pass = Task { await first.processDueMail() }
        #expect(await eventually { await stuck.blockedCount == 1 })
        #expect(await outbox.record(id)?.state == .handedOver)

        // Another instance, after the lease: it does not send the message a second time.
        clock.advance(by: 61)
        let healthy = ScriptedTransport([])
        let second = MailQueue(outbox: outbox, transport: healthy, policy: policy, now: clock.reading)
        #expect(await second.processDueMail().claimed == 0)
        #expect(await outbox.record(id)?.state == .inDoubt)
        #expect(await healthy.attempts == 0)

        // Had the first one lived to hear the server's 250, the truth replaces the doubt.
        await stuck.release()
        #expect(await pass.value.sent == 1)
        #expect(await outbox.record(id)?.state == .sent)
    }

    @Test func aWorkerWhoseLeaseRanOutLeavesTheMessageToTheOneThatClaimedItSince() async throws {
        let clock = ManualClock()
        let outbox = MemoryMailOutbox()
        let policy = MailRetryPolicy(initialDelay: .seconds(30), lease: .seconds(60))
        let slow = ScriptedTransport([.blockBeforeHandOver])
        let first = MailQueue(outbox: outbox, transport: slow, policy: policy, now: clock.reading)
        let id = try await first.enqueue(try message())
        let pass = Task { await first.processDueMail() }
        #expect(await eventually { await slow.blockedCount == 1 })

        clock.advance(by: 61)
        let healthy = ScriptedTransport([])
        let second = MailQueue(outbox: outbox, transport: healthy, policy: policy, now: clock.reading)
        #expect(await second.processDueMail().sent == 1)

        // The slow one wakes up: its hand-over is refused, so it sends nothing and changes nothing.
        await slow.release()
        _ = await pass.value
        #expect(await slow.delivered.isEmpty)
        #expect(await healthy.delivered.count == 1)
        #expect(await outbox.record(id)?.state == .sent)
        #expect(await outbox.record(id)?.entry.attempts == 2)
    }

    @Test func aRefusalAfterTheHandOverIsRetried() async throws {
        let clock = ManualClock()
        let outbox = MemoryMailOutbox()
        let transport = ScriptedTransport([.fail(.serverDown)])
        let queue = MailQueue(
            outbox: outbox, transport: transport, policy: MailRetryPolicy(initialDelay: .seconds(30)),
            now: clock.reading)
        let id = try await queue.enqueue(try message())
        #expect(await queue.processDueMail().rescheduled == 1)
        #expect(await outbox.record(id)?.state == .pending, "the server said no, so nothing is in doubt")
        clock.advance(by: 31)
        #expect(await queue.processDueMail().sent == 1)
        #expect(await transport.delivered.count == 1)
    }

    /// A connection that ended after the final `.` without a reply, as the SMTP client reports it.
    static let cutAfterTheEnd = MailError.transient(
        SMTPFailure(
            server: "127.0.0.1:1", stage: .data, explanation: "the connection was closed", serverMayHaveMessage: true))

    @Test func aConnectionCutAfterTheFinalDotLeavesTheMessageInDoubtUnderHold() async throws {
        let clock = ManualClock()
        let outbox = MemoryMailOutbox()
        let transport = ScriptedTransport([.fail(Self.cutAfterTheEnd)])
        let queue = MailQueue(
            outbox: outbox, transport: transport, policy: MailRetryPolicy(initialDelay: .seconds(30)),
            now: clock.reading)
        let id = try await queue.enqueue(try message())
        let summary = await queue.processDueMail()
        #expect(summary.inDoubt == 1)
        #expect(summary.rescheduled == 0)
        #expect(await outbox.record(id)?.state == .inDoubt)
        #expect(await outbox.record(id)?.entry.lastError?.contains("may have the message") == true)
        #expect(await outbox.record(id)?.entry.lastError?.contains("will be retried") == false)

        // Not sent again by itself, however long it waits; an operator's resend sends it once more.
        clock.advance(by: 3_600)
        #expect(await queue.processDueMail().claimed == 0)
        #expect(await outbox.resendInDoubt(now: clock.reading()) == 1)
        #expect(await queue.processDueMail().sent == 1)
        #expect(await transport.attempts == 2)
        #expect(await outbox.record(id)?.state == .sent)
    }

    @Test func theResendPolicyRetriesAConnectionCutAfterTheFinalDot() async throws {
        let clock = ManualClock()
        let outbox = MemoryMailOutbox()
        let transport = ScriptedTransport([.fail(Self.cutAfterTheEnd)])
        let queue = MailQueue(
            outbox: outbox, transport: transport,
            policy: MailRetryPolicy(initialDelay: .seconds(30), inDoubt: .resend), now: clock.reading)
        let id = try await queue.enqueue(try message())
        let summary = await queue.processDueMail()
        #expect(summary.inDoubt == 0)
        #expect(summary.rescheduled == 1)
        #expect(await outbox.record(id)?.state == .pending)
        clock.advance(by: 31)
        #expect(await queue.processDueMail().sent == 1)
        #expect(await transport.delivered.count == 1)
    }

    @Test func theResendPolicySendsAStoppedSendersMessageAgain() async throws {
        let clock = ManualClock()
        let outbox = MemoryMailOutbox()
        let policy = MailRetryPolicy(initialDelay: .seconds(30), lease: .seconds(60), inDoubt: .resend)
        let stuck = ScriptedTransport([.block])
        let first = MailQueue(outbox: outbox, transport: stuck, policy: policy, now: clock.reading)
        let id = try await first.enqueue(try message())
        let pass = Task { await first.processDueMail() }
        #expect(await eventually { await stuck.blockedCount == 1 })

        // After the lease, the claim finds it in doubt and the policy makes it due at once.
        clock.advance(by: 61)
        let healthy = ScriptedTransport([])
        let second = MailQueue(outbox: outbox, transport: healthy, policy: policy, now: clock.reading)
        #expect(await second.processDueMail().resent == 1)
        #expect(await outbox.record(id)?.state == .pending)
        #expect(await second.processDueMail().sent == 1)
        #expect(await healthy.delivered.count == 1)
        await stuck.release()
        _ = await pass.value
    }

    @Test func neverLosesAMessageToTransientFailures() async throws {
        let transport = ScriptedTransport(Array(repeating: .fail(.serverDown), count: 4))
        let outbox = MemoryMailOutbox()
        let queue = MailQueue(outbox: outbox, transport: transport, policy: fastPolicy)
        await queue.start()
        let id = try await queue.enqueue(try message())
        #expect(await eventually { await outbox.record(id)?.state == .sent })
        #expect(await outbox.record(id)?.entry.attempts == 5)
        #expect(await transport.delivered.count == 1)
        await queue.shutdown()
    }

    @Test func backsOffBetweenAttempts() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([], then: .fail(.serverDown))
        let outbox = MemoryMailOutbox()
        let policy = MailRetryPolicy(initialDelay: .seconds(30), multiplier: 2, maximumDelay: .seconds(3600))
        let queue = MailQueue(outbox: outbox, transport: transport, policy: policy, now: clock.reading)
        let id = try await queue.enqueue(try message())
        var delays: [TimeInterval] = []
        for _ in 0..<4 {
            #expect(await queue.processDueMail().rescheduled == 1)
            let next = try #require(await outbox.record(id)?.entry.nextAttemptAt)
            delays.append(next.timeIntervalSince(clock.now))
            // Not due before its time.
            clock.advance(by: next.timeIntervalSince(clock.now) - 1)
            #expect(await queue.processDueMail().claimed == 0)
            clock.advance(by: 1)
        }
        #expect(delays == [30, 60, 120, 240])
    }

    @Test func givesUpAfterTheMaximumAge() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([], then: .fail(.serverDown))
        let outbox = MemoryMailOutbox()
        let policy = MailRetryPolicy(initialDelay: .seconds(60), multiplier: 1, maximumAge: .seconds(300))
        let queue = MailQueue(outbox: outbox, transport: transport, policy: policy, now: clock.reading)
        let id = try await queue.enqueue(try message())
        var passes = 0
        while await outbox.record(id)?.state == .pending && passes < 20 {
            await queue.processDueMail()
            clock.advance(by: 60)
            passes += 1
        }
        guard case .failed(let reason) = await outbox.record(id)?.state else {
            Issue.record("the message was never given up")
            return
        }
        #expect(reason.contains("gave up after"))
        #expect(await transport.attempts == 6)
    }

    @Test func permanentFailuresAreNotRetried() async throws {
        let transport = ScriptedTransport([.fail(.mailboxUnknown)])
        let outbox = MemoryMailOutbox()
        let queue = MailQueue(outbox: outbox, transport: transport, policy: fastPolicy)
        let id = try await queue.enqueue(try message())
        #expect(await queue.processDueMail() == MailQueue.PassSummary(claimed: 1, sent: 0, rescheduled: 0, failed: 1))
        #expect(await queue.processDueMail().claimed == 0)
        #expect(await transport.attempts == 1)
        if case .failed = await outbox.record(id)?.state {} else { Issue.record("entry not marked failed") }
    }

    @Test func retriesOnlyTheRecipientsAServerDeferred() async throws {
        let deferred = try EmailAddress("busy@example.org")
        let transport = ScriptedTransport([.deferRecipients([deferred])])
        let outbox = MemoryMailOutbox()
        let clock = ManualClock()
        let queue = MailQueue(outbox: outbox, transport: transport, policy: fastPolicy, now: clock.reading)
        try await queue.enqueue(try message(to: ["friend@example.org", "busy@example.org"]))
        let first = await queue.processDueMail()
        #expect(first.sent == 1 && first.rescheduled == 1)
        clock.advance(by: 1)
        #expect(await queue.processDueMail().sent == 1)
        let sent = await transport.delivered
        #expect(
            sent.map { $0.recipients.map(\.string) } == [
                ["friend@example.org", "busy@example.org"], ["busy@example.org"],
            ])
        #expect(sent.map(\.messageID) == [sent[0].messageID, sent[0].messageID])
    }

    @Test func shutdownStopsTheWorker() async throws {
        let transport = ScriptedTransport([])
        let outbox = PollCountingOutbox()
        let queue = MailQueue(outbox: outbox, transport: transport, policy: fastPolicy)
        await queue.start()
        #expect(await eventually { await outbox.polls >= 2 }, "a running worker polls its outbox")
        await queue.shutdown()
        let pollsAtShutdown = await outbox.polls
        _ = try await queue.enqueue(try message())

        // A queue that keeps running, on the same policy, shows that time passed: once it has
        // polled three times, a worker that survived shutdown (and was woken by the enqueue
        // above) would have polled at least once too.
        let witness = PollCountingOutbox()
        let running = MailQueue(outbox: witness, transport: ScriptedTransport([]), policy: fastPolicy)
        await running.start()
        #expect(await eventually { await witness.polls >= 3 }, "the witness queue never polled")
        await running.shutdown()

        #expect(await outbox.polls == pollsAtShutdown, "the worker still polled after shutdown")
        #expect(await transport.attempts == 0)
        #expect(await outbox.pendingCount == 1)
        await queue.start()
        #expect(await eventually { await outbox.pendingCount == 0 })
        #expect(await transport.attempts == 1)
        await queue.shutdown()
    }
}

/// A ``MemoryMailOutbox`` that counts the worker's polls (claims), so a test can tell whether a
/// worker is alive by what it did rather than by waiting to see that nothing happens.
actor PollCountingOutbox: MailOutbox {
    private let memory = MemoryMailOutbox()
    private(set) var polls = 0

    func enqueue(_ entry: OutboxEntry) async throws { await memory.enqueue(entry) }

    func claimDue(now: Date, leaseUntil: Date, limit: Int) async throws -> [OutboxEntry] {
        polls += 1
        return await memory.claimDue(now: now, leaseUntil: leaseUntil, limit: limit)
    }

    func markHandedOver(_ id: UUID, attempt: Int) async throws -> Bool {
        await memory.markHandedOver(id, attempt: attempt)
    }

    func markSent(_ id: UUID) async throws { await memory.markSent(id) }

    func reschedule(_ id: UUID, attempt: Int, nextAttemptAt: Date, error: String) async throws {
        await memory.reschedule(id, attempt: attempt, nextAttemptAt: nextAttemptAt, error: error)
    }

    func markFailed(_ id: UUID, error: String) async throws { await memory.markFailed(id, error: error) }

    func markInDoubt(_ id: UUID, attempt: Int, error: String) async throws {
        await memory.markInDoubt(id, attempt: attempt, error: error)
    }

    func resendInDoubt(now: Date) async throws -> Int { await memory.resendInDoubt(now: now) }

    var pendingCount: Int { get async { await memory.pendingCount } }
}

/// A queue and an outbox that fails to store: enqueueing throws instead of losing the message silently.
@Suite struct MailQueueOutboxFailureTests {
    struct BrokenOutbox: MailOutbox {
        struct Broken: Error {}
        func enqueue(_ entry: OutboxEntry) async throws { throw Broken() }
        func claimDue(now: Date, leaseUntil: Date, limit: Int) async throws -> [OutboxEntry] { throw Broken() }
        func markHandedOver(_ id: UUID, attempt: Int) async throws -> Bool { throw Broken() }
        func markSent(_ id: UUID) async throws { throw Broken() }
        func reschedule(_ id: UUID, attempt: Int, nextAttemptAt: Date, error: String) async throws {
            throw Broken()
        }
        func markFailed(_ id: UUID, error: String) async throws { throw Broken() }
        func markInDoubt(_ id: UUID, attempt: Int, error: String) async throws { throw Broken() }
        func resendInDoubt(now: Date) async throws -> Int { throw Broken() }
    }

    @Test func reportsAnOutboxThatCannotStore() async throws {
        let queue = MailQueue(outbox: BrokenOutbox(), transport: ScriptedTransport([]))
        let message = try MailMessage(
            from: Mailbox("news@dateline.example"), to: [Mailbox("a@example.org")], subject: "s", body: "b")
        await #expect(throws: BrokenOutbox.Broken.self) { try await queue.enqueue(message) }
        #expect(await queue.processDueMail().claimed == 0)
    }
}

/// Deliveries under way at once, overall and per recipient domain, and their peaks; each delivery
/// waits until `hold` are under way together (or 5 s pass), so overlap is certain when allowed.
actor OverlapTransport: MailTransport {
    private let hold: Int
    private var running = 0
    private var perDomain: [String: Int] = [:]
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var peak = 0
    private(set) var domainPeak: [String: Int] = [:]
    private(set) var delivered = 0

    init(hold: Int) { self.hold = hold }

    func deliver(_ mail: OutgoingMail) async throws(MailError) -> MailDeliveryReport {
        let domain = mail.recipients[0].domain
        running += 1
        perDomain[domain, default: 0] += 1
        peak = max(peak, running)
        domainPeak[domain] = max(domainPeak[domain] ?? 0, perDomain[domain] ?? 0)
        if peak >= hold {
            releaseAll()
        } else {
            // Released by the delivery that brings the peak to `hold`, or by the deadline.
            let deadline = Task { [weak self] in
                try? await Task.sleep(for: .seconds(5))
                await self?.releaseAll()
            }
            await withCheckedContinuation { waiting.append($0) }
            deadline.cancel()
        }
        running -= 1
        perDomain[domain, default: 0] -= 1
        delivered += 1
        return MailDeliveryReport(accepted: mail.recipients)
    }

    private func releaseAll() {
        let released = waiting
        waiting = []
        for continuation in released { continuation.resume() }
    }
}

@Suite(.timeLimit(.minutes(2))) struct MailQueueConcurrencyTests {
    @Test("deliveries overlap up to the limit, and never more than the domain limit to one domain")
    func concurrencyLimits() async throws {
        let outbox = MemoryMailOutbox()
        // Two domains at two each: four at once, below the overall limit of six.
        let transport = OverlapTransport(hold: 4)
        let policy = MailRetryPolicy(
            pollInterval: .milliseconds(50), lease: .seconds(60), batchSize: 40, concurrency: 6, domainConcurrency: 2)
        let queue = MailQueue(outbox: outbox, transport: transport, policy: policy)
        for index in 0..<24 {
            let domain = index.isMultiple(of: 2) ? "one.example" : "two.example"
            let message = try MailMessage(
                from: Mailbox("news@dateline.example"), to: [try Mailbox("reader\(index)@\(domain)")],
                subject: "Issue \(index)", body: "Text\n")
            try await outbox.enqueue(
                OutboxEntry(mail: OutgoingMail(message), enqueuedAt: Date(), nextAttemptAt: Date()))
        }
        let summary = await queue.processDueMail()
        #expect(summary.claimed == 24 && summary.sent == 24)
        #expect(await transport.delivered == 24)
        #expect(await transport.peak == 4, "deliveries under way at once")
        #expect(await transport.domainPeak == ["one.example": 2, "two.example": 2])
    }

    @Test("one domain alone is held to its domain limit; a limit of one sends one at a time")
    func oneDomain() async throws {
        for (limit, expected) in [(3, 3), (1, 1)] {
            let outbox = MemoryMailOutbox()
            let transport = OverlapTransport(hold: expected)
            let policy = MailRetryPolicy(
                pollInterval: .milliseconds(50), lease: .seconds(60), batchSize: 10, concurrency: 8,
                domainConcurrency: limit)
            let queue = MailQueue(outbox: outbox, transport: transport, policy: policy)
            for index in 0..<10 {
                let message = try MailMessage(
                    from: Mailbox("news@dateline.example"), to: [try Mailbox("reader\(index)@Big.Example")],
                    subject: "Issue \(index)", body: "Text\n")
                try await outbox.enqueue(
                    OutboxEntry(mail: OutgoingMail(message), enqueuedAt: Date(), nextAttemptAt: Date()))
            }
            #expect(await queue.processDueMail().sent == 10)
            #expect(await transport.peak == expected)
        }
    }
}
