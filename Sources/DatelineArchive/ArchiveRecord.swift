import Foundation

/// One line of an archive: a JSON object whose `type` names what it holds.
public enum ArchiveRecord: Sendable, Hashable, Codable {
    case header(Header)
    case section(Section)
    case topic(Topic)
    case user(User)
    case author(Author)
    case story(Story)
    case revision(Revision)
    case correction(Correction)
    case apiToken(APIToken)
    case mail(Mail)
    case media(Media)
    case source(Source)
    case newsletter(Newsletter)
    case subscriber(Subscriber)
    case suppression(Suppression)
    case departure(Departure)
    case newsletterIssue(NewsletterIssue)
    case delivery(Delivery)
    case wireItem(WireItem)
    case trailer(Trailer)

    /// The archive format's name, in every header.
    public static let format = "dateline-archive"
    /// The version this Dateline writes. Version 3 added ``Media`` records (the media library
    /// with its original bytes); version 2 archives, which have none, are read as well. Version 2
    /// archives end with a ``Trailer``; version 1 archives had none, so a cut one could not be
    /// told from a whole one.
    public static let version = 3
    /// Every version this Dateline reads.
    public static let readableVersions: ClosedRange<Int> = 2...3

    /// The `type` of each kind of record.
    public var type: String {
        switch self {
        case .header: return "header"
        case .section: return "section"
        case .topic: return "topic"
        case .user: return "user"
        case .author: return "author"
        case .story: return "story"
        case .revision: return "revision"
        case .correction: return "correction"
        case .apiToken: return "api_token"
        case .mail: return "mail"
        case .media: return "media"
        case .source: return "source"
        case .newsletter: return "newsletter"
        case .subscriber: return "subscriber"
        case .suppression: return "suppression"
        case .departure: return "departure"
        case .newsletterIssue: return "newsletter_issue"
        case .delivery: return "delivery"
        case .wireItem: return "wire_item"
        case .trailer: return "trailer"
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
        case "author": self = .author(try Author(from: decoder))
        case "story": self = .story(try Story(from: decoder))
        case "revision": self = .revision(try Revision(from: decoder))
        case "correction": self = .correction(try Correction(from: decoder))
        case "api_token": self = .apiToken(try APIToken(from: decoder))
        case "mail": self = .mail(try Mail(from: decoder))
        case "media": self = .media(try Media(from: decoder))
        case "source": self = .source(try Source(from: decoder))
        case "newsletter": self = .newsletter(try Newsletter(from: decoder))
        case "subscriber": self = .subscriber(try Subscriber(from: decoder))
        case "suppression": self = .suppression(try Suppression(from: decoder))
        case "departure": self = .departure(try Departure(from: decoder))
        case "newsletter_issue": self = .newsletterIssue(try NewsletterIssue(from: decoder))
        case "delivery": self = .delivery(try Delivery(from: decoder))
        case "wire_item": self = .wireItem(try WireItem(from: decoder))
        case "trailer": self = .trailer(try Trailer(from: decoder))
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
        case .author(let value): try value.encode(to: encoder)
        case .story(let value): try value.encode(to: encoder)
        case .revision(let value): try value.encode(to: encoder)
        case .correction(let value): try value.encode(to: encoder)
        case .apiToken(let value): try value.encode(to: encoder)
        case .mail(let value): try value.encode(to: encoder)
        case .media(let value): try value.encode(to: encoder)
        case .source(let value): try value.encode(to: encoder)
        case .newsletter(let value): try value.encode(to: encoder)
        case .subscriber(let value): try value.encode(to: encoder)
        case .suppression(let value): try value.encode(to: encoder)
        case .departure(let value): try value.encode(to: encoder)
        case .newsletterIssue(let value): try value.encode(to: encoder)
        case .delivery(let value): try value.encode(to: encoder)
        case .wireItem(let value): try value.encode(to: encoder)
        case .trailer(let value): try value.encode(to: encoder)
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

    /// Reads one line of JSON, as bytes without its line break, as a record.
    public init(jsonLine: Data) throws {
        self = try JSONDecoder().decode(ArchiveRecord.self, from: jsonLine)
    }
}
