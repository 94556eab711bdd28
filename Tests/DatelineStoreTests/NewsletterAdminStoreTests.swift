import DatelineCore
import Foundation
import Testing

@testable import DatelineStore

/// The administration of lists' people on both backends (issue 18 item 1): import of people who
/// consented elsewhere, suppression respected on every re-import, paging, removal, export.
@Suite("NewsletterStore administration")
struct NewsletterAdminStoreTests {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private static func letters(_ fixture: StoreFixture) throws -> any NewsletterStore {
        try #require(fixture.store as? any NewsletterStore, "every backend keeps newsletters")
    }

    private static func list(_ store: any NewsletterStore, _ name: String = "Morning") async throws -> Newsletter {
        try await store.addNewsletter(
            NewsletterInput(
                name: name, source: .front, sendTime: "07:00", timeZone: "UTC", fromName: "Desk",
                fromAddress: "desk@example.com"), now: start)
    }

    @Test(
        "import adds confirmed subscribers once, never a suppressed address, and is idempotent",
        arguments: StoreBackend.all)
    func importIsIdempotentAndRespectsSuppression(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.letters(fixture)
            let morning = try await Self.list(store)
            let other = try await Self.list(store, "Evening")
            try await store.suppress(email: "bounced@example.com", reason: .bounced, now: Self.start)
            try await store.suppress(email: "left@example.com", reason: .unsubscribed, now: Self.start)
            try await store.suppress(email: "angry@example.com", reason: .complained, now: Self.start)
            let signedUp = Self.start.addingTimeInterval(-86_400)
            let entries = [
                NewsletterImportEntry(email: "Ann@Example.com", subscribedAt: signedUp),
                NewsletterImportEntry(email: "bob@example.com"),
                NewsletterImportEntry(email: "ann@example.com"),
                NewsletterImportEntry(email: "bounced@example.com"),
                NewsletterImportEntry(email: "left@example.com"),
                NewsletterImportEntry(email: "angry@example.com"),
            ]
            let first = try await store.importSubscribers(entries, toNewsletter: morning.id, now: Self.start)
            #expect(first == NewsletterImportTally(added: 2, alreadySubscribed: 1, suppressed: 3))
            let again = try await store.importSubscribers(entries, toNewsletter: morning.id, now: Self.start)
            #expect(again == NewsletterImportTally(added: 0, alreadySubscribed: 3, suppressed: 3))
            #expect(try await store.newsletter(id: morning.id)?.subscriberCount == 2)
            for gone in ["bounced@example.com", "left@example.com", "angry@example.com"] {
                #expect(try await store.subscriber(email: gone) == nil)
            }
            let ann = try #require(try await store.subscriber(email: "ann@example.com"))
            #expect(ann.status == .confirmed && ann.newsletterIDs == [morning.id] && ann.confirmedAt == signedUp)
            #expect(ann.preferenceToken.count == 64)

            // The same person imported to another list keeps one record and both lists.
            let toOther = try await store.importSubscribers(
                [NewsletterImportEntry(email: "ann@example.com")], toNewsletter: other.id, now: Self.start)
            #expect(toOther.added == 1)
            #expect(
                try await store.subscriber(email: "ann@example.com")?.newsletterIDs
                    == [morning.id, other.id].sorted())

            // A pending person who consented elsewhere becomes confirmed; a paused one stays paused.
            _ = try await store.requestSubscription(
                email: "pending@example.com", newsletterIDs: [other.id], confirmationDigest: "p", now: Self.start,
                expiresAt: Self.start.addingTimeInterval(3600))
            let pending = try await store.importSubscribers(
                [NewsletterImportEntry(email: "pending@example.com")], toNewsletter: morning.id, now: Self.start)
            #expect(pending.added == 1)
            #expect(try await store.subscriber(email: "pending@example.com")?.status == .confirmed)
            _ = try await store.updatePreferences(
                preferenceToken: ann.preferenceToken, newsletterIDs: [morning.id, other.id], paused: true,
                now: Self.start)
            _ = try await store.importSubscribers(
                [NewsletterImportEntry(email: "ann@example.com")], toNewsletter: morning.id, now: Self.start)
            #expect(try await store.subscriber(email: "ann@example.com")?.paused == true)

            // Someone who unsubscribed after an import is not brought back by importing again.
            let bob = try #require(try await store.subscriber(email: "bob@example.com"))
            _ = try await store.unsubscribe(preferenceToken: bob.preferenceToken, newsletterID: nil, now: Self.start)
            let reimport = try await store.importSubscribers(entries, toNewsletter: morning.id, now: Self.start)
            #expect(reimport.suppressed == 4 && reimport.added == 0)

