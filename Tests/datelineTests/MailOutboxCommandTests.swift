import DatelineStore
import Foundation
import Testing

/// `dateline mail outbox [--resend-in-doubt]`: the outbox by state, and the operator's way to send
/// messages left in doubt by a crashed instance again.
@Suite("dateline mail outbox")
struct MailOutboxCommandTests {
    @Test("counts every state and makes in-doubt messages pending again only when asked")
    func outbox() async throws {
        let folder = try ScratchFolder()
        let database = folder.path("d.sqlite")
        let store = try SQLiteStoryStore(path: database)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = (0..<4).map { _ in UUID() }
        for id in ids {
            try await store.enqueueMail(
                StoredMail(id: id, payload: Data("{}".utf8), enqueuedAt: start, nextAttemptAt: start))
        }
        let lease = start.addingTimeInterval(60)
        _ = try await store.claimDueMail(now: start, leaseUntil: lease, limit: 3)
        // One delivered, two handed over by an instance that then died, one never claimed; the next
        // claim after the lease (which takes the fourth) finds the two in doubt.
        try await store.markMailSent(id: ids[0], at: start)
        for id in ids[1...2] { #expect(try await store.markMailHandedOver(id: id, attempt: 1)) }
        _ = try await store.claimDueMail(
            now: lease.addingTimeInterval(1), leaseUntil: lease.addingTimeInterval(60), limit: 1)

        let counts = try CommandRunner.run(["mail", "outbox", "--database", database])
        #expect(counts.status == 0, "\(counts.standardError)")
        #expect(
            counts.standardOutput.split(separator: "\n") == [
                "pending 1", "handed over 0", "sent 1", "failed 0", "in doubt 2",
            ])

        let resent = try CommandRunner.run(["mail", "outbox", "--database", database, "--resend-in-doubt"])
        #expect(resent.status == 0, "\(resent.standardError)")
        #expect(resent.standardOutput.contains("pending 3\n"))
        #expect(resent.standardOutput.contains("in doubt 0\n"))
        #expect(resent.standardOutput.hasSuffix("2 in-doubt messages made pending again\n"))
    }
}
