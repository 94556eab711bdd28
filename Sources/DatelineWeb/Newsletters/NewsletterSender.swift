import DatelineCore
import DatelineMail
import DatelineStore
import Foundation
import Logging

/// Makes newsletter issues and queues their deliveries into the shared mail outbox: the one path
/// the scheduler, `dateline newsletters send` and the newsroom's "Send now" all take.
///
/// Exactly once: the store makes one issue per list and period whichever instance asks first,
/// and stores each delivery (unique per issue and subscriber) with its outbox message in one
/// transaction. Queuing goes in batches and can be continued by any instance after a crash; the
/// outbox's leased claims then send each message from one instance at a time.
public struct NewsletterSender: Sendable {
    public typealias Store = any StoryStore & NewsletterStore & NewsletterIssueStore

    let store: Store
    let mail: NewsletterIssueMail
    let logger: Logger
    /// How many deliveries one transaction queues.
    let batchSize: Int
    /// The real time, for the queuing heartbeat (tests move it).
    let clock: @Sendable () -> Date
    /// The most stories one issue lists.
    static let maximumStories = 40
    /// How long an issue's queuing may store nothing before another instance continues it.
    static let quietQueuing: TimeInterval = 60
    /// How far back a list's first issue looks.
    static let firstIssueWindow: TimeInterval = 24 * 3600

    /// A sender whose links point at `origin` ("https://news.example.com").
    public init(
        store: Store, origin: String, siteName: String, logger: Logger, batchSize: Int = 500,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.clock = clock
        self.store = store
        self.mail = NewsletterIssueMail(
            origin: origin.hasSuffix("/") ? String(origin.dropLast()) : origin, siteName: siteName)
        self.logger = logger
        self.batchSize = max(1, batchSize)
    }

    /// What became of a request to send a list's issue.
    public enum Outcome: Sendable, Equatable {
        /// The issue was made and `count` messages were queued.
        case queued(issue: NewsletterIssue, count: Int)
        /// No story was published since the list's last issue: nothing was made or sent.
        case noNewStories
        /// Another instance (or an earlier run) already made the issue for this period.
        case alreadyMade
        /// The list has no such source any more (a deleted list).
        case noList
    }

    // MARK: The issue's contents

    /// The stories an issue of `list` made at `now` would carry: those published since its last
    /// issue (or in the last day, for the first), newest first.
    public func stories(for list: Newsletter, now: Date) async throws -> (stories: [NewsletterIssueStory], since: Date)
    {
        let since =
            try await store.latestNewsletterIssue(newsletterID: list.id)?.storiesUntil
            ?? now.addingTimeInterval(-Self.firstIssueWindow)
        var query = StoryQuery(publishedSince: since, publishedBefore: now, limit: Self.maximumStories)
        switch list.source {
        case .front, .breaking: break
        case .section(let slug): query.section = slug
        case .topic(let slug): query.topic = slug
        }
        let found = try await store.publishedStories(query)
        var images: [Int64: MediaItem] = [:]
        if let media = store as? any MediaStore {
            images = try await media.media(ids: Set(found.compactMap(\.leadImage)))
        }
        let stories = found.map { story in
            var item = NewsletterIssueStory(
                storyID: story.id, headline: story.headline, highlights: story.highlights,
                path: SitePaths.story(story.slug), sectionName: story.section.name)
            if let id = story.leadImage, let image = images[id] {
                let jpeg = StoryImageSet.jpeg(of: image, atLeast: 600)
                item.imagePath = jpeg.path
                item.imageWidth = jpeg.width
                item.imageHeight = jpeg.height
                item.imageAlt = image.details.altText ?? ""
            }
            return item
        }
        return (stories, since)
    }

    /// The issue `list` would get now, not stored: for the newsroom's preview and test send.
    public func preview(of list: Newsletter, now: Date) async throws -> NewsletterIssue {
        let (stories, _) = try await stories(for: list, now: now)
        let next = try await store.latestNewsletterIssue(newsletterID: list.id).map { $0.number + 1 } ?? 1
        return NewsletterIssue(
            id: 0, newsletterID: list.id, number: next, period: "preview",
            subject: NewsletterIssueMail.subject(list: list, date: now),
            editorNote: try await store.nextNewsletterIssueNote(newsletterID: list.id), stories: stories,
            storiesUntil: now, madeAt: now, state: .queuing, stateNote: nil)
    }

    // MARK: Making and queuing

