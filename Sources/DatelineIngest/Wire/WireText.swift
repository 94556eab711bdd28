import DatelineCore
import Foundation

/// Helpers the agency readers share: paragraphs from markup, times, subject codes.
enum WireText {
    /// Elements whose end closes a paragraph.
    static let blockElements: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section", "article", "td", "dd",
        "dt", "figcaption", "br", "tr", "ul", "ol", "table", "header", "footer",
    ]

    /// Elements whose text is never story copy.
    static let droppedElements: Set<String> = ["script", "style", "head", "title", "noscript", "template"]

    /// Plain text split into paragraphs at blank lines (a single line break stays a space).
    static func paragraphs(plain text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.collapsingWhitespace() }.filter { !$0.isEmpty }
    }

    /// An HTML body as paragraphs, through the page parser's fragment reader.
    static func paragraphs(html: String) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        var dropped = 0
        func flush() {
            let text = current.collapsingWhitespace()
            if !text.isEmpty { paragraphs.append(text) }
            current = ""
        }
        for event in HTMLFragmentReader.events(in: html) {
            switch event {
            case .start(let name, _):
                if droppedElements.contains(name) { dropped += 1 } else if blockElements.contains(name) { flush() }
            case .end(let name):
                if droppedElements.contains(name) {
                    dropped = max(0, dropped - 1)
                } else if blockElements.contains(name) {
                    flush()
                }
            case .text(let text):
                if dropped == 0 { current += text }
            }
        }
        flush()
        return paragraphs
    }

    /// An XHTML (or other inline XML) body as paragraphs.
    static func paragraphs(xml element: XMLTree.Element) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        func flush() {
            let text = current.collapsingWhitespace()
            if !text.isEmpty { paragraphs.append(text) }
            current = ""
        }
        func walk(_ element: XMLTree.Element) {
            let name = element.name.lowercased()
            if droppedElements.contains(name) { return }
            let block = blockElements.contains(name)
            if block { flush() }
            for child in element.children {
                switch child {
                case .text(let text): current += text
                case .element(let inner): walk(inner)
                }
            }
            if block { flush() }
        }
        walk(element)
        flush()
        return paragraphs
    }

    /// An ISO 8601 time ("2026-12-03T10:15:00Z", with or without fractions or an offset, or a
    /// date alone as midnight UTC), or a message naming the field.
    static func time(_ text: String, field: String) throws(WireReadError) -> Date {
        let trimmed = text.trimmingWhitespace()
        let withFractions = ISO8601DateFormatter()
        withFractions.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        if let date = plain.date(from: trimmed) ?? withFractions.date(from: trimmed)
            ?? (trimmed.count == 10 ? dateOnly.date(from: trimmed) : nil)
        {
            return date
        }
        throw WireReadError(
            "\(field) is not a date and time Dateline understands: '\(trimmed.prefix(60))'; write it as "
                + "2026-12-03T10:15:00Z or with an offset such as +01:00")
    }

    /// A subject code in the form the queue keeps: IPTC Media Topics URIs become "medtop:CODE",
    /// other QCodes and URIs are kept as given.
    static func subjectCode(_ code: String?) -> String? {
        guard let code = code?.trimmingWhitespace(), !code.isEmpty else { return nil }
        for prefix in [
            "http://cv.iptc.org/newscodes/mediatopic/", "https://cv.iptc.org/newscodes/mediatopic/",
        ] where code.lowercased().hasPrefix(prefix) {
            let rest = code.dropFirst(prefix.count).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            return rest.isEmpty ? code : "medtop:" + rest
        }
        return code
    }

    /// A version number: a whole number of at least 1.
    static func version(_ text: String?, field: String) throws(WireReadError) -> Int {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return 1 }
        guard let number = Int(text), number >= 1, number <= 1_000_000_000 else {
            throw WireReadError("\(field) must be a whole number from 1 up, not '\(text.prefix(40))'")
        }
        return number
    }

    /// The host of an http(s) address, for a source name when nothing better is given.
    static func host(of address: String?) -> String? {
        guard let address, let url = URL(string: address), ["http", "https"].contains(url.scheme?.lowercased() ?? "")
        else { return nil }
        return url.host
    }

    static func isWebAddress(_ address: String?) -> Bool { host(of: address) != nil }
}
