import DatelineCore
import DatelineStore
import Foundation

/// The admin API's newsletter documents, and the strict reading of a list's settings.
extension AdminAPIController {
    /// The longest text any list field takes before the store's own limits are applied.
    static let newsletterTextLimit = 1000

    static func newsletterJSON(_ list: Newsletter, origin: String) -> [String: Any] {
        var sourceSlug: String?
        switch list.source {
        case .section(let slug), .topic(let slug): sourceSlug = slug.rawValue
        case .front, .breaking: break
        }
        return [
            "id": Int(list.id), "slug": list.slug.rawValue, "name": list.name, "description": list.description,
            "source": list.source.kind, "source_slug": APIStoryJSON.nullable(sourceSlug),
            "source_name": APIStoryJSON.nullable(list.sourceName), "send_time": APIStoryJSON.nullable(list.sendTime),
            "time_zone": list.timeZone, "from_name": list.fromName, "from_address": list.fromAddress,
            "subscriber_count": list.subscriberCount, "created_at": APIStoryJSON.date(list.createdAt),
            "url": origin + "/newsletters/" + list.slug.rawValue,
        ]
    }

    static func memberJSON(_ member: NewsletterMember) -> [String: Any] {
        [
            "email": member.email, "status": member.status.rawValue, "suppressed": member.suppression != nil,
            "suppression_reason": APIStoryJSON.nullable(member.suppression?.rawValue),
            "subscribed_at": APIStoryJSON.date(member.subscribedAt),
            "confirmed_at": APIStoryJSON.nullable(member.confirmedAt.map(APIStoryJSON.date)),
            "left_at": APIStoryJSON.nullable(member.leftAt.map(APIStoryJSON.date)),
        ]
    }

    static func suppressionJSON(_ entry: NewsletterSuppression) -> [String: Any] {
        ["email": entry.email, "reason": entry.reason.rawValue, "created_at": APIStoryJSON.date(entry.createdAt)]
    }

    static func summaryJSON(_ summary: NewsletterImportSummary) -> [String: Any] {
        [
            "added": summary.tally.added, "already_subscribed": summary.tally.alreadySubscribed,
            "suppressed": summary.tally.suppressed, "summary": summary.line,
            "refused": summary.refused.map { ["line": $0.line, "reason": $0.reason] as [String: Any] },
        ]
    }

    /// `{"name", "slug", "description", "source", "source_slug", "send_time", "time_zone",
    /// "from_name", "from_address"}` read strictly: unknown fields and wrong types are refused
    /// here; what the values may be is the store's rule, as for the newsroom form.
    static func newsletterInput(_ object: [String: Any]) throws(APIError) -> NewsletterInput {
        var problems: [String: String] = [:]
        let known: Set<String> = [
            "name", "slug", "description", "source", "source_slug", "send_time", "time_zone", "from_name",
            "from_address",
        ]
        for key in object.keys where !known.contains(key) { problems[key] = "unknown field" }
        func text(_ key: String, required: Bool = false) -> String? {
            switch object[key] {
            case nil, is NSNull:
                if required { problems[key] = "required" }
                return nil
            case let value as String:
                if value.unicodeScalars.count > newsletterTextLimit {
                    problems[key] = "longer than \(newsletterTextLimit) characters"
                }
                return value
            default:
                problems[key] = required ? "must be a string" : "must be a string or null"
                return nil
            }
        }
        let name = text("name", required: true)
        let slug = text("slug")
        let description = text("description")
        let kind = text("source", required: true)
        let sourceSlug = text("source_slug")
        let sendTime = text("send_time")
        let timeZone = text("time_zone")
        let fromName = text("from_name", required: true)
        let fromAddress = text("from_address", required: true)
        var source = NewsletterSource.front
        switch kind {
        case "front": source = .front
        case "breaking": source = .breaking
        case "section", "topic":
            if let sourceSlug, let slug = Slug(validating: sourceSlug.lowercased()) {
                source = kind == "section" ? .section(slug) : .topic(slug)
            } else {
                problems["source_slug"] = "the \(kind ?? "") address, such as world, is required for this source"
            }
        case nil: break
        default: problems["source"] = "one of front, section, topic, breaking"
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        return NewsletterInput(
            name: name ?? "", slug: slug, description: description ?? "", source: source,
            sendTime: sendTime ?? "07:00", timeZone: timeZone ?? "UTC", fromName: fromName ?? "",
            fromAddress: fromAddress ?? "")
    }
}
