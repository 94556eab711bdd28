import DatelineCore
import Foundation

/// The story facts a page declares in JSON-LD (`<script type="application/ld+json">`), taken from
/// its `NewsArticle`, `Article`, `BlogPosting` or similar object.
struct LinkedData: Sendable {
    var headline: String?
    var articleBody: String?
    var authors: [String] = []
    var datePublished: String?
    var dateModified: String?
    var section: String?
    var keywords: [String] = []
    var language: String?
    var imageURL: String?
    var url: String?

    /// True when nothing was found.
    var isEmpty: Bool {
        headline == nil && articleBody == nil && authors.isEmpty && datePublished == nil && section == nil
    }

    /// Reads every JSON-LD script of the page; the first article-typed object supplies each field.
    init(scripts: [String]) {
        for script in scripts {
            // Most JSON-LD describes the site (Organization, WebSite, BreadcrumbList): a script that
            // names no article type has nothing to read, and is not parsed.
            guard Self.articleTypeWords.contains(where: { ByteSearch.contains(script, $0) }),
                let value = Self.parse(script)
            else { continue }
            // Walk nested arrays and @graph lists without recursion.
            var pending: [Any] = [value]
            var steps = 0
            while let item = pending.popLast(), steps < 10_000 {
                steps += 1
                if let array = item as? [Any] {
                    pending.append(contentsOf: array.reversed())
                    continue
                }
                guard let object = item as? [String: Any] else { continue }
                if let graph = object["@graph"] { pending.append(graph) }
                if Self.isArticle(object) { absorb(object) }
            }
        }
    }

    /// Parses a script's JSON, forgiving raw line breaks inside strings, a common CMS slip.
    private static func parse(_ script: String) -> Any? {
        guard script.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) else { return nil }
        if let value = try? JSONSerialization.jsonObject(with: Data(script.utf8), options: [.fragmentsAllowed]) {
            return value
        }
        let repaired = script.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
            .replacingOccurrences(of: "\t", with: " ")
        return try? JSONSerialization.jsonObject(with: Data(repaired.utf8), options: [.fragmentsAllowed])
    }

    /// Words one of which every article type ``isArticle(_:)`` accepts contains.
    private static let articleTypeWords = ["Article", "BlogPosting", "Report", "SocialMediaPosting", "Review"]

    private static func isArticle(_ object: [String: Any]) -> Bool {
        let types: [String]
        if let type = object["@type"] as? String {
            types = [type]
        } else {
            types = (object["@type"] as? [Any])?.compactMap { $0 as? String } ?? []
        }
        return types.contains { type in
            type.hasSuffix("Article") || type == "BlogPosting" || type == "Report" || type == "LiveBlogPosting"
                || type == "SocialMediaPosting" || type == "Review"
        }
    }

    private mutating func absorb(_ object: [String: Any]) {
        if headline == nil { headline = Self.string(object["headline"]) ?? Self.string(object["name"]) }
        if articleBody == nil { articleBody = Self.string(object["articleBody"]) }
        if authors.isEmpty { authors = Self.names(object["author"]) }
        if datePublished == nil { datePublished = Self.string(object["datePublished"]) }
        if dateModified == nil { dateModified = Self.string(object["dateModified"]) }
        if section == nil { section = Self.strings(object["articleSection"]).first }
        if keywords.isEmpty {
            keywords = Self.strings(object["keywords"]).flatMap { $0.split(separator: ",").map(String.init) }
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        if language == nil { language = Self.string(object["inLanguage"]) }
        if imageURL == nil { imageURL = Self.url(object["image"]) }
        if url == nil { url = Self.string(object["url"]) ?? Self.url(object["mainEntityOfPage"]) }
    }

    private static func string(_ value: Any?) -> String? {
        if let text = value as? String { return text.trimmingWhitespace().nilIfEmpty }
        if let array = value as? [Any] { return array.lazy.compactMap { $0 as? String }.first?.trimmingWhitespace() }
        return nil
    }

    private static func strings(_ value: Any?) -> [String] {
        if let text = value as? String { return [text] }
        if let array = value as? [Any] { return array.compactMap { $0 as? String } }
        return []
    }

    /// Names from a string, a Person/Organization object, or an array of either.
    private static func names(_ value: Any?, depth: Int = 0) -> [String] {
        if let text = value as? String { return text.trimmingWhitespace().nilIfEmpty.map { [$0] } ?? [] }
        if let object = value as? [String: Any] { return string(object["name"]).map { [$0] } ?? [] }
        if depth < 2, let array = value as? [Any] { return array.prefix(10).flatMap { names($0, depth: depth + 1) } }
        return []
    }

    /// A URL from a string, an ImageObject/WebPage object (`url` or `@id`), or the first of an array.
    private static func url(_ value: Any?, depth: Int = 0) -> String? {
        if let text = value as? String { return text.trimmingWhitespace().nilIfEmpty }
        if let object = value as? [String: Any] { return string(object["url"]) ?? string(object["@id"]) }
        if depth < 2, let array = value as? [Any], let first = array.first { return url(first, depth: depth + 1) }
        return nil
    }
}
