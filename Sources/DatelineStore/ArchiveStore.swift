import DatelineCore
import Foundation

/// A store that can write everything it keeps as a portable archive and fill an empty database
/// from one, so a site moves between SQLite and PostgreSQL with nothing lost.
///
/// The archive holds sections, topics, accounts (with their password hashes), stories (with
/// owners and topics in order), every revision, corrections, API tokens (digests only) and the
/// mail outbox's pending messages, with their keys and times as stored. Sessions, failed
/// sign-ins, set-up links, the send log and delivered or failed mail are transient and left out.
public protocol ArchiveStore: Sendable {
    /// Reads everything from one consistent snapshot and hands it to `sink` record by record, in
    /// archive order: the header, sections, topics, users, stories, revisions, corrections, API
    /// tokens, pending mail. Stops at the first error `sink` throws, reported as ``StoreError/failed(_:)``.
    @discardableResult
    func exportArchive(to sink: (ArchiveRecord) async throws -> Void) async throws(StoreError) -> ArchiveCounts

    /// Stores a whole archive in one transaction, keeping its keys, slugs and times.
    ///
    /// Refuses (``StoreError/failed(_:)``, nothing written) when the records are not a valid
    /// archive of a known version, or when the database already holds stories, accounts,
    /// sections or topics. A failure part-way leaves the database as it was.
    func importArchive(_ records: [ArchiveRecord]) async throws(StoreError) -> ArchiveCounts
}

/// How many records of each kind an archive holds.
public struct ArchiveCounts: Sendable, Hashable, CustomStringConvertible {
    public var sections = 0
    public var topics = 0
    public var users = 0
    public var stories = 0
    public var revisions = 0
    public var corrections = 0
    public var apiTokens = 0
    public var mail = 0

    public init() {}

    /// Counts `record` under its kind; the header is not counted.
    public mutating func count(_ record: ArchiveRecord) {
        switch record {
        case .header: break
        case .section: sections += 1
        case .topic: topics += 1
        case .user: users += 1
        case .story: stories += 1
        case .revision: revisions += 1
        case .correction: corrections += 1
        case .apiToken: apiTokens += 1
        case .mail: mail += 1
        }
    }

    /// "28 stories, 40 revisions, 2 users, …".
    public var description: String {
        func counted(_ number: Int, _ one: String, _ many: String) -> String {
            "\(number) \(number == 1 ? one : many)"
        }
        return [
            counted(stories, "story", "stories"), counted(revisions, "revision", "revisions"),
            counted(corrections, "correction", "corrections"), counted(users, "user", "users"),
            counted(apiTokens, "API token", "API tokens"), counted(sections, "section", "sections"),
            counted(topics, "topic", "topics"), counted(mail, "pending message", "pending messages"),
        ].joined(separator: ", ")
    }
}

// MARK: - Records

/// One line of an archive: a JSON object whose `type` names what it holds.
public enum ArchiveRecord: Sendable, Hashable, Codable {
    case header(Header)
    case section(Section)
    case topic(Topic)
    case user(User)
    case story(Story)
    case revision(Revision)
    case correction(Correction)
    case apiToken(APIToken)
    case mail(Mail)

    /// The archive format's name, in every header.
    public static let format = "dateline-archive"
    /// The one version this Dateline reads and writes.
    public static let version = 1

    /// The first line: what the archive is and where it came from.
    public struct Header: Sendable, Hashable, Codable {
        public var format: String
        public var version: Int
        public var exportedAt: ArchiveTime
        /// The backend it was exported from: "sqlite" or "postgresql".
        public var source: String

        public init(
            format: String = ArchiveRecord.format, version: Int = ArchiveRecord.version, exportedAt: ArchiveTime,
            source: String
        ) {
            self.format = format
            self.version = version
            self.exportedAt = exportedAt
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case format, version, source
            case exportedAt = "exported_at"
        }
    }

    /// A section or topic: its key, slug and name.
    public struct Section: Sendable, Hashable, Codable {
        public var id: Int64
        public var slug: String
        public var name: String

        public init(id: Int64, slug: String, name: String) {
            self.id = id
            self.slug = slug
            self.name = name
        }
    }

    public typealias Topic = Section

    /// An account with its bcrypt password hash.
    public struct User: Sendable, Hashable, Codable {
        public var id: Int64
        public var email: String
        public var name: String
        public var role: String
        public var passwordHash: String
        public var createdAt: ArchiveTime

