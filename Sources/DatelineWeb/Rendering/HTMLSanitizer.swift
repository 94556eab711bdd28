/// Cuts HTML down to the few elements a story body may use, so nothing a writer (or a pasted
/// page) puts in a body can run script, load resources, restyle the page or fake its controls.
///
/// Allowed: `p`, `h2`–`h4`, `ul`, `ol`, `li`, `blockquote`, `em`, `strong`, `code`, `pre`, `br`,
/// and `a` with an `http`, `https` or `mailto` `href` (given `rel="nofollow noopener"`). Every
/// other attribute is dropped. Other tags are dropped but their text kept, except elements whose
/// content is code or chrome (`script`, `style`, `svg`, …), which go with everything inside them.
/// Text is decoded and re-escaped, so entity tricks cannot smuggle markup through.
struct HTMLSanitizer: Sendable {
    private static let allowed: Set<String> = [
        "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "pre", "br",
    ]
    /// Headings outside the allowed range keep their meaning at the nearest allowed level.
    private static let renamed: [String: String] = ["h1": "h2", "h5": "h4", "h6": "h4", "b": "strong", "i": "em"]
    private static let droppedWithContent: Set<String> = [
        "script", "style", "svg", "math", "iframe", "frame", "frameset", "object", "embed", "template", "noscript",
        "noembed", "noframes", "textarea", "select", "title", "head", "xmp", "plaintext", "canvas", "audio", "video",
    ]
    private static let linkSchemes: Set<String> = ["http", "https", "mailto"]

    /// The safe form of `html`; always well-nested, every opened element closed.
    func sanitize(_ html: String) -> String {
        var output = ""
        var open: [String] = []
        var skipping: String?
        var scanner = Scanner(Array(html.unicodeScalars))
        while let token = scanner.next() {
            if let skipped = skipping {
                if case .end(let name) = token, name == skipped { skipping = nil }
                continue
            }
            switch token {
            case .text(let text):
                output += Self.escape(Self.decodeEntities(text))
            case .start(let rawName, let attributes, let selfClosing):
                if Self.droppedWithContent.contains(rawName) {
                    if !selfClosing { skipping = rawName }
                    continue
                }
                let name = Self.renamed[rawName] ?? rawName
                guard Self.allowed.contains(name) else { continue }
                if name == "br" {
                    output += "<br>"
                    continue
                }
                if name == "a" {
                    guard let href = attributes.first(where: { $0.name == "href" }).flatMap({ Self.safeLink($0.value) })
                    else { continue }
                    output += "<a href=\"\(Self.escape(href))\" rel=\"nofollow noopener\">"
                } else {
                    output += "<\(name)>"
                }
                open.append(name)
            case .end(let rawName):
                let name = Self.renamed[rawName] ?? rawName
                guard let index = open.lastIndex(of: name) else { continue }
                while open.count > index { output += "</\(open.removeLast())>" }
            }
        }
        while let name = open.popLast() { output += "</\(name)>" }
        return output
    }

