import DatelineStore
import Foundation
import Testing

/// The ``MailStore`` contract: a shared outbox that hands each message to one worker at a time and
/// never loses one, and send quotas counted in the database, against every backend.
@Suite("MailStore contract")
struct MailStoreTests {
    private func mailStore(_ fixture: StoreFixture) throws -> any MailStore {
        try #require(fixture.store as? any MailStore, "the backend must keep the mail outbox too")
    }

    private func message(_ text: String, at time: Date) -> StoredMail {
        StoredMail(id: UUID(), payload: Data(text.utf8), enqueuedAt: time, nextAttemptAt: time)
    }

    @Test("due messages are claimed oldest first, once, until their lease ends", arguments: StoreBackend.all)
    func claiming(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try mailStore(fixture)
            let start = Times.day(0)
            let first = message("{\"n\":1}", at: start)
            let second = message("{\"n\":2}", at: start.addingTimeInterval(1))
            let future = message("{\"n\":3}", at: start.addingTimeInterval(3_600))
            for mail in [second, first, future] { try await store.enqueueMail(mail) }

            let now = start.addingTimeInterval(10)
            let lease = now.addingTimeInterval(60)
            let claimed = try await store.claimDueMail(now: now, leaseUntil: lease, limit: 10)
            #expect(claimed.map(\.id) == [first.id, second.id])
            #expect(claimed.map(\.attempts) == [1, 1])
            #expect(claimed.allSatisfy { $0.nextAttemptAt == lease })
            #expect(claimed.first?.payload == Data("{\"n\":1}".utf8))

            let other = try await fixture.openAnother() as? any MailStore
            let again = try await other?.claimDueMail(now: now, leaseUntil: lease, limit: 10)
            #expect(again?.isEmpty == true, "a claimed message is invisible to other instances during its lease")

            let afterLease = try await store.claimDueMail(
                now: lease.addingTimeInterval(1), leaseUntil: lease.addingTimeInterval(120), limit: 1)
            #expect(afterLease.map(\.id) == [first.id], "a worker that died loses its claim when the lease ends")
            #expect(afterLease.first?.attempts == 2)
            #expect(try await store.claimDueMail(now: now, leaseUntil: lease, limit: 0).isEmpty)
        }
    }

    @Test("sent and failed messages are never claimed again; rescheduled ones come back", arguments: StoreBackend.all)
    func endings(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try mailStore(fixture)
            let start = Times.day(0)
            let sent = message("sent", at: start)
            let failed = message("failed", at: start)
            let retried = message("retried", at: start)
            for mail in [sent, failed, retried] { try await store.enqueueMail(mail) }
            _ = try await store.claimDueMail(now: start, leaseUntil: start.addingTimeInterval(60), limit: 10)
            try await store.markMailSent(id: sent.id, at: start)
            try await store.markMailFailed(id: failed.id, error: "550 no such user", at: start)
            try await store.rescheduleMail(
                id: retried.id, attempt: 1, nextAttemptAt: start.addingTimeInterval(300), error: "421 try later")
            #expect(try await store.mailCounts() == MailCounts(pending: 1, sent: 1, failed: 1))

            let early = try await store.claimDueMail(
                now: start.addingTimeInterval(200), leaseUntil: start.addingTimeInterval(400), limit: 10)
            #expect(early.isEmpty)
            let due = try await store.claimDueMail(
                now: start.addingTimeInterval(10_000), leaseUntil: start.addingTimeInterval(10_060), limit: 10)
            #expect(due.map(\.id) == [retried.id])
            #expect(due.first?.lastError == "421 try later")
            #expect(due.first?.attempts == 2)
        }
    }

    @Test(
        "a handed-over message is never claimed again: in doubt once its lease ends, sent again only when asked",
        arguments: StoreBackend.all)
    func handOver(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try mailStore(fixture)
            let start = Times.day(0)
            let stranded = message("stranded", at: start)
            let refused = message("refused after the dot", at: start)
            let finished = message("finished", at: start)
            for mail in [stranded, refused, finished] { try await store.enqueueMail(mail) }
            let lease = start.addingTimeInterval(60)
            _ = try await store.claimDueMail(now: start, leaseUntil: lease, limit: 10)
            for mail in [stranded, refused, finished] {
                #expect(try await store.markMailHandedOver(id: mail.id, attempt: 1))
            }
            #expect(try await store.mailCounts() == MailCounts(pending: 0, sent: 0, failed: 0, handedOver: 3))

            // The sender of `refused` heard a 451 after the dot: a refusal is certain, so it comes back.
            try await store.rescheduleMail(
                id: refused.id, attempt: 1, nextAttemptAt: lease, error: "451 try again later")
            try await store.markMailSent(id: finished.id, at: start)
            // The sender of `stranded` died. Once the lease is over, the next claim finds it in doubt.
            let other = try #require(try await fixture.openAnother() as? any MailStore)
            let afterLease = try await other.claimDueMail(
                now: lease.addingTimeInterval(1), leaseUntil: lease.addingTimeInterval(61), limit: 10)
            #expect(afterLease.map(\.id) == [refused.id], "only the message the server refused is sent again")
            #expect(
                try await store.mailCounts() == MailCounts(pending: 1, sent: 1, failed: 0, handedOver: 0, inDoubt: 1))

            // Marking an in-doubt message handed over again changes nothing (only pending ones move).
            #expect(try await store.markMailHandedOver(id: stranded.id, attempt: 1) == false)
            #expect(try await store.mailCounts().inDoubt == 1)
            let later = lease.addingTimeInterval(3_600)
            let claimedLater = try await store.claimDueMail(
                now: later, leaseUntil: later.addingTimeInterval(3_600), limit: 10)
            #expect(!claimedLater.map(\.id).contains(stranded.id))

            #expect(try await store.resendInDoubtMail(now: later) == 1)
            #expect(try await store.resendInDoubtMail(now: later) == 0, "nothing is left in doubt")
            let resent = try await store.claimDueMail(
                now: later, leaseUntil: later.addingTimeInterval(60), limit: 10)
            #expect(resent.map(\.id) == [stranded.id])
            #expect(resent.first?.lastError == nil, "queued again like a new message")
            #expect(resent.first?.attempts == 2)
        }
    }

    @Test(
        "a worker whose lease ran out cannot hand over or reschedule a message another worker claimed since",
        arguments: StoreBackend.all)
    func fencedByAttempt(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try mailStore(fixture)
            let start = Times.day(0)
            let mail = message("slow", at: start)
            try await store.enqueueMail(mail)
            let lease = start.addingTimeInterval(60)
            #expect(try await store.claimDueMail(now: start, leaseUntil: lease, limit: 1).first?.attempts == 1)
            // The first worker is slow; its lease runs out and a second worker claims the message.
            let other = try #require(try await fixture.openAnother() as? any MailStore)
            let second = try await other.claimDueMail(
                now: lease.addingTimeInterval(1), leaseUntil: lease.addingTimeInterval(61), limit: 1)
            #expect(second.first?.attempts == 2)

            #expect(try await store.markMailHandedOver(id: mail.id, attempt: 1) == false, "the first is told no")
            try await store.rescheduleMail(
                id: mail.id, attempt: 1, nextAttemptAt: start.addingTimeInterval(7_200), error: "late refusal")
            #expect(try await other.markMailHandedOver(id: mail.id, attempt: 2), "the second may finish it")
            #expect(try await store.mailCounts() == MailCounts(pending: 0, sent: 0, failed: 0, handedOver: 1))

            // Its lease ends while it waits for the server's reply: counted in doubt; then the
            // server refuses after all, and the refusal (same attempt) puts it back to be retried.
            let afterSecond = lease.addingTimeInterval(62)
            #expect(try await store.claimDueMail(now: afterSecond, leaseUntil: afterSecond, limit: 1).isEmpty)
            #expect(try await store.mailCounts().inDoubt == 1)
            try await other.rescheduleMail(
                id: mail.id, attempt: 2, nextAttemptAt: afterSecond, error: "451 try again later")
            let retried = try await store.claimDueMail(
                now: afterSecond, leaseUntil: afterSecond.addingTimeInterval(60), limit: 1)
            #expect(retried.map(\.id) == [mail.id])
            #expect(retried.first?.lastError == "451 try again later")
        }
    }

    @Test(
        "a message cut off after its final dot is in doubt at once, only from its own hand-over",
        arguments: StoreBackend.all)
    func markedInDoubt(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try mailStore(fixture)
            let start = Times.day(0)
            let cut = message("cut after the dot", at: start)
            let pending = message("still pending", at: start)
            for mail in [cut, pending] { try await store.enqueueMail(mail) }
            let lease = start.addingTimeInterval(60)
            _ = try await store.claimDueMail(now: start, leaseUntil: lease, limit: 10)
            #expect(try await store.markMailHandedOver(id: cut.id, attempt: 1))

            // A stale attempt number and a message never handed over are left as they are.
            try await store.markMailInDoubt(id: cut.id, attempt: 2, error: "stale", at: start)
            try await store.markMailInDoubt(id: pending.id, attempt: 1, error: "not handed over", at: start)
            #expect(try await store.mailCounts() == MailCounts(pending: 1, sent: 0, failed: 0, handedOver: 1))

            try await store.markMailInDoubt(
                id: cut.id, attempt: 1, error: "connection closed; the server may have the message", at: start)
            #expect(try await store.mailCounts() == MailCounts(pending: 1, sent: 0, failed: 0, inDoubt: 1))
            // Never claimed by itself, even long after its lease.
            let later = lease.addingTimeInterval(3_600)
            let claimed = try await store.claimDueMail(now: later, leaseUntil: later.addingTimeInterval(60), limit: 10)
            #expect(claimed.map(\.id) == [pending.id])
            #expect(try await store.resendInDoubtMail(now: later) == 1)
            let resent = try await store.claimDueMail(now: later, leaseUntil: later.addingTimeInterval(60), limit: 10)
            #expect(resent.map(\.id) == [cut.id])
        }
    }

    @Test("a message survives reopening the database", arguments: StoreBackend.all)
    func durable(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try mailStore(fixture)
            let mail = message("durable", at: Times.day(0))
            try await store.enqueueMail(mail)
            let reopened = try #require(try await fixture.openAnother() as? any MailStore)
            let claimed = try await reopened.claimDueMail(
                now: Times.day(1), leaseUntil: Times.day(2), limit: 5)
            #expect(claimed.map(\.id) == [mail.id])
        }
    }

    @Test("a send is counted against every key only when all are under their limit", arguments: StoreBackend.all)
    func quotas(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try mailStore(fixture)
            let start = Times.day(0)
            let window: TimeInterval = 3_600
            func acquire(_ keys: [SendQuota], at offset: TimeInterval) async throws -> String? {
                let now = start.addingTimeInterval(offset)
                return try await store.acquireSendQuota(keys, since: now.addingTimeInterval(-window), now: now)
            }
            let sender = SendQuota(key: "sender:ann@example.com", limit: 2)
            let bob = SendQuota(key: "recipient:bob@example.com", limit: 5)
            let cat = SendQuota(key: "recipient:cat@example.com", limit: 1)
            #expect(try await acquire([sender, cat], at: 0) == nil)
            #expect(try await acquire([sender, cat], at: 1) == cat.key, "cat already had her one message")
            #expect(try await acquire([sender, bob], at: 2) == nil, "the refused send used up nothing")
            #expect(try await acquire([sender, bob], at: 3) == sender.key)
            #expect(try await acquire([sender, sender], at: 3) == sender.key)
            #expect(try await acquire([sender, bob], at: window + 1) == nil, "the first send has left the window")
            let other = try #require(try await fixture.openAnother() as? any MailStore)
            let now = start.addingTimeInterval(window + 2)
            let shared = try await other.acquireSendQuota([sender], since: now.addingTimeInterval(-window), now: now)
            #expect(shared == sender.key, "another instance sees the same counts")
        }
    }
}