        public init(id: Int64, email: String, name: String, role: String, passwordHash: String, createdAt: ArchiveTime)
        {
            self.id = id
            self.email = email
            self.name = name
            self.role = role
            self.passwordHash = passwordHash
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, email, name, role
            case passwordHash = "password_hash"
            case createdAt = "created_at"
        }
    }

    /// A story row with its section and topics by slug (topics in order) and its owner.
    public struct Story: Sendable, Hashable, Codable {
        public var id: Int64
        public var slug: String
        public var headline: String
        public var section: String
        public var datelinePlace: String?
        public var datelineSource: String?
        public var byline: String?
        public var body: [String]
        public var highlights: [String]
        public var highlightsOrigin: String
        public var topicsOrigin: String
        public var status: String
        public var publishedAt: ArchiveTime?
        public var createdAt: ArchiveTime
        public var updatedAt: ArchiveTime
        public var sourceURL: String?
        public var sourceChecksum: String?
        public var ownerID: Int64?
        public var topics: [String]

        public init(
            id: Int64, slug: String, headline: String, section: String, datelinePlace: String?,
            datelineSource: String?, byline: String?, body: [String], highlights: [String], highlightsOrigin: String,
            topicsOrigin: String, status: String, publishedAt: ArchiveTime?, createdAt: ArchiveTime,
            updatedAt: ArchiveTime, sourceURL: String?, sourceChecksum: String?, ownerID: Int64?, topics: [String]
        ) {
            self.id = id
            self.slug = slug
            self.headline = headline
            self.section = section
            self.datelinePlace = datelinePlace
            self.datelineSource = datelineSource
            self.byline = byline
            self.body = body
            self.highlights = highlights
            self.highlightsOrigin = highlightsOrigin
            self.topicsOrigin = topicsOrigin
            self.status = status
            self.publishedAt = publishedAt
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.sourceURL = sourceURL
            self.sourceChecksum = sourceChecksum
            self.ownerID = ownerID
            self.topics = topics
        }

        enum CodingKeys: String, CodingKey {
            case id, slug, headline, section, byline, body, highlights, status, topics
            case datelinePlace = "dateline_place"
            case datelineSource = "dateline_source"
            case highlightsOrigin = "highlights_origin"
            case topicsOrigin = "topics_origin"
            case publishedAt = "published_at"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
            case sourceURL = "source_url"
            case sourceChecksum = "source_checksum"
            case ownerID = "owner_id"
        }
    }

    /// One saved revision; `content` is the stored JSON of its draft, byte for byte.
    public struct Revision: Sendable, Hashable, Codable {
        public var id: Int64
        public var storyID: Int64
        public var number: Int
        public var authorID: Int64?
        public var createdAt: ArchiveTime
        public var content: String

        public init(id: Int64, storyID: Int64, number: Int, authorID: Int64?, createdAt: ArchiveTime, content: String) {
            self.id = id
            self.storyID = storyID
            self.number = number
            self.authorID = authorID
            self.createdAt = createdAt
            self.content = content
        }

        enum CodingKeys: String, CodingKey {
            case id, number, content
            case storyID = "story_id"
            case authorID = "author_id"
            case createdAt = "created_at"
        }
    }

    /// A correction note on a story.
    public struct Correction: Sendable, Hashable, Codable {
        public var id: Int64
        public var storyID: Int64
        public var authorID: Int64?
        public var note: String
        public var createdAt: ArchiveTime

        public init(id: Int64, storyID: Int64, authorID: Int64?, note: String, createdAt: ArchiveTime) {
            self.id = id
            self.storyID = storyID
            self.authorID = authorID
            self.note = note
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, note
            case storyID = "story_id"
            case authorID = "author_id"
            case createdAt = "created_at"
        }
    }

    /// An API token as stored: the digest of its secret, never the secret.
    public struct APIToken: Sendable, Hashable, Codable {
        public var id: Int64
        public var userID: Int64
        public var name: String
        public var digest: String
        public var prefix: String
        public var createdAt: ArchiveTime
        public var lastUsedAt: ArchiveTime?
        public var revokedAt: ArchiveTime?

