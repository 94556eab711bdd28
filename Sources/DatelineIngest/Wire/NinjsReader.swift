import DatelineCore
import Foundation

/// Reads IPTC ninjs 2.0 (News in JSON) text items into wire items.
///
/// A file holds one ninjs object or an array of them. Mapped: `uri` (the item's identity),
/// `version`, the main headline, `by`, `located` (the dateline), the main body (plain text or
/// HTML), the summary description, `subjects` (IPTC Media Topics URIs kept as "medtop:" codes),
/// `embargoed`, `versioncreated`, `pubstatus`, `language`, and the first `infosources` name or
/// the `copyrightholder` as the source. Items of a type other than text are refused.
public struct NinjsReader: Sendable {
    /// The largest file read.
    public var maximumBytes: Int
    /// The most items one file may hold.
    public var maximumItems: Int

    public init(maximumBytes: Int = 10_000_000, maximumItems: Int = 10_000) {
        self.maximumBytes = maximumBytes
        self.maximumItems = maximumItems
    }

    /// The items in `bytes`; `origin` is the file or address they came from, `fallbackSource`
    /// the sender's name when the items do not give one.
    public func read(_ bytes: [UInt8], origin: String, fallbackSource: String) throws(WireReadError) -> [WireItemDraft]
    {
        guard bytes.count <= maximumBytes else {
            throw WireReadError("the file is \(bytes.count) bytes, over the \(maximumBytes)-byte limit for wire items")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw WireReadError("not valid JSON: \((error as NSError).localizedDescription)")
        }
        let objects: [[String: Any]]
        if let one = parsed as? [String: Any] {
            objects = [one]
        } else if let many = parsed as? [Any] {
            guard many.count <= maximumItems else {
                throw WireReadError(
                    "the file holds \(many.count) items; at most \(maximumItems) are read from one file")
            }
            objects = try many.enumerated().map { (index, element) throws(WireReadError) in
                guard let object = element as? [String: Any] else {
                    throw WireReadError("item \(index + 1) is not a JSON object")
                }
                return object
            }
        } else {
            throw WireReadError("expected a ninjs object or an array of them")
        }
        guard !objects.isEmpty else { throw WireReadError("the file holds no items") }
        return try objects.enumerated().map { (index, object) throws(WireReadError) in
            do throws(WireReadError) {
                return try item(object, origin: origin, fallbackSource: fallbackSource)
            } catch {
                throw objects.count == 1 ? error : WireReadError("item \(index + 1): \(error.message)")
            }
        }
    }

    private func item(_ object: [String: Any], origin: String, fallbackSource: String) throws(WireReadError)
        -> WireItemDraft
    {
        func string(_ key: String) throws(WireReadError) -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let text = value as? String else { throw WireReadError("'\(key)' must be a string") }
            return text
        }
        func list(_ key: String) throws(WireReadError) -> [[String: Any]] {
            guard let value = object[key], !(value is NSNull) else { return [] }
            guard let array = value as? [Any] else { throw WireReadError("'\(key)' must be an array of objects") }
            return try array.map { (element) throws(WireReadError) in
                guard let entry = element as? [String: Any] else {
                    throw WireReadError("'\(key)' must be an array of objects")
                }
                return entry
            }
        }
        guard let uri = try string("uri")?.trimmingWhitespace(), !uri.isEmpty else {
            throw WireReadError("the item has no 'uri'; ninjs requires one to tell versions of an item apart")
        }
        if let type = try string("type"), type != "text" {
            throw WireReadError("the item is of type '\(type)'; only text items go into the wire queue")
        }
        if object["version"] is NSNumber {
            throw WireReadError("'version' must be a string in ninjs 2.0, such as \"2\"")
        }
        let version = try WireText.version(try string("version"), field: "'version'")
        let headlines = try list("headlines")
        let mainHeadline = headlines.first { ($0["role"] as? String) == "main" } ?? headlines.first
        let title = try string("title")?.collapsingWhitespace().nilIfEmpty
        guard let headline = (mainHeadline?["value"] as? String)?.collapsingWhitespace().nilIfEmpty ?? title
        else { throw WireReadError("the item has no headline ('headlines' with a value)") }
        let bodies = try list("bodies")
        let mainBody =
            bodies.first { ($0["role"] as? String) == nil || ($0["role"] as? String) == "main" } ?? bodies.first
        var body: [String] = []
        if let mainBody {
            guard let value = mainBody["value"] as? String else {
                throw WireReadError("the body has no text 'value'")
            }
            let type = (mainBody["contenttype"] as? String ?? "text/plain").lowercased()
            body = type.contains("html") ? WireText.paragraphs(html: value) : WireText.paragraphs(plain: value)
        }
        guard !body.isEmpty else { throw WireReadError("the item has no body text ('bodies' with a value)") }
        let descriptions = try list("descriptions")
        let summary =
            (descriptions.first { ($0["role"] as? String)?.contains("summary") == true } ?? descriptions.first)?[
                "value"] as? String
        let subjects = try list("subjects").compactMap { entry -> WireSubject? in
            let subject = WireSubject(
                code: WireText.subjectCode(entry["uri"] as? String), name: entry["name"] as? String)
            return subject.code == nil && subject.name == nil ? nil : subject
        }
        let embargo = try string("embargoed").map { (text) throws(WireReadError) in
            try WireText.time(text, field: "'embargoed'")
        }
        let created = try string("versioncreated").map { (text) throws(WireReadError) in
            try WireText.time(text, field: "'versioncreated'")
        }
        let status: WirePublishingStatus
        switch try string("pubstatus")?.lowercased() {
        case nil, "usable": status = .usable
        case "withheld": status = .withheld
        case "canceled", "cancelled": status = .canceled
        case let other?: throw WireReadError("'pubstatus' must be usable, withheld or canceled, not '\(other)'")
        }
        let infosource = try list("infosources").first { $0["name"] is String }?["name"] as? String
        let holder = try string("copyrightholder")?.collapsingWhitespace().nilIfEmpty
        let source = infosource?.collapsingWhitespace().nilIfEmpty ?? holder ?? fallbackSource
        return WireItemDraft(
            format: .ninjs, source: source, guid: uri, version: version, headline: headline,
            byline: try string("by")?.collapsingWhitespace().nilIfEmpty,
            dateline: try string("located")?.collapsingWhitespace().nilIfEmpty, body: body,
            summary: summary?.collapsingWhitespace().nilIfEmpty, subjects: subjects,
            embargoedUntil: embargo, versionCreated: created, url: nil,
            canonicalURL: WireText.isWebAddress(uri) ? uri : nil, section: nil,
            language: try string("language")?.trimmingWhitespace().nilIfEmpty, status: status, origin: origin)
    }
}
