import DatelineCore
import Foundation

/// E-mail newsletters: the lists editors define, the readers who subscribe to them with double
/// opt-in, and the addresses that must never be mailed again.
///
/// Consent is kept here so every instance agrees on it: a confirmation link works once, an
/// address is sent at most one confirmation a day, and a suppressed address stays suppressed
/// whatever is imported later.
public protocol NewsletterStore: Sendable {
    // MARK: Lists

    /// Every list, by name, with its confirmed subscriber count.
    func newsletters() async throws(StoreError) -> [Newsletter]

    /// True when at least one list exists: the reader site offers the subscribe form only then.
    /// One cheap query, since every page's footer asks.
    func hasNewsletters() async throws(StoreError) -> Bool

    /// The list with this key; nil when there is none.
    func newsletter(id: Int64) async throws(StoreError) -> Newsletter?

    /// The list at `/newsletters/{slug}`; nil when there is none.
    func newsletter(slug: Slug) async throws(StoreError) -> Newsletter?

    /// Adds a list. Refused (``StoreError/invalid(_:)``, nothing stored) for an empty or too long
    /// name or description, a taken or reserved address, an unknown section or topic, a send time
    /// that is not "HH:MM", an unknown time zone or a bad from address.
    @discardableResult
    func addNewsletter(_ input: NewsletterInput, now: Date) async throws(StoreError) -> Newsletter

    /// Replaces list `id`'s settings; refused as ``addNewsletter(_:now:)`` is.
    @discardableResult
    func updateNewsletter(id: Int64, with input: NewsletterInput) async throws(StoreError) -> Newsletter

    /// Deletes list `id` and its subscriptions; false when there was none.
    @discardableResult
    func deleteNewsletter(id: Int64) async throws(StoreError) -> Bool

    // MARK: Consent

    /// Records that someone asked for lists `newsletterIDs` for `email`: what the confirmation
    /// link (whose SHA-256 digest is `confirmationDigest`) will subscribe when opened before
    /// `expiresAt`. Nothing is stored and no mail should be sent when the address is suppressed
    /// for a bounce or complaint, or was sent a confirmation in the 24 hours before `now`.
    func requestSubscription(
        email: String, newsletterIDs: [Int64], confirmationDigest: String, now: Date, expiresAt: Date
    ) async throws(StoreError) -> SubscriptionRequestOutcome

    /// Opens a confirmation link: subscribes the lists asked for, lifts an unsubscribe
    /// suppression (the person asked again), and makes the link unusable. Nil for an unknown,
    /// used or expired link.
    func confirmSubscription(digest: String, now: Date) async throws(StoreError) -> NewsletterSubscriber?

    /// The subscriber whose preference link carries `token`; nil when none does.
    func subscriber(preferenceToken token: String) async throws(StoreError) -> NewsletterSubscriber?

    /// The confirmed subscriber with this address; nil when there is none.
    func subscriber(email: String) async throws(StoreError) -> NewsletterSubscriber?

    /// Replaces a confirmed subscriber's lists and pause; leaving every list is unsubscribing.
    /// Nil for an unknown token.
    func updatePreferences(preferenceToken token: String, newsletterIDs: [Int64], paused: Bool, now: Date)
        async throws(StoreError) -> NewsletterSubscriber?

    /// Unsubscribes from list `newsletterID`, or from every list when nil (RFC 8058 one-click and
    /// the preference page's "leave"). Leaving the last list suppresses the address. Nil for an
    /// unknown token; doing it twice changes nothing.
    func unsubscribe(preferenceToken token: String, newsletterID: Int64?, now: Date)
        async throws(StoreError) -> NewsletterSubscriber?

    /// Never mails `email` again (hard bounce, complaint, an unsubscribe recorded elsewhere);
    /// removes its subscriptions. A second call keeps the first reason.
    func suppress(email: String, reason: SuppressionReason, now: Date) async throws(StoreError)

    /// Why `email` is suppressed; nil when it is not.
    func suppression(email: String) async throws(StoreError) -> SuppressionReason?

    /// Deletes people who never confirmed and whose link expired before `now`, and forgets expired
    /// links of confirmed subscribers; returns how many people were deleted.
    @discardableResult
    func purgeUnconfirmedSubscribers(now: Date) async throws(StoreError) -> Int

    // MARK: Administration (the admin API, CSV import and export)

    /// A page of list `newsletterID`'s people, by address: its confirmed and paused subscribers
    /// and those who asked for it and have not confirmed yet, each with any suppression.
    func members(ofNewsletter newsletterID: Int64, limit: Int, offset: Int) async throws(StoreError)
        -> [NewsletterMember]

    /// Adds people who consented elsewhere to list `newsletterID` as confirmed subscribers, all in
    /// one transaction. A suppressed address (unsubscribed, bounced, complained) is never added;
    /// an address already on the list is left as it is. Refused (``StoreError/invalid(_:)``,
    /// nothing stored) when an entry is not an address; ``StoreError/notFound(id:)`` for an
    /// unknown list.
    func importSubscribers(_ entries: [NewsletterImportEntry], toNewsletter newsletterID: Int64, now: Date)
        async throws(StoreError) -> NewsletterImportTally

