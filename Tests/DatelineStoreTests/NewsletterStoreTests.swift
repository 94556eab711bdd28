import DatelineCore
import Foundation
import Testing

@testable import DatelineStore

/// Newsletter lists, double opt-in and suppression, on both backends (issue 18 items 1 and 2).
@Suite("NewsletterStore")
struct NewsletterStoreTests {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private static func letters(_ fixture: StoreFixture) throws -> any NewsletterStore {
        try #require(fixture.store as? any NewsletterStore, "every backend keeps newsletters")
    }

    private static func briefing(_ name: String = "Morning Briefing", source: NewsletterSource = .front)
        -> NewsletterInput
    {
        NewsletterInput(
            name: name, description: "The day's stories before breakfast.", source: source, sendTime: "7:05",
            timeZone: "Europe/London", fromName: "The Dateline", fromAddress: " News@Example.com ")
    }

    private func refusedField(_ work: () async throws -> Void) async -> [String] {
        do {
            try await work()
            return ["(accepted)"]
        } catch {
            return (error as? StoreError)?.invalidFields ?? ["(other error)"]
        }
    }

    @Test("lists are added, found, changed and deleted; bad settings are refused", arguments: StoreBackend.all)
    func lists(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.letters(fixture)
            _ = try await fixture.store.create(.sample("Harbour reopens", section: "Business"), status: .published)
            let business = try #require(Slug(validating: "business"))
            let morning = try await store.addNewsletter(Self.briefing(), now: Self.start)
            #expect(morning.slug.rawValue == "morning-briefing" && morning.sendTime == "07:05")
            #expect(morning.fromAddress == "news@example.com" && morning.source == .front)
            let markets = try await store.addNewsletter(
                Self.briefing("Markets", source: .section(business)), now: Self.start)
            #expect(markets.source == .section(business) && markets.sourceName == "Business")
            var breaking = Self.briefing("Breaking news", source: .breaking)
            breaking.sendTime = "whenever"
            let alerts = try await store.addNewsletter(breaking, now: Self.start)
            #expect(alerts.sendMinute == nil)
            #expect(try await store.newsletters().map(\.name) == ["Breaking news", "Markets", "Morning Briefing"])
            #expect(try await store.newsletter(slug: morning.slug)?.id == morning.id)

            #expect(
                await refusedField { _ = try await store.addNewsletter(Self.briefing(), now: Self.start) } == ["slug"])
            var bad = Self.briefing("Other")
            bad.sendTime = "25:00"
            #expect(await refusedField { _ = try await store.addNewsletter(bad, now: Self.start) } == ["sendTime"])
            bad = Self.briefing("Other")
            bad.timeZone = "Mars/Olympus"
            #expect(await refusedField { _ = try await store.addNewsletter(bad, now: Self.start) } == ["timeZone"])
            bad = Self.briefing("Other")
            bad.fromAddress = "news@example.com\r\nBcc: all@example.com"
            #expect(await refusedField { _ = try await store.addNewsletter(bad, now: Self.start) } == ["fromAddress"])
            bad = Self.briefing("Other")
            bad.fromName = "Evil\"\r\nBcc: x"
            #expect(await refusedField { _ = try await store.addNewsletter(bad, now: Self.start) } == ["fromName"])
            bad = Self.briefing("Other", source: .topic(try #require(Slug(validating: "no-such-topic"))))
            #expect(await refusedField { _ = try await store.addNewsletter(bad, now: Self.start) } == ["source"])
            bad = Self.briefing("Confirm")
            #expect(await refusedField { _ = try await store.addNewsletter(bad, now: Self.start) } == ["slug"])
            #expect(try await store.newsletters().count == 3)

            var renamed = Self.briefing("Evening Briefing")
            renamed.sendTime = "18:30"
            let evening = try await store.updateNewsletter(id: morning.id, with: renamed)
            #expect(evening.slug.rawValue == "evening-briefing" && evening.sendTime == "18:30")
            renamed.slug = "markets"
            #expect(
                await refusedField { _ = try await store.updateNewsletter(id: morning.id, with: renamed) } == ["slug"])
            #expect(try await store.deleteNewsletter(id: markets.id))
            #expect(try await !store.deleteNewsletter(id: markets.id))
            #expect(try await store.newsletters().count == 2)
        }
    }

    @Test(
        "double opt-in: one confirmation a day, a link that works once and expires, nothing for suppressed addresses",
        arguments: StoreBackend.all)
    func doubleOptIn(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.letters(fixture)
            let morning = try await store.addNewsletter(Self.briefing(), now: Self.start)
            let breaking = try await store.addNewsletter(
                Self.briefing("Breaking", source: .breaking), now: Self.start)
            let expires = Self.start.addingTimeInterval(48 * 3600)
            let first = try await store.requestSubscription(
                email: " Reader@Example.org", newsletterIDs: [morning.id, breaking.id, morning.id],
                confirmationDigest: "d1", now: Self.start, expiresAt: expires)
            #expect(first == .sendConfirmation(email: "reader@example.org"))
            // Asked again within the day: nothing more is sent, whatever the case of the address.
            let again = try await store.requestSubscription(
                email: "READER@example.org", newsletterIDs: [morning.id], confirmationDigest: "d2",
                now: Self.start.addingTimeInterval(3600), expiresAt: expires)
            #expect(again == .alreadySentToday)
            #expect(try await store.subscriber(email: "reader@example.org") == nil)
            #expect(try await store.newsletter(id: morning.id)?.subscriberCount == 0)
            #expect(try await store.confirmSubscription(digest: "d2", now: Self.start) == nil)

            let confirmed = try #require(
                try await store.confirmSubscription(digest: "d1", now: Self.start.addingTimeInterval(60)))
            #expect(confirmed.status == .confirmed && confirmed.newsletterIDs == [morning.id, breaking.id].sorted())
            #expect(try await store.confirmSubscription(digest: "d1", now: Self.start.addingTimeInterval(61)) == nil)
            #expect(try await store.newsletter(id: morning.id)?.subscriberCount == 1)

            // An unknown list or no list is refused; a bad address is refused.
            #expect(
                await refusedField {
                    _ = try await store.requestSubscription(
                        email: "x@example.org", newsletterIDs: [999_999], confirmationDigest: "d3", now: Self.start,
                        expiresAt: expires)
                } == ["newsletters"])
            for hostile in [
                "a@b", "two@at@example.org", "x@example.org\r\nBcc: y@example.org", "раураl@example.org",
                String(repeating: "a", count: 300) + "@example.org", "<x@example.org>",
            ] {
                #expect(
                    await refusedField {
                        _ = try await store.requestSubscription(
                            email: hostile, newsletterIDs: [morning.id], confirmationDigest: "d4", now: Self.start,
                            expiresAt: expires)
                    } == ["email"])
            }

            // A link not opened in time expires; the unconfirmed person is forgotten.
            _ = try await store.requestSubscription(
                email: "late@example.org", newsletterIDs: [morning.id], confirmationDigest: "late", now: Self.start,
                expiresAt: expires)
            #expect(try await store.confirmSubscription(digest: "late", now: expires) == nil)
            #expect(try await store.purgeUnconfirmedSubscribers(now: expires) == 1)
            #expect(try await store.purgeUnconfirmedSubscribers(now: expires) == 0)

            // Bounced addresses get nothing, not even a confirmation, and stay suppressed.
            try await store.suppress(email: "Gone@Example.org", reason: .bounced, now: Self.start)
            #expect(
                try await store.requestSubscription(
                    email: "gone@example.org", newsletterIDs: [morning.id], confirmationDigest: "g", now: Self.start,
                    expiresAt: expires) == .suppressed)
            #expect(try await store.suppression(email: "GONE@example.org") == .bounced)
            try await store.suppress(email: "gone@example.org", reason: .unsubscribed, now: Self.start)
            #expect(try await store.suppression(email: "gone@example.org") == .bounced)
        }
    }

    @Test(
        "preferences change lists and pause; leaving and one-click unsubscribe suppress the address",
        arguments: StoreBackend.all)
    func preferencesAndUnsubscribe(_ backend: StoreBackend) async throws {
        try await backend.withStore { fixture in
            let store = try Self.letters(fixture)
            let morning = try await store.addNewsletter(Self.briefing(), now: Self.start)
            let breaking = try await store.addNewsletter(
                Self.briefing("Breaking", source: .breaking), now: Self.start)
            _ = try await store.requestSubscription(
                email: "ann@example.org", newsletterIDs: [morning.id], confirmationDigest: "a", now: Self.start,
                expiresAt: Self.start.addingTimeInterval(3600))
            let ann = try #require(try await store.confirmSubscription(digest: "a", now: Self.start))
            #expect(ann.preferenceToken.count == 64)
            #expect(try await store.subscriber(preferenceToken: "nope") == nil)

            let changed = try #require(
                try await store.updatePreferences(
                    preferenceToken: ann.preferenceToken, newsletterIDs: [breaking.id], paused: true, now: Self.start))
            #expect(changed.newsletterIDs == [breaking.id] && changed.paused)
            #expect(try await store.newsletter(id: breaking.id)?.subscriberCount == 0)
            _ = try await store.updatePreferences(
                preferenceToken: ann.preferenceToken, newsletterIDs: [breaking.id, morning.id], paused: false,
                now: Self.start)
            #expect(try await store.newsletter(id: breaking.id)?.subscriberCount == 1)

            // One-click from the morning list leaves the other list alone.
            let oneClick = try #require(
                try await store.unsubscribe(
                    preferenceToken: ann.preferenceToken, newsletterID: morning.id, now: Self.start))
            #expect(oneClick.newsletterIDs == [breaking.id] && oneClick.status == .confirmed)
            #expect(try await store.suppression(email: "ann@example.org") == nil)
            // Leaving the last list suppresses; doing it twice changes nothing.
            let left = try #require(
                try await store.unsubscribe(preferenceToken: ann.preferenceToken, newsletterID: nil, now: Self.start))
            #expect(left.status == .left && left.newsletterIDs.isEmpty)
            #expect(try await store.suppression(email: "ann@example.org") == .unsubscribed)
            _ = try await store.unsubscribe(preferenceToken: ann.preferenceToken, newsletterID: nil, now: Self.start)
            #expect(try await store.newsletter(id: breaking.id)?.subscriberCount == 0)
            // A left subscriber cannot be re-subscribed through the preference link.
            let stillLeft = try await store.updatePreferences(
                preferenceToken: ann.preferenceToken, newsletterIDs: [morning.id], paused: false, now: Self.start)
            #expect(stillLeft?.status == .left && stillLeft?.newsletterIDs == [])

            // Asking again through the form, a day later, and confirming lifts the unsubscribe.
            let later = Self.start.addingTimeInterval(25 * 3600)
            #expect(
                try await store.requestSubscription(
                    email: "ann@example.org", newsletterIDs: [morning.id], confirmationDigest: "b", now: later,
                    expiresAt: later.addingTimeInterval(3600)) == .sendConfirmation(email: "ann@example.org"))
            let back = try #require(try await store.confirmSubscription(digest: "b", now: later))
            #expect(back.status == .confirmed && back.newsletterIDs == [morning.id])
            #expect(try await store.suppression(email: "ann@example.org") == nil)

            // Deleting a list removes its subscriptions.
            #expect(try await store.deleteNewsletter(id: morning.id))
            #expect(try await store.subscriber(preferenceToken: ann.preferenceToken)?.newsletterIDs == [])
        }
    }
}