    /// The link if its scheme is one readers can safely follow, else nil.
    ///
    /// Browsers ignore tabs, newlines and leading control characters in a URL's scheme, so those
    /// are removed before the check ("java\tscript:" is still javascript:).
    static func safeLink(_ raw: String) -> String? {
        let decoded = decodeEntities(raw)
        let cleaned = String(
            String.UnicodeScalarView(
                decoded.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        )
        guard let colon = cleaned.firstIndex(of: ":") else { return nil }
        let scheme = cleaned[..<colon].lowercased()
        guard linkSchemes.contains(scheme) else { return nil }
        return cleaned
    }

    /// HTML-escapes text the way the page templates do, so sanitised and templated text match.
    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    /// Decodes character references; unknown names stay as written (and are escaped later).
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "&", let semicolon = scalars[index...].prefix(34).firstIndex(of: ";") else {
                out.append(scalar)
                index += 1
                continue
            }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))
            if let decoded = reference(name) {
                out.append(decoded)
                index = semicolon + 1
            } else {
                out.append(scalar)
                index += 1
            }
        }
        return String(out)
    }

    private static func reference(_ name: String) -> Unicode.Scalar? {
        switch name.lowercased() {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{A0}"
        case "colon": return ":"
        case "tab": return "\t"
        case "newline": return "\n"
        default: break
        }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let value else { return nil }
        return Unicode.Scalar(value).flatMap { $0.value == 0 ? nil : $0 } ?? "\u{FFFD}"
    }

    /// One piece of HTML as the scanner sees it.
    private enum Token {
        case text(String)
        case start(name: String, attributes: [(name: String, value: String)], selfClosing: Bool)
        case end(name: String)
    }

    /// A forgiving tokenizer: anything that is not a well-formed tag is text, so it gets escaped.
    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        mutating func next() -> Token? {
            guard index < scalars.count else { return nil }
            if scalars[index] == "<", let token = tag() { return token }
            let start = index
            index += 1
            while index < scalars.count, scalars[index] != "<" { index += 1 }
            return .text(String(String.UnicodeScalarView(scalars[start..<index])))
        }

        private func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }

        private func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
        }

        /// Reads a tag, comment or declaration at `index`; nil (leaving `index`) when it is text.
        private mutating func tag() -> Token? {
            var cursor = index + 1
            guard cursor < scalars.count else { return nil }
            if scalars[cursor] == "!" || scalars[cursor] == "?" {
                // Comments, doctypes, CDATA and processing instructions carry nothing a body needs.
                let isComment = scalars[cursor...].starts(with: "!--".unicodeScalars)
                let terminator: [Unicode.Scalar] = isComment ? Array("-->".unicodeScalars) : [">"]
                var end = cursor
                while end < scalars.count, !scalars[end...].starts(with: terminator) { end += 1 }
                index = min(end + terminator.count, scalars.count)
                return .text("")
            }
            var isEnd = false
            if scalars[cursor] == "/" {
                isEnd = true
                cursor += 1
            }
            guard cursor < scalars.count, isNameStart(scalars[cursor]) else { return nil }
            var name = ""
            while cursor < scalars.count, !isSpace(scalars[cursor]), scalars[cursor] != ">", scalars[cursor] != "/" {
                name.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            var attributes: [(name: String, value: String)] = []
            var selfClosing = false
            while cursor < scalars.count {
                while cursor < scalars.count, isSpace(scalars[cursor]) { cursor += 1 }
                guard cursor < scalars.count else { break }
                if scalars[cursor] == ">" {
                    index = cursor + 1
                    let lowered = name.lowercased()
                    return isEnd
                        ? .end(name: lowered)
                        : .start(name: lowered, attributes: attributes, selfClosing: selfClosing)
                }
                if scalars[cursor] == "/" {
                    selfClosing = true
                    cursor += 1
                    continue
                }
                var attributeName = ""
                while cursor < scalars.count, !isSpace(scalars[cursor]), scalars[cursor] != ">",
                    scalars[cursor] != "=", scalars[cursor] != "/" || attributeName.isEmpty
                {
                    attributeName.unicodeScalars.append(scalars[cursor])
                    cursor += 1
                }
                while cursor < scalars.count, isSpace(scalars[cursor]) { cursor += 1 }
                var value = ""
                if cursor < scalars.count, scalars[cursor] == "=" {
                    cursor += 1
                    while cursor < scalars.count, isSpace(scalars[cursor]) { cursor += 1 }
                    if cursor < scalars.count, scalars[cursor] == "\"" || scalars[cursor] == "'" {
                        let quote = scalars[cursor]
                        cursor += 1
                        while cursor < scalars.count, scalars[cursor] != quote {
                            value.unicodeScalars.append(scalars[cursor])
                            cursor += 1
                        }
                        cursor += 1
                    } else {
                        while cursor < scalars.count, !isSpace(scalars[cursor]), scalars[cursor] != ">" {
                            value.unicodeScalars.append(scalars[cursor])
                            cursor += 1
                        }
                    }
                }
                attributes.append((attributeName.lowercased(), value))
            }
            // An unterminated tag swallows the rest of the input, as a browser would; drop it.
            index = scalars.count
            return .text("")
        }
    }
}
