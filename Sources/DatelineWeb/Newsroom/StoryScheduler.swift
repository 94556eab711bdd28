import DatelineCore
import DatelineStore
import Foundation
import Logging

/// Publishes scheduled stories when their time comes, empties the trash of stories deleted more
/// than 30 days ago, forgets newsletter subscribers who never confirmed and clears the wire queue
/// of expired items, with no page traffic needed. Every server process may run one: the store
/// hands each due story to exactly one of them, and purging twice deletes nothing twice.
public struct StoryScheduler: Sendable {
    /// The store to publish in.
    public let store: any NewsroomStore
    /// How often to look for due stories.
    public let interval: Duration
    /// Receives one line per story published and any failure.
    public let logger: Logger

    /// Makes a scheduler; a 15-second interval puts a story live within 15 seconds of its time.
    public init(store: any NewsroomStore, interval: Duration = .seconds(15), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// Publishes what is due now; returns the stories this call published.
    @discardableResult
    public func runOnce(now: Date = Date()) async -> [Int64] {
        do {
            let published = try await store.publishDueStories(now: now)
            for story in published {
                logger.info("published a scheduled story", metadata: ["story": "\(story.id)", "slug": "\(story.slug)"])
            }
            await purgeTrash(now: now)
            await forgetUnconfirmedSubscribers(now: now)
            await expireWire(now: now)
            return published.map(\.id)
        } catch {
            logger.error("scheduled publishing failed; will retry", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Deletes for good the stories whose 30 days in the trash are over; returns how many.
    @discardableResult
    public func purgeTrash(now: Date = Date()) async -> Int {
        do {
            let purged = try await store.purgeTrash(trashedBefore: now - TrashPolicy.retention)
            if purged > 0 { logger.info("emptied the trash of old stories", metadata: ["stories": "\(purged)"]) }
            return purged
        } catch {
            logger.error("emptying the trash failed; will retry", metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// Deletes newsletter subscribers who never confirmed and whose link has expired; returns how many.
    @discardableResult
    public func forgetUnconfirmedSubscribers(now: Date = Date()) async -> Int {
        guard let letters = store as? any NewsletterStore else { return 0 }
        do {
            let forgotten = try await letters.purgeUnconfirmedSubscribers(now: now)
            if forgotten > 0 {
                logger.info("forgot unconfirmed newsletter subscribers", metadata: ["subscribers": "\(forgotten)"])
            }
            return forgotten
        } catch {
            logger.error("forgetting unconfirmed subscribers failed; will retry", metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// Removes wire items whose time in the queue is over; returns how many. Two instances doing
    /// it at once delete each item once.
    @discardableResult
    public func expireWire(now: Date = Date()) async -> Int {
        guard let wire = store as? any WireStore else { return 0 }
        do {
            let expired = try await wire.expireWireItems(now: now)
            if expired > 0 { logger.info("removed expired wire items", metadata: ["items": "\(expired)"]) }
            return expired
        } catch {
            logger.error("expiring wire items failed; will retry", metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// Checks every ``interval`` until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await runOnce()
            try? await Task.sleep(for: interval)
        }
    }
}
