import DatelineCore
import Foundation

/// The metadata a page carries outside its story text, gathered in one pass: `<meta>` tags,
/// `<link>` relations, the `<title>`, the `<html lang>`, headings, `<time>` elements, microdata
/// and JSON-LD.
struct PageSignals {
    /// `<meta>` values by lower-cased `name`, `property`, `itemprop` or `http-equiv`; first one wins.
    var meta: [String: String] = [:]
    /// `<link>` `href` values by lower-cased `rel` word; first one wins.
    var links: [String: String] = [:]
    /// The `<title>` text.
    var title: String?
    /// The `<html lang>` value.
    var htmlLanguage: String?
    /// Every `<h1>`, in document order.
    var headings: [Int] = []
    /// Every `<h2>` and `<h3>`, in document order: a page without an `<h1>` may title its story with one.
    var subheadings: [Int] = []
    /// Elements carrying `itemprop` values of interest, by lower-cased property.
    var itemprops: [String: [Int]] = [:]
    /// `<a rel="author">` elements.
    var authorLinks: [Int] = []
    /// Elements whose class or id names a byline.
    var bylineElements: [Int] = []
    /// The section named by a CNN-style "Next Article in World »" link.
    var nextArticleSection: String?
    /// `<time>` elements with a `datetime`.
    var times: [Int] = []
    /// What the JSON-LD scripts declare.
    var linkedData = LinkedData(scripts: [])

    /// Collects the signals of `document`.
    init(document: HTMLDocument) {
        var scripts: [String] = []
        let interestingProps: Set<String> = [
            "author", "datepublished", "datemodified", "headline", "articlesection", "name", "keywords",
        ]
        // Every element in document order (the nodes are stored so), read in place: most have
        // none of the names looked at here, and only their attributes matter.
        for index in document.nodes.indices where !document.nodes[index].isText {
            let traits = document.nodes[index].traits
            let attributes = document.nodes[index].attributes
            switch traits.intersection(.signals) {
            case .meta:
                guard let content = attributes["content"]?.trimmingWhitespace(), !content.isEmpty else { break }
                for key in ["name", "property", "itemprop", "http-equiv"] {
                    if let name = attributes[key]?.lowercased(), meta[name] == nil { meta[name] = content }
                }
            case .linkRelation:
                guard let href = attributes["href"]?.trimmingWhitespace(), !href.isEmpty else { break }
                for rel in (attributes["rel"] ?? "").lowercased().split(separator: " ")
                where links[String(rel)] == nil {
                    links[String(rel)] = href
                }
                if let itemprop = attributes["itemprop"]?.lowercased(), meta[itemprop] == nil {
                    meta[itemprop] = href
                }
            case .title:
                if title == nil { title = document.text(of: index).nilIfEmpty }
            case .root:
                if htmlLanguage == nil { htmlLanguage = attributes["lang"] ?? attributes["xml:lang"] }
            case .topHeading:
                headings.append(index)
            case .subheading:
                subheadings.append(index)
            case .time:
                if attributes["datetime"] != nil { times.append(index) }
            case .script:
                scripts.append(document.children(of: index).map { document[$0].text }.joined())
            case .link:
                if attributes["rel"]?.lowercased().split(separator: " ").contains("author") == true {
                    authorLinks.append(index)
                }
                // Most pages have hundreds of links: look at a link's text only when it opens with "Next".
                if nextArticleSection == nil, Self.opensWithNext(index, in: document),
                    let text = document.text(of: index, limit: 60),
                    text.hasPrefix("Next Article in ")
                {
                    let name = text.dropFirst("Next Article in ".count).trimmingCharacters(
                        in: CharacterSet(charactersIn: " »>"))
                    nextArticleSection = name.nilIfEmpty
                }
            default:
                break
            }
            if let itemprop = attributes["itemprop"]?.lowercased() {
                for property in itemprop.split(separator: " ") where interestingProps.contains(String(property)) {
                    itemprops[String(property), default: []].append(index)
                }
            }
            if let classAndID = attributes["class"] ?? attributes["id"], classAndID.utf8.count < 200,
                ByteSearch.containsAnyIgnoringASCIICase(classAndID, Self.creditNameWords)
            {
                if ByteSearch.containsIgnoringASCIICase(classAndID, "byline")
                    || ByteSearch.containsIgnoringASCIICase(classAndID, "author")
                        && !ByteSearch.containsIgnoringASCIICase(classAndID, "bio")
                {
                    bylineElements.append(index)
                }
            }
        }
        linkedData = LinkedData(scripts: scripts)
    }

    /// Words one of which a class or id naming a byline holds.
    private static let creditNameWords: [StaticString] = ["byline", "author"]

    /// True when the first text inside `index` starts with "Next" (leading whitespace skipped).
    static func opensWithNext(_ index: Int, in document: HTMLDocument) -> Bool {
        var cursor = document.following(index, within: index)
        while cursor >= 0 {
            if document.nodes[cursor].isText {
                // Read as bytes: most links open with something else, and say so in a byte or two.
                let utf8 = document.nodes[cursor].text.utf8
                guard let start = utf8.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D) })
                else {
                    cursor = document.following(cursor, within: index)
                    continue
                }
                return utf8[start...].starts(with: "Next".utf8)
            }
            cursor = document.following(cursor, within: index)
        }
        return false
    }
}
