import DatelineCore
import DatelineMarkup
import Foundation
import Ink
import Synchronization

/// A story body as the newsroom keeps it — Markdown, one block per stored paragraph — and as
/// readers get it: each block rendered by Ink (or, when it is only a link to a video or a social
/// post, by ``Embed``) and then cut down by ``HTMLSanitizer``.
///
/// Keeping the Markdown source (not HTML) in the store means the sanitiser's rules apply at every
/// render, so a tightened allowlist protects old stories too, and feeds or the API can still use
/// the plain text.
public enum MarkdownBody {
    /// The body's blocks as safe HTML, in order.
    ///
    /// Parsing and sanitising took a seventh of a story page's time, so each block's result is
    /// remembered by this process (keyed by the block's own text, so an edited block is simply a
    /// new key). The rules still apply at every start: nothing rendered is ever stored.
    ///
    /// A block of nothing but `![alt](media:ID "caption")` images becomes the figures `figure`
    /// draws for them (the web layer draws them from its media library), never passed through the
    /// sanitiser or the memo: `figure` writes them from stored, checked fields only. An image
    /// `figure` has no drawing for (nil) is left out, and a block of only such images with it.
    public static func html(
        _ blocks: [String], figure: (StoryImages.Placement) -> String? = { _ in nil }
    ) -> [SanitizedHTML] {
        guard blocks.contains(where: { StoryImages.figures(in: $0) != nil }) else { return html(text: blocks) }
        var result: [SanitizedHTML] = []
        for block in blocks {
            if let placements = StoryImages.figures(in: block) {
                let figures = placements.compactMap(figure)
                if !figures.isEmpty { result.append(SanitizedHTML(sanitizedHTML: figures.joined())) }
            } else {
                result += html(text: [block])
            }
        }
        return result
    }

    /// Blocks of text (no figures) as sanitised HTML, through the memo.
    private static func html(text blocks: [String]) -> [SanitizedHTML] {
        var missing: [String] = []
        var known = rendered.withLock { memo in
            blocks.map { block in
                let html = memo.html[block]
                if html == nil { missing.append(block) }
                return html
            }
        }
        guard !missing.isEmpty else { return known.compactMap { $0 } }
        let parser = MarkdownParser()
        let sanitizer = HTMLSanitizer()
        var fresh: [String: SanitizedHTML] = [:]
        for (index, block) in blocks.enumerated() where known[index] == nil {
            // A block that is only a link to a video or a post is an embed (see ``Embed``).
            let html =
                fresh[block]
                ?? SanitizedHTML(
                    sanitizedHTML: sanitizer.sanitize(
                        Embed(block: block)?.html ?? parser.html(from: inkSafe(pipedTable(block)))))
            fresh[block] = html
            known[index] = html
        }
        rendered.withLock { memo in
            for (block, html) in fresh { memo.remember(html, for: block) }
        }
        return known.compactMap { $0 }
    }

