import DatelineCore
import Foundation
import Hummingbird

/// The JSON body of `POST /api/v1/admin/stories` and `PUT …/{id}`, read strictly: unknown
/// fields and wrong types are refused with the field named, so a typo never passes silently.
struct APIStoryInput {
    var headline: String = ""
    var section: String?
    var byline: String?
    var dateline = Dateline()
    var body: [String] = []
    var highlights: [String] = []
    var topics: [String] = []
    /// The lead image's media id; nil for none.
    var leadImage: Int64?
    /// False when the body left `lead_image` out, so an update keeps the story's own.
    var givesLeadImage = false
    /// The credited authors' keys in order; nil when the body does not say (an update keeps them).
    var authorIDs: [Int64]?
    var seoTitle: String?
    var seoDescription: String?

    static let fieldNames: Set<String> = [
        "headline", "section", "byline", "dateline", "body", "highlights", "topics", "lead_image", "authors",
        "seo_title", "seo_description",
    ]

    init(json object: [String: Any]) throws(APIError) {
        var problems: [String: String] = [:]
        for key in object.keys where !Self.fieldNames.contains(key) {
            problems[key] = "unknown field"
        }
        func string(_ key: String, required: Bool) -> String? {
            switch object[key] {
            case nil:
                if required { problems[key] = "required" }
                return nil
            case is NSNull where !required:
                return nil
            case let value as String:
                return value
            default:
                problems[key] = required ? "must be a string" : "must be a string or null"
                return nil
            }
        }
        func strings(_ key: String, required: Bool) -> [String] {
            guard let value = object[key] else {
                if required { problems[key] = "required" }
                return []
            }
            let texts = (value as? [Any])?.compactMap { $0 as? String }
            guard let texts, texts.count == (value as? [Any])?.count else {
                problems[key] = "must be an array of strings"
                return []
            }
            return texts
        }
        /// The limits the OpenAPI document states, checked on the text as sent (JSON Schema counts
        /// code points); the newsroom's own rules run later, on tidied text.
        func limit(_ key: String, _ text: String?, to length: Int) {
            if let text, text.unicodeScalars.count > length { problems[key] = "longer than \(length) characters" }
        }
        func limit(_ key: String, _ items: [String], count: Int, length: Int? = nil) {
            if items.count > count { problems[key] = "more than \(count) items" }
            if let length, items.contains(where: { $0.unicodeScalars.count > length }) {
                problems[key] = "an item is longer than \(length) characters"
            }
        }
        headline = string("headline", required: true) ?? ""
        section = string("section", required: true)
        byline = string("byline", required: false)
        body = strings("body", required: true)
        highlights = strings("highlights", required: false)
        topics = strings("topics", required: false)
        seoTitle = string("seo_title", required: false)
        seoDescription = string("seo_description", required: false)
        limit("seo_title", seoTitle, to: SEOLimits.titleLength)
        limit("seo_description", seoDescription, to: SEOLimits.descriptionLength)
        switch object["authors"] {
        case nil:
            break
        case let list as [Any]:
            // JSON numbers arrive as NSNumber; a Bool is one too, and is refused.
            let ids = list.compactMap { item -> Int64? in
                guard let number = item as? NSNumber, String(cString: number.objCType) != "c",
                    let id = Int64(exactly: number.doubleValue), id >= 1
                else { return nil }
                return id
            }
            if ids.count != list.count {
                problems["authors"] = "must be an array of author ids"
            } else if ids.count > AuthorLimits.perStory {
                problems["authors"] = "more than \(AuthorLimits.perStory) items"
            } else if Set(ids).count != ids.count {
                problems["authors"] = "an author is listed twice"
            } else {
                authorIDs = ids
            }
        default:
            problems["authors"] = "must be an array of author ids"
        }
        limit("headline", headline, to: StoryLimits.headlineLength)
        limit("byline", byline, to: StoryLimits.creditLength)
        limit("body", body, count: StoryLimits.paragraphCount)
        limit("highlights", highlights, count: StoryLimits.highlightCount, length: StoryLimits.highlightLength)
        limit("topics", topics, count: StoryLimits.topicCount, length: StoryLimits.topicLength)
        switch object["dateline"] {
        case nil, is NSNull:
            break
        case let value as [String: Any]:
            for key in value.keys where key != "place" && key != "source" {
                problems["dateline.\(key)"] = "unknown field"
            }
            var parts: [String?] = []
            for key in ["place", "source"] {
                switch value[key] {
                case nil, is NSNull: parts.append(nil)
                case let text as String: parts.append(text)
                default:
                    problems["dateline.\(key)"] = "must be a string or null"
                    parts.append(nil)
                }
            }
            limit("dateline.place", parts[0], to: StoryLimits.creditLength)
            limit("dateline.source", parts[1], to: StoryLimits.creditLength)
            dateline = Dateline(place: parts[0], source: parts[1])
        default:
            problems["dateline"] = "must be an object with place and source, or null"
        }
        if let value = object["lead_image"] {
            givesLeadImage = true
            if !(value is NSNull) {
                // JSON true and false arrive as NSNumbers too: only a whole number is an id.
                let number = value as? NSNumber
                if let number, String(cString: number.objCType) != "c", let id = value as? Int64, id > 0 {
                    leadImage = id
                } else {
                    problems["lead_image"] = "must be a media library id (a whole number of 1 or more) or null"
                }
            }
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
    }

    /// The draft to store; origins of unchanged suggestions are kept from `base`, as the editor does.
    func draft(keeping base: StoryDraft? = nil) -> StoryDraft {
        var draft = StoryDraft(
            headline: headline, section: section, dateline: dateline, byline: byline, body: body,
            highlights: highlights, topics: topics, leadImage: givesLeadImage ? leadImage : base?.leadImage,
            authorIDs: authorIDs, seoTitle: seoTitle, seoDescription: seoDescription)
        if let base {
            draft.highlightsOrigin = base.highlights == draft.highlights ? base.highlightsOrigin : .editor
            draft.topicsOrigin = base.topics == draft.topics ? base.topicsOrigin : .editor
        }
        return draft
    }
}

extension Request {
    /// The body as a JSON object: 415 unless it is sent as JSON, 413 over the API's limit, 400
    /// when it is not well-formed JSON or not an object.
    mutating func apiJSONObject() async throws(APIError) -> [String: Any] {
        let contentType = headers[.contentType]?.lowercased() ?? ""
        let mediaType = contentType.split(separator: ";").first.map { String($0).trimmingWhitespace() } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else { throw .unsupportedMediaType }
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: APILimits.bodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw .tooLarge
        } catch {
            throw .badRequest("The request body could not be read.", code: "unreadable_body")
        }
        let data = Data(buffer.readableBytesView)
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw .badRequest("The request body is not well-formed JSON.", code: "malformed_json")
        }
        guard let object = value as? [String: Any] else {
            throw .badRequest("The request body must be a JSON object.", code: "malformed_json")
        }
        return object
    }
}
