import Foundation

/// What sanitised HTML promises, checked independently of the sanitiser's own code: only the
/// allowlisted tags, written exactly as the sanitiser writes them (so no other attribute, no
/// `on…=` handler, no `style`, no `src`), every element closed in order, links only to `http`,
/// `https` and `mailto`, and text escaped so no `<`, `>` or quote is left bare. Tables, the
/// table's scrolling wrapper and the two embeds have their own exact forms, listed here.
enum SanitizedMarkupCheck {
    /// Elements that enclose content.
    static let containers: Set<String> = [
        "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "pre",
        "table", "thead", "tbody", "tr", "th", "td",
    ]
    /// The other opening tags allowed, exactly as written, with the element each opens.
    static let exactTags: [String: String] = {
        var tags = [
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">": "div",
            "<blockquote class=\"embed-post\">": "blockquote",
        ]
        for align in ["", " class=\"align-left\"", " class=\"align-center\"", " class=\"align-right\""] {
            tags["<td\(align)>"] = "td"
            for scope in ["col", "row"] { tags["<th scope=\"\(scope)\"\(align)>"] = "th" }
        }
        return tags
    }()
    static let linkSchemes: Set<String> = ["http", "https", "mailto"]
    static let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
    static let linkEnd = "\" rel=\"nofollow noopener\">"

    /// Stops the fuzzer, showing the output, when `html` breaks a promise.
    static func require(_ html: String, from source: String) {
        if let problem = problem(in: html) {
            fatalError("sanitised output from \(source) \(problem):\n\(html.debugDescription)")
        }
    }

    /// The first broken promise in `html`, or nil.
    static func problem(in html: String) -> String? {
        let lowered = html.lowercased()
        // Text may mention "javascript:" or "src=" harmlessly; only the link check below and the
        // strict tag forms decide what is markup.
        for banned in ["<script", "<style", "<iframe", "<img", "<svg"] where lowered.contains(banned) {
            return "contains \(banned)"
        }
        let bytes = Array(html.utf8)
        var open: [String] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "<"):
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { return "has a bare '<'" }
                let tag = String(decoding: bytes[index...close], as: UTF8.self)
                if tag == "<br>" {
                    // A void element: nothing to close.
                } else if tag.hasPrefix("</") {
                    let name = String(tag.dropFirst(2).dropLast())
                    guard let last = open.last else { return "closes \(tag) with nothing open" }
                    guard last == name else { return "closes \(tag) while <\(last)> is open" }
                    open.removeLast()
                } else if let name = exactTags[tag] {
                    open.append(name)
                } else if tag.hasPrefix("<figure ") {
                    guard videoTagIsValid(tag) else { return "has the figure tag \(tag)" }
                    open.append("figure")
                } else if tag.hasPrefix("<a ") {
                    guard let problem = linkProblem(tag) else {
                        open.append("a")
                        index = close + 1
                        continue
                    }
                    return problem
                } else {
                    let name = String(tag.dropFirst().dropLast())
                    guard containers.contains(name), name != "a" else { return "has the tag \(tag)" }
                    open.append(name)
                }
                index = close + 1
            case UInt8(ascii: ">"):
                return "has a bare '>'"
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                return "has a bare quote in its text"
            case UInt8(ascii: "&"):
                let rest = bytes[index...]
                guard entities.contains(where: { rest.starts(with: $0.utf8) }) else {
                    return "has a bare '&' that is not one of the sanitiser's escapes"
                }
                index += 1
            default:
                index += 1
            }
        }
        return open.isEmpty ? nil : "leaves \(open.map { "<\($0)>" }.joined()) open"
    }

    /// True for the click-to-play video's one form: a known provider and an id of its pattern.
    static func videoTagIsValid(_ tag: String) -> Bool {
        for (provider, length) in [("youtube", 11), ("vimeo", 0)] {
            let start = "<figure class=\"embed-video\" data-embed=\"\(provider)\" data-video-id=\""
            guard tag.hasPrefix(start), tag.hasSuffix("\">") else { continue }
            let id = tag.dropFirst(start.count).dropLast(2).utf8
            let characters = id.allSatisfy { byte in
                (0x30...0x39).contains(byte)
                    || (length > 0
                        && ((0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
                            || byte == 0x2D))
            }
            return characters && (length == 0 ? !id.isEmpty : id.count == length)
        }
        return false
    }

    /// Why an `<a …>` tag is not the one safe form, or nil.
    static func linkProblem(_ tag: String) -> String? {
        let start = "<a href=\""
        guard tag.hasPrefix(start), tag.hasSuffix(linkEnd), tag.count >= start.count + linkEnd.count else {
            return "has the link tag \(tag)"
        }
        let href = String(tag.dropFirst(start.count).dropLast(linkEnd.count))
        guard !href.contains("\""), !href.contains("<") else { return "has a link whose href breaks out: \(tag)" }
        guard !href.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            return "has a link with spaces or control characters in its href: \(tag)"
        }
        var decoded = href
        for (entity, character) in zip(entities, ["&", "<", ">", "\"", "'"]).reversed() {
            decoded = decoded.replacingOccurrences(of: entity, with: character)
        }
        guard let colon = decoded.firstIndex(of: ":"), linkSchemes.contains(decoded[..<colon].lowercased()) else {
            return "links to something other than http, https or mailto: \(tag)"
        }
        return nil
    }
}