    /// The block with every "<p" (or "<P") written as "&lt;p", except a whole tag that starts
    /// the block (Ink's HTML block, which it handles).
    ///
    /// Ink 0.6 never returns on a "<p" inside a paragraph that does not start a tag it can read:
    /// its paragraph parser stops there to let an HTML block start, and the HTML parser hands
    /// back to the paragraph parser at the same place, for ever. Found by `Fuzz/run`'s sanitiser
    /// target with "&<p", then "\<p>"; a story holding either hung every request that rendered
    /// it. Writing the "<" as an entity shows readers the same text.
    ///
    /// Ink also tries every "[" as the start of a link and backtracks, so its time doubles with
    /// each "[" left open: 20 of them took 4 s, 26 hung the fuzzer. A block whose brackets nest
    /// deeper than ``maximumBracketDepth`` has its "[" written as "&#91;" (still "[" to readers;
    /// links in such a block show as text).
    static func inkSafe(_ block: String) -> String {
        var block = block
        if bracketDepth(of: block) > maximumBracketDepth {
            block = block.replacingOccurrences(of: "[", with: "&#91;")
        }
        guard block.utf8.contains(UInt8(ascii: "<")) else { return block }
        let bytes = Array(block.utf8)
        // Only a block that starts with a whole tag is Ink's HTML block; anywhere else, "<p" is text.
        let leadingTag = bytes.count > 1 && bytes[0] == UInt8(ascii: "<") && bytes.contains(UInt8(ascii: ">"))
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "<"), index + 1 < bytes.count, !(index == 0 && leadingTag),
                bytes[index + 1] == UInt8(ascii: "p") || bytes[index + 1] == UInt8(ascii: "P")
            {
                out.append(contentsOf: Array("&lt;".utf8))
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A GFM table written without the outer pipes ("a | b" over "--- | ---") with them added,
    /// since Ink reads a table only from lines that start with "|"; any other block unchanged.
    static func pipedTable(_ block: String) -> String {
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 2, lines.allSatisfy({ $0.contains("|") }) else { return block }
        let delimiter = String(lines[1]).trimmingWhitespace()
        guard delimiter.contains("-"), delimiter.allSatisfy({ "|-: \t".contains($0) }),
            lines.contains(where: { !String($0).trimmingWhitespace().hasPrefix("|") })
        else { return block }
        return lines.map { line in
            var row = String(line).trimmingWhitespace()
            if !row.hasPrefix("|") { row = "| " + row }
            if !row.hasSuffix("|") || row.hasSuffix("\\|") { row += " |" }
            return row
        }.joined(separator: "\n")
    }

    /// Deepest "[" nesting Ink is given: real copy nests a link or two, and Ink stays in
    /// milliseconds up to about ten.
    static let maximumBracketDepth = 8

    /// How deep "[" nest in `text`, counting a "[" with no "]" after it as still open.
    static func bracketDepth(of text: String) -> Int {
        var depth = 0
        var deepest = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "[") {
                depth += 1
                deepest = max(deepest, depth)
            } else if byte == UInt8(ascii: "]"), depth > 0 {
                depth -= 1
            }
        }
        return deepest
    }

    /// Blocks already rendered, up to about ``Memo/maximumBytes`` of source and HTML.
    private static let rendered = Mutex(Memo())

    struct Memo: Sendable {
        static let maximumBytes = 32 * 1024 * 1024
        var html: [String: SanitizedHTML] = [:]
        var bytes = 0

        /// Keeps one more block, starting afresh when the memo is full (the next pages refill it).
        mutating func remember(_ rendered: SanitizedHTML, for block: String) {
            let size = block.utf8.count + rendered.sanitizedHTML.utf8.count
            guard size <= Self.maximumBytes / 64 else { return }
            if bytes + size > Self.maximumBytes {
                html.removeAll(keepingCapacity: true)
                bytes = 0
            }
            if html.updateValue(rendered, forKey: block) == nil { bytes += size }
        }
    }

    /// The inside of a block's HTML when it is exactly one paragraph, so the dateline can lead it.
    public static func paragraphContent(_ block: SanitizedHTML) -> SanitizedHTML? {
        let html = block.sanitizedHTML
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>") else { return nil }
        let inner = html.dropFirst(3).dropLast(4)
        // Cutting the outer <p> off balanced output leaves balanced output, unless it held more paragraphs.
        return inner.contains("<p>") ? nil : SanitizedHTML(sanitizedHTML: String(inner))
    }

    /// Splits an editor's Markdown into stored blocks at blank lines, keeping fenced code whole.
    public static func blocks(from markdown: String) -> [String] {
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
    public static func markdown(from blocks: [String]) -> String { blocks.joined(separator: "\n\n") }
}

/// HTML that has been through ``HTMLSanitizer``: the only kind a template may print unescaped,
/// always as `{{{sanitizedHTML}}}` so a review (and a test) can find every such place.
public struct SanitizedHTML: Sendable, Hashable {
    /// The markup; only ``MarkdownBody`` makes these.
    public let sanitizedHTML: String

    fileprivate init(sanitizedHTML: String) { self.sanitizedHTML = sanitizedHTML }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension SanitizedHTML: TemplateObject {
    public func child(named key: String) -> TemplateValue {
        switch key {
        case "sanitizedHTML": return sanitizedHTML.templateValue
        default: return .missing
        }
    }
}
