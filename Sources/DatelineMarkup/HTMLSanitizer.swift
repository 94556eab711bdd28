import DatelineIngest

/// Cuts HTML down to the few elements a story body may use, so nothing a writer (or a pasted
/// page) puts in a body can run script, load resources, restyle the page or fake its controls.
///
/// libxml2's HTML parser (``HTMLFragmentReader``) reads the markup as a browser would, resolving
/// every character reference; this type only decides what of it is written back out.
///
/// Allowed: `p`, `h2`–`h4`, `ul`, `ol`, `li`, `blockquote`, `em`, `strong`, `code`, `pre`, `br`,
/// `a` with an `http`, `https` or `mailto` `href` (given `rel="nofollow noopener"`), and tables
/// (`table`, `thead`, `tbody`, `tr`, `th`, `td`, only in that nesting; each table is wrapped in a
/// scrolling region, header cells get `scope`, Ink's `align` becomes a class). The two embeds
/// ``Embed`` writes are the only other forms: `<figure class="embed-video">` with a valid
/// `data-embed`/`data-video-id` pair, and `<blockquote class="embed-post">`. Every other
/// attribute is dropped. Other tags are dropped but their text kept, except elements whose
/// content is code or chrome (`script`, `style`, `svg`, `iframe`, …), which go with everything
/// inside them. Text is re-escaped, so entity tricks cannot smuggle markup through.
struct HTMLSanitizer: Sendable {
    private static let allowed: Set<String> = [
        "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "pre", "br",
        "table", "thead", "tbody", "tr", "th", "td", "figure",
    ]
    /// Headings outside the allowed range keep their meaning at the nearest allowed level.
    private static let renamed: [String: String] = ["h1": "h2", "h5": "h4", "h6": "h4", "b": "strong", "i": "em"]
    private static let droppedWithContent: Set<String> = [
        "script", "style", "svg", "math", "iframe", "frame", "frameset", "object", "embed", "template", "noscript",
        "noembed", "noframes", "textarea", "select", "title", "head", "xmp", "plaintext", "canvas", "audio", "video",
    ]
    private static let linkSchemes: Set<String> = ["http", "https", "mailto"]
    /// Where a table may start: at the top of a block or inside these (never inside a paragraph).
    private static let flowContainers: Set<String> = ["blockquote", "li", "td", "th"]
    /// The element a table part must sit directly inside.
    private static let tableParents: [String: Set<String>] = [
        "thead": ["table"], "tbody": ["table"], "tr": ["table", "thead", "tbody"], "th": ["tr"], "td": ["tr"],
    ]
    /// The opening tag of the scrolling region around every table, so a wide table scrolls
    /// sideways on a phone instead of widening the page; focusable so keyboards can scroll it.
    static let tableWrapper = "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">"

    /// Pairs "open next" of written elements where libxml2 closes `open` at a `<next>` tag.
    private static let closedByStartTag: Set<String> = {
        let names = allowed.subtracting(["br"])
        var pairs: Set<String> = []
        for open in names {
            for next in names where HTMLFragmentReader.startTag(next, closes: open) { pairs.insert("\(open) \(next)") }
        }
        return pairs
    }()

    private static func startTag(_ next: String, closes open: String) -> Bool {
        closedByStartTag.contains("\(open) \(next)")
    }

    /// An element open in the output (or read and not written).
    private struct Open {
        /// The element's name in the input, matched against end tags.
        var source: String
        /// What was written for it, or nil when only its text is kept.
        var written: String?
        /// What closes it in the output.
        var closing: String
    }