        public init(
            id: Int64, userID: Int64, name: String, digest: String, prefix: String, createdAt: ArchiveTime,
            lastUsedAt: ArchiveTime?, revokedAt: ArchiveTime?
        ) {
            self.id = id
            self.userID = userID
            self.name = name
            self.digest = digest
            self.prefix = prefix
            self.createdAt = createdAt
            self.lastUsedAt = lastUsedAt
            self.revokedAt = revokedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, name, digest, prefix
            case userID = "user_id"
            case createdAt = "created_at"
            case lastUsedAt = "last_used_at"
            case revokedAt = "revoked_at"
        }
    }

    /// A pending message of the mail outbox; `id` is the upper-case UUID.
    public struct Mail: Sendable, Hashable, Codable {
        public var id: String
        public var payload: String
        public var enqueuedAt: ArchiveTime
        public var attempts: Int
        public var nextAttemptAt: ArchiveTime
        public var lastError: String?

        public init(
            id: String, payload: String, enqueuedAt: ArchiveTime, attempts: Int, nextAttemptAt: ArchiveTime,
            lastError: String?
        ) {
            self.id = id
            self.payload = payload
            self.enqueuedAt = enqueuedAt
            self.attempts = attempts
            self.nextAttemptAt = nextAttemptAt
            self.lastError = lastError
        }

        enum CodingKeys: String, CodingKey {
            case id, payload, attempts
            case enqueuedAt = "enqueued_at"
            case nextAttemptAt = "next_attempt_at"
            case lastError = "last_error"
        }
    }

    /// The `type` of each kind of record.
    public var type: String {
        switch self {
        case .header: return "header"
        case .section: return "section"
        case .topic: return "topic"
        case .user: return "user"
        case .story: return "story"
        case .revision: return "revision"
        case .correction: return "correction"
        case .apiToken: return "api_token"
        case .mail: return "mail"
        }
    }

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "header": self = .header(try Header(from: decoder))
        case "section": self = .section(try Section(from: decoder))
        case "topic": self = .topic(try Topic(from: decoder))
        case "user": self = .user(try User(from: decoder))
        case "story": self = .story(try Story(from: decoder))
        case "revision": self = .revision(try Revision(from: decoder))
        case "correction": self = .correction(try Correction(from: decoder))
        case "api_token": self = .apiToken(try APIToken(from: decoder))
        case "mail": self = .mail(try Mail(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: try decoder.container(keyedBy: TypeKey.self),
                debugDescription: "unknown record type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .header(let value): try value.encode(to: encoder)
        case .section(let value), .topic(let value): try value.encode(to: encoder)
        case .user(let value): try value.encode(to: encoder)
        case .story(let value): try value.encode(to: encoder)
        case .revision(let value): try value.encode(to: encoder)
        case .correction(let value): try value.encode(to: encoder)
        case .apiToken(let value): try value.encode(to: encoder)
        case .mail(let value): try value.encode(to: encoder)
        }
    }

    // MARK: JSON Lines

    /// The record as one line of JSON (keys sorted, no trailing line break), the same bytes for
    /// the same record whichever backend wrote it.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads one line of JSON as a record.
    public init(jsonLine: some StringProtocol) throws {
        self = try JSONDecoder().decode(ArchiveRecord.self, from: Data(jsonLine.utf8))
    }
}

// MARK: - Times

