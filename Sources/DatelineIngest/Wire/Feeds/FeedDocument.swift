import Crypto
import DatelineCore
import Foundation

/// The kinds of feed Dateline follows.
public enum FeedFormat: String, Hashable, Sendable {
    case rss = "RSS 2.0"
    case atom = "Atom"
    case jsonFeed = "JSON Feed"
}

/// One entry of a feed as the poller needs it.
public struct FeedEntry: Hashable, Sendable {
    /// The feed's identifier for the entry (RSS guid, Atom id, JSON Feed id), else its link;
    /// nil when it has neither.
    public var guid: String?
    /// The entry's page (absolute http or https), nil when it names none.
    public var link: String?
    public var title: String?
    /// The feed's summary or content, as paragraphs of plain text.
    public var summary: [String]
    public var author: String?
    public var published: Date?
    public var updated: Date?

    public init(
        guid: String?, link: String?, title: String?, summary: [String] = [], author: String? = nil,
        published: Date? = nil, updated: Date? = nil
    ) {
        self.guid = guid
        self.link = link
        self.title = title
        self.summary = summary
        self.author = author
        self.published = published
        self.updated = updated
    }

    /// What the feed says about the entry, hashed: when it changes, the entry changed.
    public var fingerprint: String {
        let time = ISO8601DateFormatter()
        let parts = [
            guid ?? "", link ?? "", title ?? "", summary.joined(separator: "\n"), author ?? "",
            published.map { time.string(from: $0) } ?? "", updated.map { time.string(from: $0) } ?? "",
        ]
        return Self.fingerprint(of: parts)
    }

    /// The SHA-256, in hex, of `parts` joined by a unit separator: what the poller keeps to tell
    /// whether a feed entry or an agency item changed since the last poll.
    public static func fingerprint(of parts: [String]) -> String {
        SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).lowercaseHex
    }

    /// The time the entry was last changed, as far as the feed says.
    public var time: Date? { updated ?? published }
}

/// A feed read: its kind, title, the entries taken (newest first, at most the reader's cap) and
/// lines for the source's log about what was set aside.
public struct FeedDocument: Hashable, Sendable {
    public var format: FeedFormat
    public var title: String?
    public var entries: [FeedEntry]
    /// How many entries the feed held before the cap.
    public var totalEntries: Int
    /// Things a person may want to know (an unreadable date, entries beyond the cap).
    public var notes: [String]

    public init(format: FeedFormat, title: String?, entries: [FeedEntry], totalEntries: Int, notes: [String]) {
        self.format = format
        self.title = title
        self.entries = entries
        self.totalEntries = totalEntries
        self.notes = notes
    }
}

/// A Retry-After header's time: a number of seconds from `now`, or an HTTP date; nil when the
/// value is neither.
public func retryAfterDate(_ value: String?, now: Date) -> Date? {
    guard let value = value?.trimmingWhitespace(), !value.isEmpty else { return nil }
    if let seconds = Int(value), seconds >= 0 { return now + TimeInterval(seconds) }
    return FeedDates.rfc822(value)
}
