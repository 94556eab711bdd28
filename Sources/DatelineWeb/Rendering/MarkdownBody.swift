import DatelineCore
import Foundation
import Ink

/// A story body as the newsroom keeps it — Markdown, one block per stored paragraph — and as
/// readers get it: each block rendered by Ink and then cut down by ``HTMLSanitizer``.
///
/// Keeping the Markdown source (not HTML) in the store means the sanitiser's rules apply at every
/// render, so a tightened allowlist protects old stories too, and feeds or the API can still use
/// the plain text.
enum MarkdownBody {
    /// The body's blocks as safe HTML, in order.
    static func html(_ blocks: [String]) -> [SanitizedHTML] {
        let parser = MarkdownParser()
        let sanitizer = HTMLSanitizer()
        return blocks.map { SanitizedHTML(sanitizedHTML: sanitizer.sanitize(parser.html(from: $0))) }
    }

    /// The inside of a block's HTML when it is exactly one paragraph, so the dateline can lead it.
    static func paragraphContent(_ block: SanitizedHTML) -> SanitizedHTML? {
        let html = block.sanitizedHTML
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>") else { return nil }
        let inner = html.dropFirst(3).dropLast(4)
        // Cutting the outer <p> off balanced output leaves balanced output, unless it held more paragraphs.
        return inner.contains("<p>") ? nil : SanitizedHTML(sanitizedHTML: String(inner))
    }

    /// Splits an editor's Markdown into stored blocks at blank lines, keeping fenced code whole.
    static func blocks(from markdown: String) -> [String] {
        let lines = markdown.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        var blocks: [String] = []
        var current: [Substring] = []
        var inFence = false
        for line in lines {
            if String(line).trimmingWhitespace().hasPrefix("```") { inFence.toggle() }
            if !inFence, String(line).trimmingWhitespace().isEmpty {
                if !current.isEmpty { blocks.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current.joined(separator: "\n")) }
        return blocks
    }

    /// The stored blocks as one Markdown text for the editor's text area.
    static func markdown(from blocks: [String]) -> String { blocks.joined(separator: "\n\n") }
}

/// HTML that has been through ``HTMLSanitizer``: the only kind a template may print unescaped,
/// always as `{{{sanitizedHTML}}}` so a review (and a test) can find every such place.
struct SanitizedHTML: Sendable, Hashable {
    /// The markup; only ``MarkdownBody`` makes these.
    let sanitizedHTML: String

    fileprivate init(sanitizedHTML: String) { self.sanitizedHTML = sanitizedHTML }
}
