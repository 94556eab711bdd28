import DatelineCore
import Foundation

/// Newsletter issues and their deliveries: what was sent to whom, kept so that each subscriber
/// gets each issue exactly once however many instances make and send it.
///
/// An issue is unique per list and period (two instances making the 7:00 briefing at once make
/// one issue); a delivery is unique per issue and subscriber, and is stored in the same
/// transaction as the outbox message that carries it, so a delivery never exists without its
/// message nor its message twice. The outbox's lease-based claim then hands each message to one
/// sender at a time.
public protocol NewsletterIssueStore: Sendable {
    /// Makes issue number n+1 of `draft.newsletterID` for `draft.period`, taking the list's
    /// editor's note for the next issue (which is then cleared). Nil when the list already has an
    /// issue for that period (another instance made it) or the list no longer exists.
    func makeNewsletterIssue(_ draft: NewsletterIssueDraft) async throws(StoreError) -> NewsletterIssue?

    /// The list's newest issue, nil before the first.
    func latestNewsletterIssue(newsletterID: Int64) async throws(StoreError) -> NewsletterIssue?

    /// The list's issues, newest first.
    func newsletterIssues(newsletterID: Int64, limit: Int, offset: Int) async throws(StoreError) -> [NewsletterIssue]

    /// Issue `number` of the list; nil when there is none.
    func newsletterIssue(newsletterID: Int64, number: Int) async throws(StoreError) -> NewsletterIssue?

    /// Issue by key; nil when there is none.
    func newsletterIssue(id: Int64) async throws(StoreError) -> NewsletterIssue?

    /// Issues whose deliveries are still being queued and whose queuing made no progress since
    /// `quietSince` (no batch stored since then, or, before the first batch, made before then):
    /// their queuer has probably stopped, and any instance may continue them.
    func newsletterIssuesBeingQueued(quietSince: Date) async throws(StoreError) -> [NewsletterIssue]

    /// Up to `limit` confirmed, unpaused, unsuppressed subscribers of the issue's list who have
    /// no delivery of it yet, in key order after `afterSubscriberID`.
    func unqueuedNewsletterRecipients(issueID: Int64, afterSubscriberID: Int64, limit: Int)
        async throws(StoreError) -> [NewsletterRecipient]

    /// Stores each delivery with its outbox message in one transaction; a delivery that already
    /// exists (another instance queued it) is skipped with its message. Returns how many were new.
    /// Nothing is stored when the issue was cancelled. Stamps the issue's queuing as alive at
    /// `time` (see ``newsletterIssuesBeingQueued(quietSince:)``), even when every delivery existed.
    @discardableResult
    func queueNewsletterDeliveries(issueID: Int64, _ deliveries: [NewsletterDeliveryInput], at time: Date)
        async throws(StoreError) -> Int

    /// Records that every delivery of the issue is queued.
    func finishQueuingNewsletterIssue(id: Int64, at time: Date) async throws(StoreError)

    /// Whether the newsletter message with this Message-ID may still go out: its issue is not
    /// cancelled, and its subscriber is confirmed, unpaused, unsuppressed and still on the list.
    /// Nil when the Message-ID is no newsletter delivery.
    func newsletterDeliveryStanding(messageID: String) async throws(StoreError) -> NewsletterDeliveryStanding?

    /// How the issue's deliveries stand.
    func newsletterIssueProgress(issueID: Int64) async throws(StoreError) -> NewsletterProgress

    /// How every issue's deliveries stand together, for `/metrics`.
    func newsletterProgressTotals() async throws(StoreError) -> NewsletterProgress

    /// Makes the issue's in-doubt deliveries (see ``MailCounts/inDoubt``) pending again, due at
    /// `now`, for an editor who prefers a possible second copy to a possibly missing one. Returns
    /// how many.
    func resendInDoubtNewsletterDeliveries(issueID: Int64, now: Date) async throws(StoreError) -> Int

    /// The editor's note the list's next issue will open with ("" for none).
    func nextNewsletterIssueNote(newsletterID: Int64) async throws(StoreError) -> String

    /// Replaces that note; false when there is no such list.
    @discardableResult
    func setNextNewsletterIssueNote(newsletterID: Int64, note: String) async throws(StoreError) -> Bool
}

/// What the maker of an issue gives the store.
public struct NewsletterIssueDraft: Sendable, Hashable {
    public var newsletterID: Int64
    /// The sending period the issue belongs to ("daily:2026-12-03", "now:2026-12-03T09:14:05Z").
    public var period: String
    public var subject: String
    public var stories: [NewsletterIssueStory]
    /// Stories published before this time are in this issue or an earlier one.
    public var storiesUntil: Date
    public var madeAt: Date

    public init(
        newsletterID: Int64, period: String, subject: String, stories: [NewsletterIssueStory], storiesUntil: Date,
        madeAt: Date
    ) {
        self.newsletterID = newsletterID
        self.period = period
        self.subject = subject
        self.stories = stories
        self.storiesUntil = storiesUntil
        self.madeAt = madeAt
    }
}

