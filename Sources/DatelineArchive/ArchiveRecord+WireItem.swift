import DatelineCore

extension ArchiveRecord {
    /// An item of the wire queue: the copy as the agency or page sent it, when it arrived and
    /// leaves, the group of duplicates it belongs to and the story taken from it. What the queue
    /// derives from the copy (search text, subject keys, fingerprint, word count, the address
    /// compared for duplicates) is made again on import.
    public struct WireItem: Sendable, Hashable, Codable {
        public var id: Int64
        public var format: String
        public var source: String
        public var guid: String
        public var version: Int
        public var headline: String
        public var byline: String?
        public var dateline: String?
        public var body: [String]
        public var summary: String?
        public var subjects: [WireSubject]
        public var embargoedUntil: ArchiveTime?
        public var versionCreated: ArchiveTime?
        public var url: String?
        public var canonicalURL: String?
        public var section: String?
        public var language: String?
        /// `usable`, `withheld` or `canceled`.
        public var status: String
        public var origin: String
        public var receivedAt: ArchiveTime
        public var expiresAt: ArchiveTime
        public var duplicateOf: Int64?
        public var storyID: Int64?

        public init(
            id: Int64, format: String, source: String, guid: String, version: Int, headline: String, byline: String?,
            dateline: String?, body: [String], summary: String?, subjects: [WireSubject],
            embargoedUntil: ArchiveTime?, versionCreated: ArchiveTime?, url: String?, canonicalURL: String?,
            section: String?, language: String?, status: String, origin: String, receivedAt: ArchiveTime,
            expiresAt: ArchiveTime, duplicateOf: Int64?, storyID: Int64?
        ) {
            self.id = id
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
            self.receivedAt = receivedAt
            self.expiresAt = expiresAt
            self.duplicateOf = duplicateOf
            self.storyID = storyID
        }

        enum CodingKeys: String, CodingKey {
            case id, format, source, guid, version, headline, byline, dateline, body, summary, subjects, url, section
            case language, status, origin
            case embargoedUntil = "embargoed_until"
            case versionCreated = "version_created"
            case canonicalURL = "canonical_url"
            case receivedAt = "received_at"
            case expiresAt = "expires_at"
            case duplicateOf = "duplicate_of"
            case storyID = "story_id"
        }
    }
}

extension ArchiveRecord.WireItem {
    /// The record of `item` as the queue holds it.
    public init(_ item: WireItem) {
        let copy = item.content
        self.init(
            id: item.id, format: copy.format.rawValue, source: copy.source, guid: copy.guid, version: copy.version,
            headline: copy.headline, byline: copy.byline, dateline: copy.dateline, body: copy.body,
            summary: copy.summary, subjects: copy.subjects, embargoedUntil: copy.embargoedUntil.map(ArchiveTime.init),
            versionCreated: copy.versionCreated.map(ArchiveTime.init), url: copy.url, canonicalURL: copy.canonicalURL,
            section: copy.section, language: copy.language, status: copy.status.rawValue, origin: copy.origin,
            receivedAt: ArchiveTime(item.receivedAt), expiresAt: ArchiveTime(item.expiresAt),
            duplicateOf: item.duplicateOf, storyID: item.storyID)
    }

    /// The copy as a draft the queue's rules can check, or nil when its format or status is unknown.
    public var draft: WireItemDraft? {
        guard let format = WireFormat(rawValue: format), let status = WirePublishingStatus(rawValue: status) else {
            return nil
        }
        return WireItemDraft(
            format: format, source: source, guid: guid, version: version, headline: headline, byline: byline,
            dateline: dateline, body: body, summary: summary, subjects: subjects, embargoedUntil: embargoedUntil?.date,
            versionCreated: versionCreated?.date, url: url, canonicalURL: canonicalURL, section: section,
            language: language, status: status, origin: origin)
    }
}