    /// The safe form of `html`; always well-nested, every opened element closed.
    func sanitize(_ html: String) -> String {
        var output = ""
        var open: [Open] = []
        var skipping = 0
        for event in HTMLFragmentReader.events(in: html) {
            switch event {
            case .text(let text):
                if skipping == 0 { output += Self.escape(text) }
            case .start(let rawName, let attributes):
                if skipping > 0 || Self.droppedWithContent.contains(rawName) {
                    skipping += 1
                    continue
                }
                let name = Self.renamed[rawName] ?? rawName
                guard Self.allowed.contains(name) else {
                    open.append(Open(source: rawName, written: nil, closing: ""))
                    continue
                }
                // What the parser would close at this tag when it reads the output back (dropped
                // elements can leave, say, a <ul> directly inside a <p>), closed here already.
                var closing: [Int] = []
                var parentIndex = open.lastIndex(where: { $0.written != nil })
                while let index = parentIndex, let parent = open[index].written, Self.startTag(name, closes: parent) {
                    closing.append(index)
                    parentIndex = open[..<index].lastIndex(where: { $0.written != nil })
                }
                let parent = parentIndex.flatMap { open[$0].written }
                let tag = Self.openingTag(
                    name, attributes, parent: parent, Array(open[..<(parentIndex.map { $0 + 1 } ?? 0)]))
                if let tag {
                    for index in closing {
                        output += open[index].closing
                        open[index].written = nil
                    }
                    output += tag
                }
                let written = tag == nil || name == "br" ? nil : name
                open.append(
                    Open(source: rawName, written: written, closing: name == "table" ? "</table></div>" : "</\(name)>"))
            case .end(let rawName):
                if skipping > 0 {
                    skipping -= 1
                    continue
                }
                guard let index = open.lastIndex(where: { $0.source == rawName }) else { continue }
                while open.count > index {
                    let element = open.removeLast()
                    if element.written != nil { output += element.closing }
                }
            }
        }
        while let element = open.popLast() {
            if element.written != nil { output += element.closing }
        }
        return output
    }

    /// The tag written for an allowed element, or nil when it may not appear here or like this.
    private static func openingTag(
        _ name: String, _ attributes: [HTMLFragmentReader.Attribute], parent: String?, _ open: [Open]
    ) -> String? {
        func attribute(_ wanted: String) -> String? { attributes.first(where: { $0.name == wanted })?.value }
        switch name {
        case "br":
            return "<br>"
        case "a":
            guard let href = attribute("href").flatMap(safeLink) else { return nil }
            return "<a href=\"\(escape(href))\" rel=\"nofollow noopener\">"
        case "table":
            guard parent == nil || flowContainers.contains(parent ?? "") else { return nil }
            return tableWrapper + "<table>"
        case "thead", "tbody", "tr":
            guard let parent, tableParents[name]?.contains(parent) == true else { return nil }
            return "<\(name)>"
        case "th", "td":
            guard let parent, tableParents[name]?.contains(parent) == true else { return nil }
            var tag = "<\(name)"
            if name == "th" {
                let inHead = open.last(where: { $0.written == "thead" || $0.written == "tbody" })?.written == "thead"
                tag += inHead ? " scope=\"col\"" : " scope=\"row\""
            }
            // Ink's `align`, or the class this emitter made of it (so sanitising twice changes nothing).
            let fromClass = attribute("class").flatMap { $0.hasPrefix("align-") ? String($0.dropFirst(6)) : nil }
            if let align = attribute("align")?.lowercased() ?? fromClass, ["left", "center", "right"].contains(align) {
                tag += " class=\"align-\(align)\""
            }
            return tag + ">"
        case "figure":
            // Only the click-to-play video embed, only at the top of a block.
            guard parent == nil, attribute("class") == "embed-video", let provider = attribute("data-embed"),
                let id = attribute("data-video-id"), Embed.isValidVideoID(id, provider: provider)
            else { return nil }
            return "<figure class=\"embed-video\" data-embed=\"\(provider)\" data-video-id=\"\(id)\">"
        case "blockquote":
            return attribute("class") == "embed-post" && parent == nil
                ? "<blockquote class=\"embed-post\">" : "<blockquote>"
        default:
            return "<\(name)>"
        }
    }

    /// The link if its scheme is one readers can safely follow, else nil. `raw` is the decoded
    /// attribute value (the parser resolved its character references).
    ///
    /// Browsers ignore tabs, newlines and leading control characters in a URL's scheme, so those
    /// are removed before the check ("java\tscript:" is still javascript:).
    static func safeLink(_ raw: String) -> String? {
        let cleaned = String(
            String.UnicodeScalarView(
                raw.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        )
        guard let colon = cleaned.firstIndex(of: ":") else { return nil }
        let scheme = cleaned[..<colon].lowercased()
        guard linkSchemes.contains(scheme) else { return nil }
        return cleaned
    }

    /// HTML-escapes text the way the page templates do, so sanitised and templated text match.
    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
