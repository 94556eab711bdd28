/// How many records of each kind an archive holds.
public struct ArchiveCounts: Sendable, Hashable, Codable, CustomStringConvertible {
    public var sections = 0
    public var topics = 0
    public var users = 0
    /// Author profiles; archives written before authors existed have none (and no count).
    public var authors = 0
    public var stories = 0
    public var revisions = 0
    public var corrections = 0
    public var apiTokens = 0
    public var mail = 0
    /// Media library items (version 3 on; a version 2 trailer has no such count, read as 0).
    public var media = 0
    /// Followed sources; archives written before sources were carried have none (and no count).
    public var sources = 0
    // Newsletters with their people and issues, and the wire queue: archives written before
    // they were carried have none of them (and no counts).
    public var newsletters = 0
    public var subscribers = 0
    public var suppressions = 0
    public var departures = 0
    public var newsletterIssues = 0
    public var deliveries = 0
    public var wireItems = 0

    public init() {}

    /// Counts `record` under its kind; the header and the trailer are not counted.
    public mutating func count(_ record: ArchiveRecord) {
        switch record {
        case .header, .trailer: break
        case .section: sections += 1
        case .topic: topics += 1
        case .user: users += 1
        case .author: authors += 1
        case .story: stories += 1
        case .revision: revisions += 1
        case .correction: corrections += 1
        case .apiToken: apiTokens += 1
        case .mail: mail += 1
        case .media: media += 1
        case .source: sources += 1
        case .newsletter: newsletters += 1
        case .subscriber: subscribers += 1
        case .suppression: suppressions += 1
        case .departure: departures += 1
        case .newsletterIssue: newsletterIssues += 1
        case .delivery: deliveries += 1
        case .wireItem: wireItems += 1
        }
    }

    /// "28 stories, 40 revisions, 2 users, …".
    public var description: String {
        func counted(_ number: Int, _ one: String, _ many: String) -> String {
            "\(number) \(number == 1 ? one : many)"
        }
        let optional: [(Int, String, String)] = [
            (newsletters, "newsletter", "newsletters"),
            (subscribers, "subscriber", "subscribers"),
            (suppressions, "suppressed address", "suppressed addresses"),
            (departures, "departure", "departures"),
            (newsletterIssues, "newsletter issue", "newsletter issues"),
            (deliveries, "delivery in flight", "deliveries in flight"),
            (wireItems, "wire item", "wire items"),
        ]
        return [
            counted(stories, "story", "stories"), counted(revisions, "revision", "revisions"),
            counted(corrections, "correction", "corrections"), counted(users, "user", "users"),
            counted(apiTokens, "API token", "API tokens"), counted(sections, "section", "sections"),
            counted(topics, "topic", "topics"), counted(mail, "pending message", "pending messages"),
            counted(media, "media item", "media items"),
        ].joined(separator: ", ") + (authors > 0 ? ", " + counted(authors, "author", "authors") : "")
            + (sources > 0 ? ", " + counted(sources, "followed source", "followed sources") : "")
            + optional.compactMap { number, one, many in number > 0 ? ", " + counted(number, one, many) : nil }.joined()
    }

    /// The kinds whose numbers differ from a trailer's, as "4 stories but the trailer counts 5",
    /// for a message saying what went missing.
    public func differences(fromTrailer other: ArchiveCounts) -> [String] {
        let kinds: [(KeyPath<ArchiveCounts, Int>, String)] = [
            (\.sections, "sections"), (\.topics, "topics"), (\.users, "users"), (\.authors, "authors"),
            (\.stories, "stories"),
            (\.revisions, "revisions"), (\.corrections, "corrections"), (\.apiTokens, "API tokens"),
            (\.mail, "pending messages"), (\.media, "media items"), (\.sources, "followed sources"),
            (\.newsletters, "newsletters"),
            (\.subscribers, "subscribers"),
            (\.suppressions, "suppressed addresses"),
            (\.departures, "departures"),
            (\.newsletterIssues, "newsletter issues"),
            (\.deliveries, "deliveries in flight"),
            (\.wireItems, "wire items"),
        ]
        return kinds.compactMap { path, name in
            self[keyPath: path] == other[keyPath: path]
                ? nil : "\(self[keyPath: path]) \(name) but the trailer counts \(other[keyPath: path])"
        }
    }

    enum CodingKeys: String, CodingKey {
        case sections, topics, users, authors, stories, revisions, corrections, mail, media, sources
        case newsletters, subscribers, suppressions, departures, deliveries
        case newsletterIssues = "newsletter_issues"
        case wireItems = "wire_items"
        case apiTokens = "api_tokens"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sections = try container.decode(Int.self, forKey: .sections)
        topics = try container.decode(Int.self, forKey: .topics)
        users = try container.decode(Int.self, forKey: .users)
        authors = try container.decodeIfPresent(Int.self, forKey: .authors) ?? 0
        stories = try container.decode(Int.self, forKey: .stories)
        revisions = try container.decode(Int.self, forKey: .revisions)
        corrections = try container.decode(Int.self, forKey: .corrections)
        apiTokens = try container.decode(Int.self, forKey: .apiTokens)
        mail = try container.decode(Int.self, forKey: .mail)
        media = try container.decodeIfPresent(Int.self, forKey: .media) ?? 0
        sources = try container.decodeIfPresent(Int.self, forKey: .sources) ?? 0
        newsletters = try container.decodeIfPresent(Int.self, forKey: .newsletters) ?? 0
        subscribers = try container.decodeIfPresent(Int.self, forKey: .subscribers) ?? 0
        suppressions = try container.decodeIfPresent(Int.self, forKey: .suppressions) ?? 0
        departures = try container.decodeIfPresent(Int.self, forKey: .departures) ?? 0
        newsletterIssues = try container.decodeIfPresent(Int.self, forKey: .newsletterIssues) ?? 0
        deliveries = try container.decodeIfPresent(Int.self, forKey: .deliveries) ?? 0
        wireItems = try container.decodeIfPresent(Int.self, forKey: .wireItems) ?? 0
    }

    /// Written as before authors (and sources) existed when there are none, so such archives keep
    /// their bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sections, forKey: .sections)
        try container.encode(topics, forKey: .topics)
        try container.encode(users, forKey: .users)
        if authors > 0 { try container.encode(authors, forKey: .authors) }
        try container.encode(stories, forKey: .stories)
        try container.encode(revisions, forKey: .revisions)
        try container.encode(corrections, forKey: .corrections)
        try container.encode(apiTokens, forKey: .apiTokens)
        try container.encode(mail, forKey: .mail)
        try container.encode(media, forKey: .media)
        if sources > 0 { try container.encode(sources, forKey: .sources) }
        if newsletters > 0 { try container.encode(newsletters, forKey: .newsletters) }
        if subscribers > 0 { try container.encode(subscribers, forKey: .subscribers) }
        if suppressions > 0 { try container.encode(suppressions, forKey: .suppressions) }
        if departures > 0 { try container.encode(departures, forKey: .departures) }
        if newsletterIssues > 0 { try container.encode(newsletterIssues, forKey: .newsletterIssues) }
        if deliveries > 0 { try container.encode(deliveries, forKey: .deliveries) }
        if wireItems > 0 { try container.encode(wireItems, forKey: .wireItems) }
    }
}
