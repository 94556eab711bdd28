import Foundation
import Testing

@testable import DatelineMail

@Suite struct MemoryMailOutboxTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    func mail(_ n: Int) throws -> OutgoingMail {
        OutgoingMail(
            try MailMessage(
                from: Mailbox("news@dateline.example"), to: [Mailbox("r\(n)@example.org")], subject: "s\(n)", body: "b")
        )
    }

    @Test func claimsOnlyDueEntriesOldestFirstAndLeasesThem() async throws {
        let outbox = MemoryMailOutbox()
        let late = OutboxEntry(mail: try mail(1), enqueuedAt: start, nextAttemptAt: start.addingTimeInterval(60))
        let early = OutboxEntry(mail: try mail(2), enqueuedAt: start, nextAttemptAt: start.addingTimeInterval(5))
        let earliest = OutboxEntry(mail: try mail(3), enqueuedAt: start, nextAttemptAt: start)
        for entry in [late, early, earliest] { await outbox.enqueue(entry) }

        let lease = start.addingTimeInterval(600)
        let claimed = await outbox.claimDue(now: start.addingTimeInterval(10), leaseUntil: lease, limit: 10)
        #expect(claimed.map(\.id) == [earliest.id, early.id])
        #expect(claimed.allSatisfy { $0.attempts == 1 && $0.nextAttemptAt == lease })
        // Leased entries are invisible until the lease ends, then come back (a crashed worker loses nothing).
        #expect(
            await outbox.claimDue(now: start.addingTimeInterval(100), leaseUntil: lease, limit: 10).map(\.id) == [
                late.id
            ])
        let again = await outbox.claimDue(now: lease, leaseUntil: lease.addingTimeInterval(600), limit: 10)
        #expect(Set(again.map(\.id)) == [earliest.id, early.id, late.id])
        #expect(again.first { $0.id == earliest.id }?.attempts == 2)
    }

    @Test func respectsTheLimit() async throws {
        let outbox = MemoryMailOutbox()
        for n in 0..<5 { await outbox.enqueue(OutboxEntry(mail: try mail(n), enqueuedAt: start, nextAttemptAt: start)) }
        #expect(await outbox.claimDue(now: start, leaseUntil: start.addingTimeInterval(60), limit: 2).count == 2)
        #expect(await outbox.claimDue(now: start, leaseUntil: start.addingTimeInterval(60), limit: 10).count == 3)
    }

    @Test func finishedEntriesAreNeverClaimedAgain() async throws {
        let outbox = MemoryMailOutbox()
        let sent = OutboxEntry(mail: try mail(1), enqueuedAt: start, nextAttemptAt: start)
        let failed = OutboxEntry(mail: try mail(2), enqueuedAt: start, nextAttemptAt: start)
        let retried = OutboxEntry(mail: try mail(3), enqueuedAt: start, nextAttemptAt: start)
        for entry in [sent, failed, retried] { await outbox.enqueue(entry) }
        _ = await outbox.claimDue(now: start, leaseUntil: start.addingTimeInterval(60), limit: 10)
        await outbox.markSent(sent.id)
        await outbox.markFailed(failed.id, error: "550 no such user")
        await outbox.reschedule(
            retried.id, attempt: 1, nextAttemptAt: start.addingTimeInterval(30), error: "451 try later")
        await outbox.reschedule(
            sent.id, attempt: 1, nextAttemptAt: start, error: "late reschedule must not revive a sent entry")

        let later = start.addingTimeInterval(3600)
        #expect(await outbox.claimDue(now: later, leaseUntil: later, limit: 10).map(\.id) == [retried.id])
        #expect(await outbox.record(sent.id)?.state == .sent)
        #expect(await outbox.record(failed.id)?.state == .failed("550 no such user"))
        #expect(await outbox.record(retried.id)?.entry.lastError == "451 try later")
        #expect(await outbox.pendingCount == 1)
    }
}