            // An unknown list is not found and stores nothing; a bad address refuses the batch.
            await #expect {
                _ = try await store.importSubscribers(
                    [NewsletterImportEntry(email: "new@example.com")], toNewsletter: 999_999, now: Self.start)
            } throws: { ($0 as? StoreError)?.isNotFound(999_999) == true }
            await #expect {
                _ = try await store.importSubscribers(
                    [
                        NewsletterImportEntry(email: "fine@example.com"),
                        NewsletterImportEntry(email: "x@example.com\r\nBcc: y@example.com"),
                    ], toNewsletter: morning.id, now: Self.start)
            } throws: { ($0 as? StoreError)?.invalidFields == ["email"] }
            #expect(try await store.subscriber(email: "new@example.com") == nil)
            #expect(try await store.subscriber(email: "fine@example.com") == nil)
        }
    }

    @Test(
        "a list's people are paged by address with their status and suppression; one can be removed",
        arguments: StoreBackend.all)
    func membersAndRemoval(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.letters(fixture)
            let morning = try await Self.list(store)
            let other = try await Self.list(store, "Evening")
            _ = try await store.importSubscribers(
                ["cat@example.com", "amy@example.com", "dan@example.com"].map { NewsletterImportEntry(email: $0) },
                toNewsletter: morning.id, now: Self.start)
            _ = try await store.requestSubscription(
                email: "bea@example.com", newsletterIDs: [other.id, morning.id], confirmationDigest: "b",
                now: Self.start, expiresAt: Self.start.addingTimeInterval(3600))
            let dan = try #require(try await store.subscriber(email: "dan@example.com"))
            _ = try await store.updatePreferences(
                preferenceToken: dan.preferenceToken, newsletterIDs: [morning.id], paused: true, now: Self.start)
            // An address suppressed after joining by the form, and pending again.
            try await store.suppress(email: "bea@example.com", reason: .unsubscribed, now: Self.start)
            _ = try await store.requestSubscription(
                email: "bea@example.com", newsletterIDs: [other.id, morning.id], confirmationDigest: "b2",
                now: Self.start.addingTimeInterval(90_000), expiresAt: Self.start.addingTimeInterval(99_000))

            let all = try await store.members(ofNewsletter: morning.id, limit: 10, offset: 0)
            #expect(all.map(\.email) == ["amy@example.com", "bea@example.com", "cat@example.com", "dan@example.com"])
            #expect(all.map(\.status) == [.confirmed, .pending, .confirmed, .paused])
            #expect(all.map { $0.suppression } == [nil, .unsubscribed, nil, nil])
            #expect(all[0].confirmedAt == Self.start && all[1].confirmedAt == nil)
            let page = try await store.members(ofNewsletter: morning.id, limit: 2, offset: 2)
            #expect(page.map(\.email) == ["cat@example.com", "dan@example.com"])
            #expect(try await store.members(ofNewsletter: 999_999, limit: 10, offset: 0).isEmpty)

            #expect(try await store.removeSubscriber(email: "CAT@example.com", fromNewsletter: morning.id))
            #expect(try await !store.removeSubscriber(email: "cat@example.com", fromNewsletter: morning.id))
            #expect(try await store.suppression(email: "cat@example.com") == nil)
            #expect(try await store.subscriber(email: "cat@example.com")?.newsletterIDs == [])
            // Removing a pending person from one list leaves the other list in their confirmation.
            #expect(try await store.removeSubscriber(email: "bea@example.com", fromNewsletter: morning.id))
            // Cat, removed, is still listed as someone who left; Bea never joined, so she is gone.
            let after = try await store.members(ofNewsletter: morning.id, limit: 10, offset: 0)
            #expect(after.map(\.email) == ["amy@example.com", "cat@example.com", "dan@example.com"])
            #expect(after.map(\.status) == [.confirmed, .unsubscribed, .paused])
            #expect(after[1].leftAt != nil && after[0].leftAt == nil && after[2].leftAt == nil)
            #expect(
                try await store.members(ofNewsletter: other.id, limit: 10, offset: 0).map(\.email) == [
                    "bea@example.com"
                ])
            #expect(try await !store.removeSubscriber(email: "not an address", fromNewsletter: morning.id))
            // Removed, not suppressed: a later import adds them again.
            let back = try await store.importSubscribers(
                [NewsletterImportEntry(email: "cat@example.com")], toNewsletter: morning.id, now: Self.start)
            #expect(back.added == 1)
            #expect(
                try await store.members(ofNewsletter: morning.id, limit: 10, offset: 0).map(\.status) == [
                    .confirmed, .confirmed, .paused,
                ])
        }
    }

    @Test(
        "who left a list is kept, whichever way they left, until they come back; a deleted list takes it along",
        arguments: StoreBackend.all)
    func departures(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.letters(fixture)
            let morning = try await Self.list(store)
            let evening = try await Self.list(store, "Evening")
            for list in [morning, evening] {
                _ = try await store.importSubscribers(
                    ["one@example.com", "two@example.com", "three@example.com", "four@example.com"].map {
                        NewsletterImportEntry(email: $0)
                    }, toNewsletter: list.id, now: Self.start)
            }
            let one = try #require(try await store.subscriber(email: "one@example.com"))
            let two = try #require(try await store.subscriber(email: "two@example.com"))
            let four = try #require(try await store.subscriber(email: "four@example.com"))
            // One-click from one list; the preference page dropping a list; a bounce; changing
            // preferences without leaving anything (not a departure).
            _ = try await store.unsubscribe(
                preferenceToken: one.preferenceToken, newsletterID: morning.id, now: Self.start)
            _ = try await store.updatePreferences(
                preferenceToken: two.preferenceToken, newsletterIDs: [evening.id], paused: false, now: Self.start)
            try await store.suppress(email: "three@example.com", reason: .bounced, now: Self.start)
            _ = try await store.updatePreferences(
                preferenceToken: four.preferenceToken, newsletterIDs: [morning.id, evening.id], paused: true,
                now: Self.start)

            let morningPeople = try await store.members(ofNewsletter: morning.id, limit: 10, offset: 0)
            #expect(
                morningPeople.map(\.email) == [
                    "four@example.com", "one@example.com", "three@example.com", "two@example.com",
                ])
            #expect(morningPeople.map(\.status) == [.paused, .unsubscribed, .unsubscribed, .unsubscribed])
            #expect(morningPeople.map { $0.leftAt != nil } == [false, true, true, true])
            #expect(morningPeople[2].suppression == .bounced)
            // The subscription date they had is kept beside when they left.
            #expect(morningPeople[1].subscribedAt == Self.start)
            let eveningPeople = try await store.members(ofNewsletter: evening.id, limit: 10, offset: 0)
            #expect(eveningPeople.map(\.status) == [.paused, .confirmed, .unsubscribed, .confirmed])

            // Coming back clears it.
            _ = try await store.importSubscribers(
                [NewsletterImportEntry(email: "one@example.com")], toNewsletter: morning.id, now: Self.start)
            #expect(
                try await store.members(ofNewsletter: morning.id, limit: 10, offset: 0).map(\.status) == [
                    .paused, .confirmed, .unsubscribed, .unsubscribed,
                ])
            // A deleted list leaves nothing behind, and the other list is untouched.
            #expect(try await store.deleteNewsletter(id: morning.id))
            #expect(try await store.members(ofNewsletter: morning.id, limit: 10, offset: 0).isEmpty)
            #expect(try await store.members(ofNewsletter: evening.id, limit: 10, offset: 0).count == 4)
        }
    }

    @Test("the suppression list is paged newest first", arguments: StoreBackend.all)
    func suppressionList(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.letters(fixture)
            for (offset, email) in ["a@example.com", "b@example.com", "c@example.com"].enumerated() {
                try await store.suppress(
                    email: email, reason: offset == 1 ? .bounced : .complained,
                    now: Self.start.addingTimeInterval(Double(offset)))
            }
            let first = try await store.suppressions(limit: 2, offset: 0)
            #expect(first.map(\.email) == ["c@example.com", "b@example.com"])
            #expect(first.map(\.reason) == [.complained, .bounced])
            #expect(first[0].createdAt == Self.start.addingTimeInterval(2))
            #expect(try await store.suppressions(limit: 2, offset: 2).map(\.email) == ["a@example.com"])
        }
    }

    @Test(
        "a CSV import runs in batches, reports broken lines and counts duplicates and suppressions",
        arguments: StoreBackend.all)
    func csvImport(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.letters(fixture)
            let morning = try await Self.list(store)
            try await store.suppress(email: "gone@example.com", reason: .bounced, now: Self.start)
            var text = "email,subscribed_at\r\n"
            let count = NewsletterCSV.batchSize + 5
            for number in 0..<count { text += "reader\(number)@example.com,2026-01-02\r\n" }
            text += "reader0@example.com,\r\ngone@example.com\r\nbroken@@example.com\r\n"
            let csv = try NewsletterCSV(Array(text.utf8), now: Self.start)
            let summary = try await csv.run(into: store, newsletterID: morning.id, now: Self.start)
            #expect(summary.line == "\(count) added, 1 already subscribed, 1 suppressed (not added), 1 refused")
            #expect(summary.refused.map(\.line) == [count + 4])
            #expect(try await store.newsletter(id: morning.id)?.subscriberCount == count)
            let again = try await csv.run(into: store, newsletterID: morning.id, now: Self.start)
            #expect(again.line == "0 added, \(count + 1) already subscribed, 1 suppressed (not added), 1 refused")
        }
    }
}