    /// Takes `email` off list `newsletterID` (or out of a confirmation still pending for it),
    /// without suppressing it: the person may be added again. False when it was not on the list.
    @discardableResult
    func removeSubscriber(email: String, fromNewsletter newsletterID: Int64) async throws(StoreError) -> Bool

    /// A page of the suppression list, newest first.
    func suppressions(limit: Int, offset: Int) async throws(StoreError) -> [NewsletterSuppression]
}

/// Where a newsletter's stories come from.
public enum NewsletterSource: Sendable, Hashable {
    /// The front page: every published story.
    case front
    /// One section's stories.
    case section(Slug)
    /// One topic's stories.
    case topic(Slug)
    /// Sent by hand when news breaks; it has no schedule.
    case breaking

    /// The stored kind.
    public var kind: String {
        switch self {
        case .front: "front"
        case .section: "section"
        case .topic: "topic"
        case .breaking: "breaking"
        }
    }
}

/// What editors type for a list.
public struct NewsletterInput: Sendable, Hashable {
    public var name: String
    /// The address wanted; nil to make it from the name.
    public var slug: String?
    public var description: String
    public var source: NewsletterSource
    /// "HH:MM" in `timeZone`, 24-hour; ignored for a breaking list.
    public var sendTime: String
    /// An IANA time zone ("Europe/London").
    public var timeZone: String
    public var fromName: String
    public var fromAddress: String

    public init(
        name: String, slug: String? = nil, description: String = "", source: NewsletterSource,
        sendTime: String = "07:00", timeZone: String = "UTC", fromName: String, fromAddress: String
    ) {
        self.name = name
        self.slug = slug
        self.description = description
        self.source = source
        self.sendTime = sendTime
        self.timeZone = timeZone
        self.fromName = fromName
        self.fromAddress = fromAddress
    }
}

/// A list as the site and the newsroom show it.
public struct Newsletter: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var slug: Slug
    public var name: String
    public var description: String
    public var source: NewsletterSource
    /// The section's or topic's name, for a list made from one.
    public var sourceName: String?
    /// Minutes after local midnight it is sent; nil for a breaking list.
    public var sendMinute: Int?
    public var timeZone: String
    public var fromName: String
    public var fromAddress: String
    /// Confirmed, unpaused subscribers.
    public var subscriberCount: Int
    public var createdAt: Date

    public init(
        id: Int64, slug: Slug, name: String, description: String, source: NewsletterSource, sourceName: String?,
        sendMinute: Int?, timeZone: String, fromName: String, fromAddress: String, subscriberCount: Int,
        createdAt: Date
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.description = description
        self.source = source
        self.sourceName = sourceName
        self.sendMinute = sendMinute
        self.timeZone = timeZone
        self.fromName = fromName
        self.fromAddress = fromAddress
        self.subscriberCount = subscriberCount
        self.createdAt = createdAt
    }

    /// "07:30", or nil for a breaking list.
    public var sendTime: String? {
        sendMinute.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) }
    }
}

/// What became of a subscription request.
public enum SubscriptionRequestOutcome: Sendable, Hashable {
    /// Send the confirmation mail now (the only mail an unconfirmed address gets).
    case sendConfirmation(email: String)
    /// A confirmation went to this address in the last 24 hours: send nothing.
    case alreadySentToday
    /// The address bounced or complained: send nothing, ever.
    case suppressed
}

/// Someone on the lists.
public struct NewsletterSubscriber: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The address as stored: trimmed, lower case.
    public var email: String
    public var status: SubscriberStatus
    public var paused: Bool
    /// The lists they get, by key.
    public var newsletterIDs: [Int64]
    /// The secret in their preference and unsubscribe links.
    public var preferenceToken: String
    public var createdAt: Date
    public var confirmedAt: Date?

    public init(
        id: Int64, email: String, status: SubscriberStatus, paused: Bool, newsletterIDs: [Int64],
        preferenceToken: String, createdAt: Date, confirmedAt: Date?
    ) {
        self.id = id
        self.email = email
        self.status = status
        self.paused = paused
        self.newsletterIDs = newsletterIDs
        self.preferenceToken = preferenceToken
        self.createdAt = createdAt
        self.confirmedAt = confirmedAt
    }
}

/// Where a subscriber stands.
public enum SubscriberStatus: String, Sendable, Hashable {
    /// Asked, never confirmed: gets nothing but the one confirmation mail.
    case pending
    /// Confirmed: gets the lists they chose unless paused.
    case confirmed
    /// Unsubscribed from everything.
    case left
}

/// Why an address is never mailed again.
public enum SuppressionReason: String, Sendable, Hashable, CaseIterable {
    case unsubscribed
    case bounced
    case complained
}
