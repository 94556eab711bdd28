import DatelineArchive
import DatelineCore
import DatelineStore
import Foundation
import Testing

/// Newsletters (lists, people, suppressions, departures, issues and deliveries in flight) and the
/// wire queue move with an archive between backends, and keep working on the other side.
@Suite struct ArchiveNewsletterTests {
    typealias Store = any NewsroomStore & MailStore & ArchiveStore & NewsletterStore & NewsletterIssueStore & WireStore

    /// What ``fill(_:)`` made, to look for in the target.
    struct Made {
        var morning: Newsletter
        var business: Newsletter
        var breaking: Newsletter
        var reader: NewsletterSubscriber
        var issue: NewsletterIssue
        var deliveryMessageID: String
        var wire: [WireItem]
        var takenStory: Story
    }

    @Test(arguments: ArchiveStoreTests.Move.all)
    func movesNewslettersAndTheWireQueue(move: ArchiveStoreTests.Move) async throws {
        try await move.source.withStore { sourceFixture in
            try await move.target.withStore { targetFixture in
                let source = try #require(sourceFixture.store as? Store)
                let target = try #require(targetFixture.store as? Store)
                _ = try await SiteContent(in: source)
                let made = try await Self.fill(source)
                let lines = try await ArchiveStoreTests.exportLines(source)
                let records = try lines.map { try ArchiveRecord(jsonLine: $0) }
                let counts = try await target.importArchive(records)
                #expect(counts.newsletters == 3 && counts.subscribers == 4 && counts.suppressions == 2)
                #expect(counts.departures == 1 && counts.newsletterIssues == 1 && counts.deliveries == 1)
                #expect(counts.wireItems == 3)
                // Exported again, the target gives the same records whenever no time lost precision.
                if move.target.name != StoreBackend.sqlite.name || move.source.name == StoreBackend.sqlite.name {
                    let again = try await ArchiveStoreTests.exportLines(target)
                    #expect(again.count == lines.count)
                    for (moved, original) in zip(again.dropFirst(), lines.dropFirst()) { #expect(moved == original) }
                }
                try await Self.expectWorking(target, made)
            }
        }
    }

    /// An archive with a list that could not have been set up here (a From name that would end
    /// its header, a story link that leaves the site, a wire item over its limits) is refused
    /// whole, naming what is wrong.
    @Test func refusesNewslettersAndWireItemsTheRulesWouldRefuse() async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            _ = try await SiteContent(in: source)
            let made = try await Self.fill(source)
            let records = try await ArchiveStoreTests.exportRecords(source)
            let breakages: [(String, (ArchiveRecord) -> ArchiveRecord)] = [
                (
                    "newsletter \(made.morning.id) (morning) could not be set up as it is",
                    { record in
                        guard case .newsletter(var list) = record, list.id == made.morning.id else { return record }
                        list.fromName = "Desk\r\nBcc: everyone@example.org"
                        return .newsletter(list)
                    }
                ),
                (
                    "newsletter issue \(made.issue.id) has a story link that leaves the site",
                    { record in
                        guard case .newsletterIssue(var issue) = record,
                            var stories = try? JSONDecoder().decode(
                                [NewsletterIssueStory].self, from: Data(issue.stories.utf8))
                        else { return record }
                        stories[0].path = "javascript:alert(1)//"
                        issue.stories = String(decoding: (try? JSONEncoder().encode(stories)) ?? Data(), as: UTF8.self)
                        return .newsletterIssue(issue)
                    }
                ),
                (
                    "subscriber \(made.reader.id) has an address that is not one plain address",
                    { record in
                        guard case .subscriber(var person) = record, person.id == made.reader.id else { return record }
                        person.email = "Reader <reader@example.org>"
                        return .subscriber(person)
                    }
                ),
                (
                    "wire item \(made.wire[0].id) has copy the wire queue would not have taken as it is",
                    { record in
                        guard case .wireItem(var item) = record, item.id == made.wire[0].id else { return record }
                        item.url = "javascript:alert(1)"
                        return .wireItem(item)
                    }
                ),
            ]
            for (message, breaking) in breakages {
                let empty = try SQLiteStoryStore(path: folder.path("empty-\(UUID().uuidString).sqlite"))
                await #expect {
                    try await empty.importArchive(records.map(breaking))
                } throws: { error in
                    "\(error)".contains(message)
                }
                // (the message names which breakage an unexpected success or error came from)
                if let error = await Self.importError(empty, records.map(breaking)) {
                    #expect(error.contains(message), "\(error)")
                } else {
                    Issue.record("imported although: \(message)")
                }
                #expect(try await empty.newsletters().isEmpty)
                #expect(try await empty.story(id: made.takenStory.id) == nil)
            }
        }
    }

    /// A database holding only a newsletter is not empty: the import is refused by name, not by
    /// a clash of keys half-way.
    @Test(arguments: StoreBackend.all)
    func refusesADatabaseThatHoldsOnlyNewsletters(backend: StoreBackend) async throws {
        try await TemporaryFolder.with { folder in
            let source = try SQLiteStoryStore(path: folder.path("source.sqlite"))
            _ = try await SiteContent(in: source)
            _ = try await Self.fill(source)
            let records = try await ArchiveStoreTests.exportRecords(source)
            try await backend.withStore { fixture in
                let target = try #require(fixture.store as? Store)
                let list = try await target.addNewsletter(
                    NewsletterInput(
                        name: "Evening", source: .front, fromName: "The Desk", fromAddress: "desk@example.org"),
                    now: Self.start)
                await #expect {
                    try await target.importArchive(records)
                } throws: { error in
                    "\(error)".contains("1 newsletters") && "\(error)".contains("only into a new, empty database")
                }
                #expect(try await target.newsletters().map(\.id) == [list.id])
                #expect(try await target.storyCount() == 0)
            }
        }
    }

    // MARK: Helpers

    static func importError(_ store: SQLiteStoryStore, _ records: [ArchiveRecord]) async -> String? {
        do {
            _ = try await store.importArchive(records)
            return nil
        } catch {
            return "\(error)"
        }
    }

    static let start = Times.base

    /// Three lists, four people (one confirmed on two lists, one pending a confirmation, one who
    /// left, one imported), a bounced address, an issue with a delivery still pending in the outbox,
    /// and three wire items (two of one story, one taken as a draft).
    static func fill(_ store: Store) async throws -> Made {
        let morning = try await store.addNewsletter(
            NewsletterInput(
                name: "Morning", slug: "morning", description: "The day's first news.", source: .front,
                sendTime: "07:30", timeZone: "Europe/London", fromName: "The Desk", fromAddress: "desk@example.org"),
            now: start)
        let business = try await store.addNewsletter(
            NewsletterInput(
                name: "Business", source: .section(try #require(Slug(from: "Business"))), sendTime: "18:00",
                fromName: "Business Desk",
                fromAddress: "business@example.org"), now: start + 1)
        let breaking = try await store.addNewsletter(
            NewsletterInput(name: "Breaking", source: .breaking, fromName: "The Desk", fromAddress: "desk@example.org"),
            now: start + 2)
        _ = try await store.importSubscribers(
            [NewsletterImportEntry(email: "reader@example.org"), NewsletterImportEntry(email: "leaver@example.org")],
            toNewsletter: morning.id, now: start + 10)
        let reader = try #require(try await store.subscriber(email: "reader@example.org"))
        _ = try await store.updatePreferences(
            preferenceToken: reader.preferenceToken, newsletterIDs: [morning.id, business.id], paused: false,
            now: start + 20)
        let leaver = try #require(try await store.subscriber(email: "leaver@example.org"))
        _ = try await store.unsubscribe(
            preferenceToken: leaver.preferenceToken, newsletterID: morning.id, now: start + 30)
        _ = try await store.importSubscribers(
            [NewsletterImportEntry(email: "imported@example.net")], toNewsletter: breaking.id, now: start + 40)
        _ = try await store.requestSubscription(
            email: "pending@example.org", newsletterIDs: [morning.id], confirmationDigest: pendingDigest,
            now: start + 50, expiresAt: start + 50 + 86_400)
        try await store.suppress(email: "bounced@example.com", reason: .bounced, now: start + 60)

        let story = NewsletterIssueStory(
            storyID: 1, headline: "Harbour reopens", highlights: ["Ferries run again."], path: "/2008/02/17/harbour",
            sectionName: "World", imagePath: "/media/1/800.jpg", imageWidth: 800, imageHeight: 533, imageAlt: "A quay")
        let issue = try #require(
            try await store.makeNewsletterIssue(
                NewsletterIssueDraft(
                    newsletterID: morning.id, period: "2008-02-17", subject: "Morning: Harbour reopens",
                    stories: [story], storiesUntil: start + 100, madeAt: start + 100)))
        let messageID = "<issue-1-reader@dateline.example>"
        let queued = try await store.queueNewsletterDeliveries(
            issueID: issue.id,
            [
                NewsletterDeliveryInput(
                    subscriberID: reader.id, email: reader.email, messageID: messageID,
                    mail: StoredMail(
                        id: UUID(), payload: Data(#"{"subject":"Morning"}"#.utf8), enqueuedAt: start + 110,
                        nextAttemptAt: start + 110))
            ], at: start + 110)
        #expect(queued == 1)
        try await store.finishQueuingNewsletterIssue(id: issue.id, at: start + 120)
        // The note waiting for the next issue (making one takes the note).
        #expect(try await store.setNextNewsletterIssueNote(newsletterID: morning.id, note: "Back on Monday."))

        let first = try await store.receiveWireItem(
            WireStoreTests.item("a", subjects: [WireSubject(code: "medtop:20000630", name: "labour dispute")]),
            now: start + 200, lifetime: 86_400 * 365
        ).item
        let copy = try await store.receiveWireItem(
            WireStoreTests.item("b", source: "Coast Wire"), now: start + 210, lifetime: 86_400 * 365
        ).item
        let other = try await store.receiveWireItem(
            WireStoreTests.item(
                "c", headline: "Lighthouse relit",
                body: ["The lighthouse on the north mole was relit on Sunday after a year of repairs to its lamp room."]
            ),
            now: start + 220, lifetime: 86_400 * 365
        ).item
        #expect(copy.duplicateOf == first.id)
        let author = try #require(try await store.users().first)
        let taken = try await store.takeWireItem(
            id: other.id, as: StoryDraft.sample("Lighthouse relit"), author: author.id)
        return Made(
            morning: morning, business: business, breaking: breaking, reader: reader,
            issue: issue, deliveryMessageID: messageID,
            wire: [first, copy, try #require(try await store.wireItem(id: other.id))], takenStory: taken)
    }

    /// The target does what the source would have done with the same people, issue and items.
    static func expectWorking(_ store: Store, _ made: Made) async throws {
        let lists = try await store.newsletters()
        #expect(Set(lists.map(\.slug.rawValue)) == ["breaking", "business", "morning"])
        #expect(Set(lists.map(\.id)) == [made.morning.id, made.business.id, made.breaking.id])
        #expect(try await store.nextNewsletterIssueNote(newsletterID: made.morning.id) == "Back on Monday.")
        // Links already mailed keep working: the preference token finds the same person and lists.
        let reader = try #require(try await store.subscriber(preferenceToken: made.reader.preferenceToken))
        #expect(reader.email == "reader@example.org" && reader.status == .confirmed)
        #expect(reader.newsletterIDs == [made.morning.id, made.business.id].sorted())
        // Who left stays left: suppressed, so a re-import does not bring them back.
        #expect(try await store.suppression(email: "leaver@example.org") == .unsubscribed)
        // The confirmation link sent before the move still confirms.
        let confirmed = try await store.confirmSubscription(digest: pendingDigest, now: start + 300)
        #expect(confirmed?.email == "pending@example.org" && confirmed?.newsletterIDs == [made.morning.id])
        #expect(try await store.suppression(email: "bounced@example.com") == .bounced)
        // The issue keeps its number and period: the same morning is not made twice.
        #expect(try await store.latestNewsletterIssue(newsletterID: made.morning.id)?.number == 1)
        let repeated = try await store.makeNewsletterIssue(
            NewsletterIssueDraft(
                newsletterID: made.morning.id, period: "2008-02-17", subject: "again", stories: [],
                storiesUntil: start + 400, madeAt: start + 400))
        #expect(repeated == nil)
        // The pending copy is still checked against its subscriber before it is sent.
        #expect(try await store.newsletterDeliveryStanding(messageID: made.deliveryMessageID) == .send)
        #expect(try await store.newsletterIssueProgress(issueID: made.issue.id).queued == 1)
        // The wire queue: same items, same group, same story taken.
        for item in made.wire {
            let moved = try #require(try await store.wireItem(id: item.id))
            #expect(moved.content == item.content)
            #expect(moved.duplicateOf == item.duplicateOf && moved.storyID == item.storyID)
        }
        #expect(made.wire[2].storyID == made.takenStory.id)
        // New rows get fresh keys after the imported ones.
        let later = try await store.addNewsletter(
            NewsletterInput(name: "Evening", source: .front, fromName: "The Desk", fromAddress: "desk@example.org"),
            now: start + 500)
        #expect(later.id > made.breaking.id)
        let newer = try await store.receiveWireItem(
            WireStoreTests.item("d", headline: "Tides", body: ["Spring tides are due on Thursday along the coast."]),
            now: start + 510, lifetime: 86_400 * 365
        ).item
        #expect(newer.id > made.wire.map(\.id).max() ?? 0)
    }

    /// A confirmation link's digest as the site stores it (SHA-256 in hex); the token is never kept.
    static let pendingDigest = String(repeating: "5e", count: 32)
}