/// One story as an issue shows it, kept with the issue so the web version and the archive show
/// what was sent even after the story changes.
public struct NewsletterIssueStory: Sendable, Hashable, Codable {
    public var storyID: Int64
    public var headline: String
    public var highlights: [String]
    /// The story's path on the site ("/2026/12/03/slug").
    public var path: String
    public var sectionName: String
    /// The lead image's path, with its size and alt text, when the story has one.
    public var imagePath: String?
    public var imageWidth: Int?
    public var imageHeight: Int?
    public var imageAlt: String?

    public init(
        storyID: Int64, headline: String, highlights: [String], path: String, sectionName: String,
        imagePath: String? = nil, imageWidth: Int? = nil, imageHeight: Int? = nil, imageAlt: String? = nil
    ) {
        self.storyID = storyID
        self.headline = headline
        self.highlights = highlights
        self.path = path
        self.sectionName = sectionName
        self.imagePath = imagePath
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.imageAlt = imageAlt
    }
}

/// An issue as stored.
public struct NewsletterIssue: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var newsletterID: Int64
    /// 1 for the list's first issue.
    public var number: Int
    public var period: String
    public var subject: String
    public var editorNote: String
    public var stories: [NewsletterIssueStory]
    public var storiesUntil: Date
    public var madeAt: Date
    public var state: NewsletterIssueState
    /// Why the issue stopped, for a cancelled one.
    public var stateNote: String?

    public init(
        id: Int64, newsletterID: Int64, number: Int, period: String, subject: String, editorNote: String,
        stories: [NewsletterIssueStory], storiesUntil: Date, madeAt: Date, state: NewsletterIssueState,
        stateNote: String?
    ) {
        self.id = id
        self.newsletterID = newsletterID
        self.number = number
        self.period = period
        self.subject = subject
        self.editorNote = editorNote
        self.stories = stories
        self.storiesUntil = storiesUntil
        self.madeAt = madeAt
        self.state = state
        self.stateNote = stateNote
    }
}

/// Where an issue's queuing stands.
public enum NewsletterIssueState: String, Sendable, Hashable {
    /// Deliveries are still being added to the outbox.
    case queuing
    /// Every delivery is in the outbox.
    case queued
    /// The list was deleted; unsent deliveries were cancelled.
    case cancelled
}

/// A subscriber an issue is still to be queued for.
public struct NewsletterRecipient: Sendable, Hashable {
    public var subscriberID: Int64
    public var email: String
    public var preferenceToken: String

    public init(subscriberID: Int64, email: String, preferenceToken: String) {
        self.subscriberID = subscriberID
        self.email = email
        self.preferenceToken = preferenceToken
    }
}

/// A delivery to store, with the outbox message that carries it.
public struct NewsletterDeliveryInput: Sendable, Hashable {
    public var subscriberID: Int64
    public var email: String
    public var messageID: String
    public var mail: StoredMail

    public init(subscriberID: Int64, email: String, messageID: String, mail: StoredMail) {
        self.subscriberID = subscriberID
        self.email = email
        self.messageID = messageID
        self.mail = mail
    }
}

/// Whether a queued newsletter message may still be sent, and if not, why.
public enum NewsletterDeliveryStanding: Sendable, Hashable {
    case send
    case listDeleted
    case notSubscribed
}

/// How deliveries stand: in the outbox untried, sent, tried and waiting to retry, given up, or
/// cancelled before sending.
public struct NewsletterProgress: Sendable, Hashable {
    public var queued: Int
    public var sent: Int
    public var deferred: Int
    public var failed: Int
    public var cancelled: Int
    /// Handed to the server by an instance that stopped before it heard back (see ``MailCounts/inDoubt``).
    public var inDoubt: Int

    public init(
        queued: Int = 0, sent: Int = 0, deferred: Int = 0, failed: Int = 0, cancelled: Int = 0, inDoubt: Int = 0
    ) {
        self.queued = queued
        self.sent = sent
        self.deferred = deferred
        self.failed = failed
        self.cancelled = cancelled
        self.inDoubt = inDoubt
    }

    public var total: Int { queued + sent + deferred + failed + cancelled + inDoubt }

    /// What the outbox error of a delivery stopped on purpose (not failed) contains.
    public static let cancelledMarker = "newsletter delivery cancelled: "

    /// Adds `times` deliveries of the kind ``progressCase`` computed.
    mutating func add(kind: String, times: Int) {
        switch kind {
        case "sent": sent += times
        case "failed": failed += times
        case "cancelled": cancelled += times
        case "deferred": deferred += times
        case "in_doubt": inDoubt += times
        default: queued += times
        }
    }

    /// The SQL expression (both backends) that sorts an outbox row `o` into one of the kinds.
    static let progressCase = """
        CASE WHEN o.state = 'sent' THEN 'sent'
            WHEN o.state = 'in_doubt' THEN 'in_doubt'
            WHEN o.state = 'failed' AND o.last_error LIKE '%newsletter delivery cancelled: %' THEN 'cancelled'
            WHEN o.state = 'failed' THEN 'failed'
            WHEN o.last_error IS NULL THEN 'queued'
            ELSE 'deferred' END
        """

    /// The outbox error of deliveries stopped because their list was deleted.
    public static let listDeletedError = cancelledMarker + "the newsletter was deleted before this message was sent"
    /// What a cancelled issue says.
    public static let listDeletedNote =
        "The newsletter was deleted while this issue was being sent; its unsent messages were cancelled."
}