/// A stored time to the microsecond, written as `2008-02-17T14:05:00.123000Z`.
///
/// Kept as whole microseconds since 1970 so a time moves between backends without passing
/// through floating point: SQLite's millisecond text and PostgreSQL's microseconds both
/// convert exactly (PostgreSQL times are rounded to the millisecond on their way into SQLite).
public struct ArchiveTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since 1970-01-01 00:00 UTC.
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The time of `date`, rounded to the microsecond.
    public init(_ date: Date) {
        microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The time as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }

    public static func < (lhs: ArchiveTime, rhs: ArchiveTime) -> Bool { lhs.microseconds < rhs.microseconds }

    /// The time rounded to the nearest millisecond (halves up), as SQLite keeps it.
    public var roundedToMilliseconds: ArchiveTime {
        ArchiveTime(microseconds: Self.floorDivide(microseconds + 500, 1_000) * 1_000)
    }

    /// `2008-02-17T14:05:00.123456Z`.
    public var description: String {
        let (day, time) = split()
        return "\(day)T\(time).\(Self.padded(Int(Self.modulo(microseconds, 1_000_000)), 6))Z"
    }

    /// `2008-02-17 14:05:00.123`, the text GRDB stores, rounded to the millisecond.
    public var sqliteText: String {
        let rounded = roundedToMilliseconds
        let (day, time) = rounded.split()
        return "\(day) \(time).\(Self.padded(Int(Self.modulo(rounded.microseconds, 1_000_000) / 1_000), 3))"
    }

    /// Reads `2008-02-17T14:05:00.123456Z` or SQLite's `2008-02-17 14:05:00.123`: a date, `T` or
    /// a space, a time with optional seconds and fraction (up to nine digits, kept to the
    /// microsecond by truncation), and an optional `Z`. Times are UTC.
    public init?(text: String) {
        var scalars = Array(text.utf8)
        if scalars.last == UInt8(ascii: "Z") { scalars.removeLast() }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int) -> UInt8? { index < scalars.count ? scalars[index] : nil }
        guard scalars.count >= 16, let year = number(0..<4), byte(4) == UInt8(ascii: "-"),
            let month = number(5..<7), byte(7) == UInt8(ascii: "-"), let day = number(8..<10),
            byte(10) == UInt8(ascii: "T") || byte(10) == UInt8(ascii: " "), let hour = number(11..<13),
            byte(13) == UInt8(ascii: ":"), let minute = number(14..<16)
        else { return nil }
        var second = 0
        var fraction: Int64 = 0
        var index = 16
        if byte(index) == UInt8(ascii: ":") {
            guard let value = number(17..<19) else { return nil }
            second = value
            index = 19
            if byte(index) == UInt8(ascii: ".") {
                let digits = scalars.count - index - 1
                guard (1...9).contains(digits), let value = number((index + 1)..<scalars.count) else { return nil }
                var micro = Int64(value)
                if digits < 6 {
                    for _ in digits..<6 { micro *= 10 }
                } else {
                    for _ in 6..<digits { micro /= 10 }
                }
                fraction = micro
                index = scalars.count
            }
        }
        guard index == scalars.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
        microseconds = seconds * 1_000_000 + fraction
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = ArchiveTime(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a time such as 2008-02-17T14:05:00.000000Z")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// ("2008-02-17", "14:05:00") for the whole seconds of this time.
    private func split() -> (String, String) {
        let seconds = Self.floorDivide(microseconds, 1_000_000)
        let days = Self.floorDivide(seconds, 86_400)
        let inDay = Int(seconds - days * 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        let date = "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
        let time = "\(Self.padded(inDay / 3_600, 2)):\(Self.padded(inDay / 60 % 60, 2)):\(Self.padded(inDay % 60, 2))"
        return (date, time)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient
    }

    private static func modulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        value - floorDivide(value, divisor) * divisor
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    private static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let shifted = Int(days) + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

// MARK: - Checking an archive

/// An archive's records sorted by kind and checked before anything is written: a known header
/// first, well-formed values, unique keys, and every reference pointing at a record present.
struct ArchiveContents: Sendable {
    var sections: [ArchiveRecord.Section] = []
    var topics: [ArchiveRecord.Topic] = []
    var users: [ArchiveRecord.User] = []
    var stories: [ArchiveRecord.Story] = []
    var revisions: [ArchiveRecord.Revision] = []
    var corrections: [ArchiveRecord.Correction] = []
    var apiTokens: [ArchiveRecord.APIToken] = []
    var mail: [ArchiveRecord.Mail] = []
    var counts = ArchiveCounts()

    init(_ records: [ArchiveRecord]) throws(StoreError) {
        guard case .header(let header)? = records.first else {
            throw .failed("the archive does not start with a header record; it is not a Dateline archive")
        }
        try Self.check(header)
        for (index, record) in records.enumerated().dropFirst() {
            counts.count(record)
            switch record {
            case .header: throw .failed("record \(index + 1) is a second header; archives cannot be joined")
            case .section(let value): sections.append(value)
            case .topic(let value): topics.append(value)
            case .user(let value): users.append(value)
            case .story(let value): stories.append(value)
            case .revision(let value): revisions.append(value)
            case .correction(let value): corrections.append(value)
            case .apiToken(let value): apiTokens.append(value)
            case .mail(let value): mail.append(value)
            }
        }
        try checkReferences()
    }

    /// Refuses archives of another format or version.
    static func check(_ header: ArchiveRecord.Header) throws(StoreError) {
        guard header.format == ArchiveRecord.format else {
            throw .failed("the archive's format is '\(header.format)', not '\(ArchiveRecord.format)'")
        }
        guard header.version == ArchiveRecord.version else {
            throw .failed(
                "the archive is version \(header.version); this Dateline reads version \(ArchiveRecord.version) only")
        }
    }

    private func checkReferences() throws(StoreError) {
        func unique<T: Hashable>(_ values: [T], _ what: String) throws(StoreError) -> Set<T> {
            var seen = Set<T>()
            for value in values where !seen.insert(value).inserted {
                throw .failed("the archive holds \(what) '\(value)' twice")
            }
            return seen
        }
        func slug(_ text: String, _ what: String) throws(StoreError) {
            guard Slug(validating: text) != nil else { throw .failed("the archive holds \(what) '\(text)'") }
        }
        for section in sections { try slug(section.slug, "the malformed section slug") }
        for topic in topics { try slug(topic.slug, "the malformed topic slug") }
        _ = try unique(sections.map(\.id), "section id")
        let sectionSlugs = try unique(sections.map(\.slug), "section slug")
        _ = try unique(topics.map(\.id), "topic id")
        let topicSlugs = try unique(topics.map(\.slug), "topic slug")
        let userIDs = try unique(users.map(\.id), "user id")
        _ = try unique(users.map(\.email), "user e-mail")
        for user in users where Role(rawValue: user.role) == nil {
            throw .failed("user \(user.id) has the unknown role '\(user.role)'")
        }
        let storyIDs = try unique(stories.map(\.id), "story id")
        _ = try unique(stories.map(\.slug), "story slug")
        for story in stories {
            func broken(_ what: String) -> StoreError { .failed("story \(story.id) has \(what)") }
            guard Slug(validating: story.slug) != nil else { throw broken("the malformed slug '\(story.slug)'") }
            guard StoryStatus(rawValue: story.status) != nil else {
                throw broken("the unknown status '\(story.status)'")
            }
            guard SuggestionOrigin(rawValue: story.highlightsOrigin) != nil,
                SuggestionOrigin(rawValue: story.topicsOrigin) != nil
            else { throw broken("an unknown highlights or topics origin") }
            guard sectionSlugs.contains(story.section) else {
                throw broken("the section '\(story.section)', which the archive lacks")
            }
            for topic in story.topics where !topicSlugs.contains(topic) {
                throw broken("the topic '\(topic)', which the archive lacks")
            }
            guard Set(story.topics).count == story.topics.count else { throw broken("a topic twice") }
            if let owner = story.ownerID, !userIDs.contains(owner) {
                throw broken("the owner \(owner), who is not in the archive")
            }
        }
        _ = try unique(revisions.map(\.id), "revision id")
        _ = try unique(revisions.map { "\($0.storyID)#\($0.number)" }, "revision number")
        for revision in revisions {
            guard storyIDs.contains(revision.storyID) else {
                throw .failed("revision \(revision.id) belongs to story \(revision.storyID), which the archive lacks")
            }
            if let author = revision.authorID, !userIDs.contains(author) {
                throw .failed("revision \(revision.id) names the author \(author), who is not in the archive")
            }
            guard (try? JSONDecoder().decode(StoryDraft.self, from: Data(revision.content.utf8))) != nil else {
                throw .failed("revision \(revision.id) holds content that is not a story")
            }
        }
        _ = try unique(corrections.map(\.id), "correction id")
        for correction in corrections {
            guard storyIDs.contains(correction.storyID) else {
                throw .failed(
                    "correction \(correction.id) belongs to story \(correction.storyID), which the archive lacks")
            }
            if let author = correction.authorID, !userIDs.contains(author) {
                throw .failed("correction \(correction.id) names the author \(author), who is not in the archive")
            }
        }
        _ = try unique(apiTokens.map(\.id), "API token id")
        _ = try unique(apiTokens.map(\.digest), "API token digest")
        for token in apiTokens where !userIDs.contains(token.userID) {
            throw .failed("API token \(token.id) belongs to user \(token.userID), who is not in the archive")
        }
        _ = try unique(mail.map(\.id), "mail id")
        for message in mail where UUID(uuidString: message.id) == nil {
            throw .failed("the mail id '\(message.id)' is not a UUID")
        }
    }

    /// The message refusing an import into a database that is not empty, or nil when it is.
    static func refusal(stories: Int, users: Int, sections: Int, topics: Int) -> String? {
        guard stories + users + sections + topics > 0 else { return nil }
        return "the database already holds \(stories) stories, \(users) accounts, \(sections) sections and "
            + "\(topics) topics; an archive is imported only into a new, empty database, so nothing was written"
    }
}
