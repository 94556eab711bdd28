import Foundation

/// A feed the newsroom follows (RSS 2.0, Atom or JSON Feed): where it is, how often it is read,
/// and what the last reads left behind (validators for a conditional GET, back-off after errors).
public struct FeedSource: Hashable, Sendable {
    public var id: Int64
    /// The feed's address (http or https).
    public var url: String
    /// The feed's own title, learnt on the first successful poll; nil until then. Items are kept
    /// in the wire queue under ``displayName``.
    public var name: String?
    /// The section the source's items are suggested for.
    public var section: String?
    /// Minutes between polls.
    public var intervalMinutes: Int
    /// Whether the feed and its pages may be fetched from private or loopback addresses.
    public var allowPrivate: Bool
    /// A paused source is never polled.
    public var paused: Bool
    /// The validators the last full answer carried, sent back on the next poll.
    public var etag: String?
    public var lastModified: String?
    /// When the source is next due.
    public var nextPollAt: Date
    /// Before this time the source is not polled at all, even on request (a Retry-After or an
    /// error's back-off); nil when it is healthy.
    public var backoffUntil: Date?
    /// Failed polls in a row.
    public var failureCount: Int
    public var lastPolledAt: Date?
    /// One line on the last poll ("2 new, 0 updated, 0 duplicates, 0 failed", or why it failed).
    public var lastResult: String?
    public var createdAt: Date

    public init(
        id: Int64, url: String, name: String?, section: String?, intervalMinutes: Int, allowPrivate: Bool,
        paused: Bool, etag: String?, lastModified: String?, nextPollAt: Date, backoffUntil: Date?, failureCount: Int,
        lastPolledAt: Date?, lastResult: String?, createdAt: Date
    ) {
        self.id = id
        self.url = url
        self.name = name
        self.section = section
        self.intervalMinutes = intervalMinutes
        self.allowPrivate = allowPrivate
        self.paused = paused
        self.etag = etag
        self.lastModified = lastModified
        self.nextPollAt = nextPollAt
        self.backoffUntil = backoffUntil
        self.failureCount = failureCount
        self.lastPolledAt = lastPolledAt
        self.lastResult = lastResult
        self.createdAt = createdAt
    }

    /// The name items from this source carry in the wire queue: the feed's title, else its host.
    public var displayName: String {
        name ?? URL(string: url)?.host ?? url
    }
}

/// What a person asks to follow.
public struct NewFeedSource: Hashable, Sendable {
    public var url: String
    public var section: String?
    public var intervalMinutes: Int
    public var allowPrivate: Bool

    public init(url: String, section: String? = nil, intervalMinutes: Int = 15, allowPrivate: Bool = false) {
        self.url = url
        self.section = section
        self.intervalMinutes = intervalMinutes
        self.allowPrivate = allowPrivate
    }
}

/// How serious a line in a source's log is.
public enum FeedLogLevel: String, Hashable, Sendable, CaseIterable {
    case info, warning, error
}

/// One line in a source's log of what happened.
public struct FeedLogEntry: Hashable, Sendable {
    public var level: FeedLogLevel
    public var message: String
    public var time: Date

    public init(level: FeedLogLevel, message: String, time: Date) {
        self.level = level
        self.message = message
        self.time = time
    }
}

/// What a poll of one source came to, for the store to record in one step.
public struct FeedPollOutcome: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The feed was read (whatever became of its items).
        case read
        /// The server answered 304 Not Modified.
        case unchanged
        /// The poll failed; `retryAfter` is the server's Retry-After when it gave one.
        case failed(retryAfter: Date?)
    }

    public var kind: Kind
    /// Validators from a full answer (kept as they were when nil after a 304 or a failure).
    public var etag: String?
    public var lastModified: String?
    /// The feed's title, remembered the first time one is seen.
    public var feedTitle: String?
    /// The summary line for the source list.
    public var result: String
    /// What happened, in order; the store keeps the newest ``SourceRules/logLimit`` per source.
    public var log: [FeedLogEntry]

    public init(
        kind: Kind, etag: String? = nil, lastModified: String? = nil, feedTitle: String? = nil, result: String,
        log: [FeedLogEntry]
    ) {
        self.kind = kind
        self.etag = etag
        self.lastModified = lastModified
        self.feedTitle = feedTitle
        self.result = result
        self.log = log
    }
}

/// What the poller remembers of one feed entry: a fingerprint of what the feed said about it
/// (so an unchanged entry's page is not fetched again) and the version it was given.
public struct FeedItemState: Hashable, Sendable {
    public var fingerprint: String
    public var version: Int

    public init(fingerprint: String, version: Int) {
        self.fingerprint = fingerprint
        self.version = version
    }
}
