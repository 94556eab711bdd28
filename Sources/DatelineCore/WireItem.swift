import Foundation

/// The formats wire copy arrives in.
public enum WireFormat: String, Hashable, Sendable, Codable, CaseIterable {
    /// IPTC ninjs 2.0 JSON.
    case ninjs
    /// An IPTC NewsML-G2 `newsItem`.
    case newsML = "newsml-g2"
    /// A page followed from a feed and extracted.
    case page
}

/// A subject an item is about, as the agency coded it.
public struct WireSubject: Hashable, Sendable, Codable {
    /// The code as a QCode ("medtop:20000763" for an IPTC Media Topic) or the URI given; nil when
    /// the subject is a plain name.
    public var code: String?
    /// The name the agency gave; nil when it gave only a code.
    public var name: String?

    public init(code: String?, name: String?) {
        self.code = code?.trimmingWhitespace().nilIfEmpty
        self.name = name?.collapsingWhitespace().nilIfEmpty
    }

    /// True for an IPTC Media Topics code.
    public var isMediaTopic: Bool { code?.hasPrefix("medtop:") == true }

    /// What the queue shows: the name, else the code.
    public var label: String { name ?? code ?? "" }
}

/// Whether the agency says an item may be used.
public enum WirePublishingStatus: String, Hashable, Sendable, Codable {
    case usable, withheld, canceled
}

/// One item as a reader made it from agency copy or a followed page, before the wire queue keeps it.
public struct WireItemDraft: Hashable, Sendable, Codable {
    public var format: WireFormat
    /// Who sent it ("Example Press"): the provider, the feed's name or the page's host.
    public var source: String
    /// The sender's identifier for the item (ninjs `uri`, NewsML-G2 `guid`, a feed's guid); all
    /// versions of an item share it.
    public var guid: String
    /// The item's version; a higher one replaces a lower one with the same guid in the queue.
    public var version: Int
    public var headline: String
    public var byline: String?
    /// Where the copy was filed ("LONDON").
    public var dateline: String?
    /// Paragraphs of plain text.
    public var body: [String]
    public var summary: String?
    public var subjects: [WireSubject]
    /// Before this time the item must not be published; nil when it is not embargoed.
    public var embargoedUntil: Date?
    /// When the sender made this version.
    public var versionCreated: Date?
    /// The page the item was read from, when it came from the web.
    public var url: String?
    /// The address the sender names as the item's own.
    public var canonicalURL: String?
    /// A section the sender or the source's settings suggest.
    public var section: String?
    public var language: String?
    public var status: WirePublishingStatus
    /// Where the item was read from: a file path or a URL, for the item's origin line.
    public var origin: String

    public init(
        format: WireFormat, source: String, guid: String, version: Int = 1, headline: String, byline: String? = nil,
        dateline: String? = nil, body: [String], summary: String? = nil, subjects: [WireSubject] = [],
        embargoedUntil: Date? = nil, versionCreated: Date? = nil, url: String? = nil, canonicalURL: String? = nil,
        section: String? = nil, language: String? = nil, status: WirePublishingStatus = .usable, origin: String
    ) {
        self.format = format
        self.source = source
        self.guid = guid
        self.version = version
        self.headline = headline
        self.byline = byline
        self.dateline = dateline
        self.body = body
        self.summary = summary
        self.subjects = subjects
        self.embargoedUntil = embargoedUntil
        self.versionCreated = versionCreated
        self.url = url
        self.canonicalURL = canonicalURL
        self.section = section
        self.language = language
        self.status = status
        self.origin = origin
    }
}

/// An item in the wire queue.
public struct WireItem: Hashable, Sendable {
    public var id: Int64
    public var content: WireItemDraft
    /// When this version arrived.
    public var receivedAt: Date
    /// When the queue drops the item.
    public var expiresAt: Date
    /// The first item of the group this one duplicates; nil when it is the first.
    public var duplicateOf: Int64?
    /// The story made from this item ("Take as draft"); nil when none was.
    public var storyID: Int64?

    public init(
        id: Int64, content: WireItemDraft, receivedAt: Date, expiresAt: Date, duplicateOf: Int64?, storyID: Int64?
    ) {
        self.id = id
        self.content = content
        self.receivedAt = receivedAt
        self.expiresAt = expiresAt
        self.duplicateOf = duplicateOf
        self.storyID = storyID
    }

    /// The line a story taken from this item credits the sender with.
    public var creditLine: String { "Source: \(content.source)" }
}