    /// Makes `list`'s issue for `period` and queues every delivery. The scheduler passes the
    /// day ("daily:2026-12-03"); sending by hand passes the moment.
    public func send(_ list: Newsletter, period: String, now: Date) async throws -> Outcome {
        let (stories, _) = try await stories(for: list, now: now)
        guard !stories.isEmpty else {
            logger.info("no new stories: no issue made", metadata: ["newsletter": "\(list.slug.rawValue)"])
            return .noNewStories
        }
        let draft = NewsletterIssueDraft(
            newsletterID: list.id, period: period, subject: NewsletterIssueMail.subject(list: list, date: now),
            stories: stories, storiesUntil: now, madeAt: now)
        guard let issue = try await store.makeNewsletterIssue(draft) else {
            return try await store.newsletter(id: list.id) == nil ? .noList : .alreadyMade
        }
        logger.info(
            "made a newsletter issue",
            metadata: [
                "newsletter": "\(list.slug.rawValue)", "issue": "\(issue.number)", "stories": "\(stories.count)",
            ])
        let count = try await queue(issue, now: now)
        return .queued(issue: issue, count: count)
    }

    /// `list`'s issue now, by hand: `dateline newsletters send` and the newsroom's button.
    public func sendNow(_ list: Newsletter, now: Date = Date()) async throws -> Outcome {
        try await send(list, period: "now:" + ISO8601DateFormatter().string(from: now), now: now)
    }

    /// Queues the issue's remaining deliveries in batches; returns how many this call queued.
    /// Safe to run from several instances at once: each delivery is stored once.
    @discardableResult
    public func queue(_ issue: NewsletterIssue, now: Date) async throws -> Int {
        guard let list = try await store.newsletter(id: issue.newsletterID) else { return 0 }
        // The stories are rendered once; each copy adds only its subscriber's links.
        let shared: NewsletterIssueMail.Shared
        do {
            shared = try mail.shared(issue: issue, list: list)
        } catch {
            logger.error(
                "cannot build the list's newsletter messages; nothing queued",
                metadata: ["newsletter": "\(list.slug.rawValue)", "error": "\(error)"])
            throw error
        }
        let encoder = JSONEncoder()
        var after: Int64 = 0
        var total = 0
        while true {
            let recipients = try await store.unqueuedNewsletterRecipients(
                issueID: issue.id, afterSubscriberID: after, limit: batchSize)
            guard let last = recipients.last else { break }
            after = last.subscriberID
            var deliveries: [NewsletterDeliveryInput] = []
            deliveries.reserveCapacity(recipients.count)
            for recipient in recipients {
                do {
                    let outgoing = try mail.message(shared, issue: issue, list: list, to: recipient, date: now)
                    let stored = StoredMail(
                        id: UUID(), payload: try encoder.encode(outgoing), enqueuedAt: now, nextAttemptAt: now)
                    deliveries.append(
                        NewsletterDeliveryInput(
                            subscriberID: recipient.subscriberID, email: recipient.email,
                            messageID: outgoing.messageID, mail: stored))
                } catch {
                    logger.error(
                        "cannot build a newsletter message; that subscriber is skipped",
                        metadata: ["subscriber": "\(recipient.subscriberID)", "error": "\(error)"])
                }
            }
            // Stamped with the real time, not the issue's: the schedulers' sign that this queuer is alive.
            total += try await store.queueNewsletterDeliveries(issueID: issue.id, deliveries, at: clock())
        }
        try await store.finishQueuingNewsletterIssue(id: issue.id, at: now)
        logger.info(
            "queued a newsletter issue",
            metadata: ["newsletter": "\(list.slug.rawValue)", "issue": "\(issue.number)", "messages": "\(total)"])
        return total
    }

    // MARK: The schedule

    /// The period key of `list`'s scheduled issue at `now`, or nil when its send time has not
    /// come yet today (in its time zone) or it has no schedule.
    static func duePeriod(of list: Newsletter, now: Date) -> String? {
        guard let minute = list.sendMinute, let zone = TimeZone(identifier: list.timeZone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: now)
        guard (parts.hour ?? 0) * 60 + (parts.minute ?? 0) >= minute else { return nil }
        return String(format: "daily:%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// One scheduler pass: makes and queues every list's issue that is due, and finishes queuing
    /// any issue an instance left half-queued. Returns the issues made.
    @discardableResult
    public func runDue(now: Date = Date()) async -> [NewsletterIssue] {
        var made: [NewsletterIssue] = []
        do {
            // An issue whose queuer stored no batch for a while was left half-queued (a crash, a
            // restart): continue it. One still making progress is left to its queuer.
            for issue in try await store.newsletterIssuesBeingQueued(
                quietSince: now.addingTimeInterval(-Self.quietQueuing))
            {
                logger.warning(
                    "continuing a newsletter issue whose queuing stopped",
                    metadata: ["issue": "\(issue.id)", "newsletter": "\(issue.newsletterID)"])
                try await queue(issue, now: now)
            }
            for list in try await store.newsletters() {
                guard let period = Self.duePeriod(of: list, now: now) else { continue }
                // Made already today? The store would refuse, but skipping saves the story query.
                if let latest = try await store.latestNewsletterIssue(newsletterID: list.id), latest.period == period {
                    continue
                }
                if case .queued(let issue, _) = try await send(list, period: period, now: now) { made.append(issue) }
            }
        } catch {
            logger.error("newsletter scheduling failed; will retry", metadata: ["error": "\(error)"])
        }
        return made
    }
}
