import DatelineCore
import DatelineStore
import Foundation
import Testing

/// The ``MailCatcherStore`` contract: caught mail kept newest first and trimmed to the newest N in
/// the same step, refusals that store nothing, on every backend.
@Suite("MailCatcherStore contract")
struct MailCatcherStoreTests {
    private func catcher(_ fixture: StoreFixture) throws -> any MailCatcherStore {
        try #require(fixture.store as? any MailCatcherStore, "the backend must keep caught mail")
    }

    private func input(_ number: Int, content: String? = nil) -> CaughtMailInput {
        CaughtMailInput(
            sender: "news@news.example.test", recipients: ["reader\(number)@example.org", "copy@example.org"],
            messageID: "<\(number)@news.example.test>", subject: "Message \(number)\r\nBcc: x@example.org",
            content: content ?? "Subject: Message \(number)\r\n\r\nCafé \(number)\r\n",
            caughtAt: Times.day(0).addingTimeInterval(TimeInterval(number)))
    }

    @Test("caught mail is listed newest first and read back whole", arguments: StoreBackend.all)
    func keepsAndLists(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try catcher(fixture)
            let first = try await store.catchMail(input(1), keep: 10)
            let second = try await store.catchMail(input(2), keep: 10)
            let listed = try await store.caughtMail(limit: 10)
            #expect(listed.map(\.id) == [second, first])
            #expect(listed.first?.recipients == ["reader2@example.org", "copy@example.org"])
            #expect(listed.first?.subject == "Message 2  Bcc: x@example.org", "a list column is one line")
            #expect(listed.first?.caughtAt == Times.day(0).addingTimeInterval(2))
            #expect(listed.first?.size == "Subject: Message 2\r\n\r\nCafé 2\r\n".utf8.count)
            let read = try #require(try await store.caughtMail(id: first))
            #expect(read.content == "Subject: Message 1\r\n\r\nCafé 1\r\n")
            #expect(read.messageID == "<1@news.example.test>")
            #expect(try await store.caughtMail(id: first + 1000) == nil)
            #expect(try await store.caughtMail(limit: 1).map(\.id) == [second])
        }
    }

    @Test("every catch keeps only the newest N", arguments: StoreBackend.all)
    func trims(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try catcher(fixture)
            var ids: [Int64] = []
            for number in 1...7 { ids.append(try await store.catchMail(input(number), keep: 3)) }
            #expect(try await store.caughtMail(limit: 100).map(\.id) == Array(ids.suffix(3).reversed()))
            #expect(try await store.caughtMail(id: ids[0]) == nil)
            // A smaller N trims at once on the next catch.
            let last = try await store.catchMail(input(8), keep: 1)
            #expect(try await store.caughtMail(limit: 100).map(\.id) == [last])
            #expect(try await store.clearCaughtMail() == 1)
            #expect(try await store.caughtMail(limit: 100).isEmpty)
        }
    }

    @Test("an oversized message, no recipient or a bad N is refused and stores nothing", arguments: StoreBackend.all)
    func refusals(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try catcher(fixture)
            let huge = String(repeating: "x", count: CaughtMail.maximumBytes + 1)
            var noRecipient = input(2)
            noRecipient.recipients = [" "]
            for (mail, keep) in [(input(1, content: huge), 10), (noRecipient, 10), (input(3), 0), (input(4), 10_001)] {
                await #expect(throws: StoreError.self) { try await store.catchMail(mail, keep: keep) }
            }
            #expect(try await store.caughtMail(limit: 100).isEmpty)
        }
    }

    @Test("hasNewsletters follows lists being added and deleted", arguments: StoreBackend.all)
    func newsletterPresence(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try #require(fixture.store as? any NewsletterStore)
            #expect(try await store.hasNewsletters() == false)
            let list = try await store.addNewsletter(
                NewsletterInput(
                    name: "Morning Briefing", source: .front, fromName: "Dateline", fromAddress: "news@example.test"),
                now: Times.day(0))
            #expect(try await store.hasNewsletters() == true)
            try await store.deleteNewsletter(id: list.id)
            #expect(try await store.hasNewsletters() == false)
        }
    }
}
