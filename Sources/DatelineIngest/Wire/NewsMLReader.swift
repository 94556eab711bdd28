import DatelineCore
import Foundation

/// Reads IPTC NewsML-G2 text `newsItem`s (alone, or several in a `newsMessage`'s `itemSet`) into
/// wire items.
///
/// Mapped: `@guid` and `@version`; from `itemMeta` the provider, `versionCreated`, `embargoed`
/// and `pubStatus`; from `contentMeta` the headline, `by` (else the first creator's name),
/// `dateline` (else the `located` name), `description`, `subject`s (Media Topics kept as
/// "medtop:" codes), and `@xml:lang`; the body from the first `inlineXML` (XHTML) or `inlineData`
/// (text) of the `contentSet`. Parsing is done by ``XMLTree``: no DTD, no entities, no network.
public struct NewsMLReader: Sendable {
    /// The namespace of NewsML-G2 elements.
    public static let namespace = "http://iptc.org/std/nar/2006-10-01/"

    public var maximumBytes: Int
    public var maximumItems: Int

    public init(maximumBytes: Int = 10_000_000, maximumItems: Int = 10_000) {
        self.maximumBytes = maximumBytes
        self.maximumItems = maximumItems
    }

    public func read(_ bytes: [UInt8], origin: String, fallbackSource: String) throws(WireReadError) -> [WireItemDraft]
    {
        let tree = try XMLTree(bytes: bytes, maximumBytes: maximumBytes)
        let items: [XMLTree.Element]
        switch tree.root.name {
        case "newsItem":
            items = [tree.root]
        case "newsMessage":
            items = tree.root.children("itemSet").flatMap { $0.children("newsItem") }
        default:
            throw WireReadError(
                "the root element is <\(tree.root.name)>; expected a NewsML-G2 <newsItem> or <newsMessage>")
        }
        guard tree.root.namespace == Self.namespace else {
            throw WireReadError(
                "<\(tree.root.name)> is not in the NewsML-G2 namespace \(Self.namespace) (it has "
                    + (tree.root.namespace.map { "'\($0)'" } ?? "none") + ")")
        }
        guard !items.isEmpty else { throw WireReadError("the news message holds no newsItem") }
        guard items.count <= maximumItems else {
            throw WireReadError("the file holds \(items.count) items; at most \(maximumItems) are read from one file")
        }
        return try items.enumerated().map { (index, element) throws(WireReadError) in
            do throws(WireReadError) {
                return try item(
                    element, language: tree.root.attributes["xml:lang"], origin: origin,
                    fallbackSource: fallbackSource)
            } catch {
                throw items.count == 1 ? error : WireReadError("newsItem \(index + 1): \(error.message)")
            }
        }
    }

    private func item(_ element: XMLTree.Element, language: String?, origin: String, fallbackSource: String)
        throws(WireReadError) -> WireItemDraft
    {
        guard let guid = element.attributes["guid"]?.trimmingWhitespace(), !guid.isEmpty else {
            throw WireReadError("the newsItem has no guid attribute; NewsML-G2 requires one")
        }
        let version = try WireText.version(element.attributes["version"], field: "the version attribute")
        let itemMeta = element.child("itemMeta")
        let contentMeta = element.child("contentMeta")
        if let itemClass = itemMeta?.child("itemClass")?.attributes["qcode"], !itemClass.hasSuffix(":text") {
            throw WireReadError(
                "the item's class is '\(itemClass)'; only text items (ninat:text) go into the wire queue")
        }
        guard let headline = contentMeta?.children("headline").first?.trimmedText else {
            throw WireReadError("the newsItem has no <headline> in its contentMeta")
        }
        var body: [String] = []
        if let contentSet = element.child("contentSet") {
            if let inline = contentSet.child("inlineXML") {
                let html = inline.elements.first { $0.name.lowercased() == "html" }
                let root = html?.elements.first { $0.name.lowercased() == "body" } ?? html ?? inline
                body = WireText.paragraphs(xml: root)
            } else if let data = contentSet.child("inlineData") {
                let type = (data.attributes["contenttype"] ?? "text/plain").lowercased()
                body =
                    type.contains("html") ? WireText.paragraphs(html: data.text) : WireText.paragraphs(plain: data.text)
            }
        }
        guard !body.isEmpty else {
            throw WireReadError("the newsItem has no body text (an inlineXML or inlineData in its contentSet)")
        }
        func time(_ name: String, in parent: XMLTree.Element?) throws(WireReadError) -> Date? {
            guard let text = parent?.child(name)?.trimmedText else { return nil }
            return try WireText.time(text, field: "<\(name)>")
        }
        let status: WirePublishingStatus
        switch itemMeta?.child("pubStatus")?.attributes["qcode"]?.lowercased() {
        case nil, "stat:usable": status = .usable
        case "stat:withheld": status = .withheld
        case "stat:canceled": status = .canceled
        case let other?:
            throw WireReadError("<pubStatus> must be stat:usable, stat:withheld or stat:canceled, not '\(other)'")
        }
        let provider = itemMeta?.child("provider")
        let source =
            provider?.child("name")?.trimmedText ?? provider?.attributes["literal"]?.collapsingWhitespace().nilIfEmpty
            ?? provider?.attributes["qcode"].map { $0.split(separator: ":").last.map(String.init) ?? $0 }
            ?? fallbackSource
        let subjects = (contentMeta?.children("subject") ?? []).compactMap { subject -> WireSubject? in
            let made = WireSubject(
                code: WireText.subjectCode(subject.attributes["qcode"] ?? subject.attributes["uri"]),
                name: subject.children("name").first?.trimmedText)
            return made.code == nil && made.name == nil ? nil : made
        }
        let byline =
            contentMeta?.child("by")?.trimmedText
            ?? contentMeta?.children("creator").compactMap { $0.child("name")?.trimmedText }.first
        let dateline =
            contentMeta?.child("dateline")?.trimmedText ?? contentMeta?.child("located")?.child("name")?.trimmedText
        let link = itemMeta?.children("link").first { ($0.attributes["rel"] ?? "").hasSuffix("canonical") }?.attributes[
            "href"]
        return WireItemDraft(
            format: .newsML, source: source, guid: guid, version: version, headline: headline, byline: byline,
            dateline: dateline, body: body, summary: contentMeta?.child("description")?.trimmedText,
            subjects: subjects, embargoedUntil: try time("embargoed", in: itemMeta),
            versionCreated: try time("versionCreated", in: itemMeta), url: nil,
            canonicalURL: WireText.isWebAddress(link) ? link : nil, section: nil,
            language: element.attributes["xml:lang"] ?? language, status: status, origin: origin)
    }
}
