import DatelineCore
import Foundation

/// Reads RSS 2.0, Atom 1.0 and JSON Feed 1.x documents into entries.
///
/// XML goes through ``XMLTree``, the NewsML-G2 reader's parser: a document type declaration is
/// refused outright, so no entity is expanded and no file or address is opened while parsing.
/// A feed larger than ``maximumBytes`` is refused; of a feed with more entries than
/// ``maximumEntries`` the newest that many are read (by their dates when every entry has one, else
/// the first that many, feeds listing newest first) and a note says how many were left. A date
/// that cannot be read is dropped with a note; the entry is still read.
public struct FeedReader: Sendable {
    public static let atomNamespace = "http://www.w3.org/2005/Atom"

    public var maximumBytes: Int
    public var maximumEntries: Int

    public init(maximumBytes: Int = 10_000_000, maximumEntries: Int = 200) {
        self.maximumBytes = maximumBytes
        self.maximumEntries = maximumEntries
    }

    /// Reads `bytes` served as `contentType` from `base` (links are resolved against it).
    public func read(_ bytes: Data, contentType: String?, base: URL?) throws(WireReadError) -> FeedDocument {
        guard bytes.count <= maximumBytes else {
            throw WireReadError(
                "the feed is \(PageSizeLimit.describe(bytes.count)); feeds over "
                    + "\(PageSizeLimit.describe(maximumBytes)) are not read")
        }
        var bytes = bytes
        if Gzip.isCompressed(bytes) {
            do {
                bytes = try Gzip.inflate(bytes, limit: maximumBytes)
            } catch {
                throw WireReadError("the compressed feed cannot be read: \(error.message)")
            }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let start = bytes.prefix(2_048).drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard let first = start.first else { throw WireReadError("the feed is empty") }
        let head = String(decoding: start.prefix(512), as: UTF8.self).lowercased()
        let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        if mediaType == "text/html" || head.hasPrefix("<!doctype html") || head.hasPrefix("<html") {
            throw WireReadError(
                "the address serves an HTML page, not a feed; follow the feed's own address (a page names it in "
                    + "<link rel=\"alternate\" type=\"application/rss+xml\">)")
        }
        var document: FeedDocument
        var notes: [String] = []
        if first == UInt8(ascii: "{") {
            document = try jsonFeed(Data(bytes), base: base, notes: &notes)
        } else if first == UInt8(ascii: "<") {
            let tree = try XMLTree(bytes: Array(bytes), maximumBytes: maximumBytes, kind: "a feed")
            switch (tree.root.name, tree.root.namespace) {
            case ("rss", _):
                document = try rss(tree.root, base: base, notes: &notes)
            case ("feed", Self.atomNamespace?):
                document = atom(tree.root, base: base, notes: &notes)
            case ("html", _):
                throw WireReadError("the address serves an HTML page, not a feed; follow the feed's own address")
            default:
                throw WireReadError(
                    "the XML's root element is <\(tree.root.name)>; Dateline reads RSS 2.0 (<rss>) and Atom "
                        + "(<feed> in \(Self.atomNamespace))")
            }
        } else {
            throw WireReadError("the answer is neither XML nor JSON, so not an RSS, Atom or JSON feed")
        }
        document.totalEntries = document.entries.count
        if document.entries.allSatisfy({ $0.time != nil }) {
            document.entries = document.entries.enumerated().sorted { left, right in
                let (a, b) = (left.element.time ?? .distantPast, right.element.time ?? .distantPast)
                return a != b ? a > b : left.offset < right.offset
            }.map(\.element)
        }
        if document.entries.count > maximumEntries {
            notes.append(
                "the feed lists \(document.entries.count) entries; only the newest \(maximumEntries) were read")
            document.entries = Array(document.entries.prefix(maximumEntries))
        }
        document.notes = notes
        return document
    }

    // MARK: RSS 2.0

    private func rss(_ root: XMLTree.Element, base: URL?, notes: inout [String]) throws(WireReadError)
        -> FeedDocument
    {
        guard let channel = root.child("channel") else { throw WireReadError("the RSS feed has no <channel>") }
        let entries = channel.children("item").map { item -> FeedEntry in
            let title = item.child("title")?.trimmedText.map(Self.plain)
            let label = title ?? "an untitled item"
            let link = Self.address(item.child("link")?.trimmedText, base: base)
            let guidElement = item.child("guid")
            var guid = guidElement?.trimmedText
            if guid != nil, guidElement?.attributes["isPermaLink"]?.lowercased() != "false", link == nil {
                // A permalink guid is the item's address when it gives no <link>.
                return entry(
                    guid: guid, link: Self.address(guid, base: base), title: title, item: item, label: label,
                    notes: &notes)
            }
            if guid == nil { guid = link }
            return entry(guid: guid, link: link, title: title, item: item, label: label, notes: &notes)
        }
        return FeedDocument(
            format: .rss, title: channel.child("title")?.trimmedText, entries: entries, totalEntries: entries.count,
            notes: [])
    }

    private func entry(
        guid: String?, link: String?, title: String?, item: XMLTree.Element, label: String, notes: inout [String]
    ) -> FeedEntry {
        let encoded = item.elements.first { $0.name == "encoded" }?.text
        let summary = WireText.paragraphs(html: encoded ?? item.child("description")?.text ?? "")
        let author = item.elements.first { $0.name == "creator" }?.trimmedText ?? item.child("author")?.trimmedText
        var published: Date?
        if let text = item.child("pubDate")?.trimmedText {
            published = FeedDates.rfc822(text) ?? FeedDates.iso(text)
            if published == nil {
                notes.append("“\(label)”: the date '\(text.prefix(60))' is not one Dateline can read; read without it")
            }
        }
        return FeedEntry(guid: guid, link: link, title: title, summary: summary, author: author, published: published)
    }

    // MARK: Atom

    private func atom(_ root: XMLTree.Element, base: URL?, notes: inout [String]) -> FeedDocument {
        let entries = root.children("entry").map { entry -> FeedEntry in
            let title = entry.child("title").map(Self.atomText)?.first
            let label = title ?? "an untitled entry"
            let links = entry.children("link")
            let alternate = links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" } ?? links.first
            let link = Self.address(alternate?.attributes["href"], base: base)
            let content = entry.child("content").map(Self.atomText) ?? []
            let summary = content.isEmpty ? (entry.child("summary").map(Self.atomText) ?? []) : content
            func time(_ name: String) -> Date? {
                guard let text = entry.child(name)?.trimmedText else { return nil }
                if let date = FeedDates.iso(text) ?? FeedDates.rfc822(text) { return date }
                notes.append("“\(label)”: the <\(name)> date '\(text.prefix(60))' is not one Dateline can read")
                return nil
            }
            return FeedEntry(
                guid: entry.child("id")?.trimmedText ?? link, link: link, title: title, summary: summary,
                author: entry.child("author")?.child("name")?.trimmedText, published: time("published"),
                updated: time("updated"))
        }
        return FeedDocument(
            format: .atom, title: root.child("title").map(Self.atomText)?.first, entries: entries,
            totalEntries: entries.count, notes: [])
    }

    /// An Atom text construct as paragraphs: `type="html"` escaped markup, `type="xhtml"` a div,
    /// else plain text.
    private static func atomText(_ element: XMLTree.Element) -> [String] {
        switch element.attributes["type"]?.lowercased() {
        case "html": WireText.paragraphs(html: element.text)
        case "xhtml": WireText.paragraphs(xml: element)
        default: WireText.paragraphs(plain: element.text)
        }
    }

    // MARK: JSON Feed

    private func jsonFeed(_ bytes: Data, base: URL?, notes: inout [String]) throws(WireReadError) -> FeedDocument {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: bytes)
        } catch {
            throw WireReadError("the JSON is not well-formed (\(error.localizedDescription))")
        }
        guard let feed = object as? [String: Any] else { throw WireReadError("the JSON is not an object") }
        guard let version = feed["version"] as? String, version.hasPrefix("https://jsonfeed.org/version/") else {
            throw WireReadError("the JSON is not a JSON Feed (its \"version\" is not https://jsonfeed.org/version/…)")
        }
        guard let items = feed["items"] as? [Any] else { throw WireReadError("the JSON Feed has no \"items\" list") }
        let entries = items.compactMap { $0 as? [String: Any] }.map { item -> FeedEntry in
            func string(_ key: String) -> String? {
                (item[key] as? String)?.collapsingWhitespace().nilIfEmpty
                    ?? (item[key] as? NSNumber).map { $0.stringValue }
            }
            let title = string("title")
            let label = title ?? "an untitled item"
            let link = Self.address(string("url") ?? string("external_url"), base: base)
            let html = (item["content_html"] as? String).map(WireText.paragraphs(html:)) ?? []
            let text = (item["content_text"] as? String).map(WireText.paragraphs(plain:)) ?? []
            let summary = !html.isEmpty ? html : !text.isEmpty ? text : string("summary").map { [$0] } ?? []
            func time(_ key: String) -> Date? {
                guard let text = string(key) else { return nil }
                if let date = FeedDates.iso(text) { return date }
                notes.append("“\(label)”: the \(key) '\(text.prefix(60))' is not one Dateline can read")
                return nil
            }
            let authors = (item["authors"] as? [[String: Any]]) ?? (item["author"] as? [String: Any]).map { [$0] } ?? []
            return FeedEntry(
                guid: string("id") ?? link, link: link, title: title, summary: summary,
                author: authors.compactMap { ($0["name"] as? String)?.collapsingWhitespace().nilIfEmpty }.first,
                published: time("date_published"), updated: time("date_modified"))
        }
        return FeedDocument(
            format: .jsonFeed, title: (feed["title"] as? String)?.collapsingWhitespace().nilIfEmpty, entries: entries,
            totalEntries: entries.count, notes: [])
    }

    // MARK: Helpers

    /// An absolute http(s) address from `text` (resolved against `base`), or nil.
    static func address(_ text: String?, base: URL?) -> String? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty,
            let url = URL(string: text, relativeTo: base)?.absoluteURL,
            ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false
        else { return nil }
        return url.absoluteString
    }

    /// A title as plain text (RSS titles may carry escaped markup).
    static func plain(_ text: String) -> String {
        text.contains("<") ? WireText.paragraphs(html: text).joined(separator: " ") : text
    }
}

/// The date forms feeds use.
enum FeedDates {
    /// RFC 822 / RFC 1123 dates as RSS writes them ("Thu, 03 Dec 2026 10:15:00 GMT", "+0100", a
    /// missing weekday or seconds).
    static func rfc822(_ text: String) -> Date? {
        let trimmed = text.collapsingWhitespace()
        for format in [
            "EEE, d MMM yyyy HH:mm:ss zzz", "EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss zzz",
            "d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm zzz", "EEE, d MMM yyyy HH:mm Z",
        ] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }

    /// RFC 3339 dates as Atom and JSON Feed write them.
    static func iso(_ text: String) -> Date? {
        try? WireText.time(text, field: "date")
    }
}
