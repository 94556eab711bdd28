/// Markdown (and any HTML in it) reduced to the words a reader sees, for the places that show
/// plain text: Story Highlights on the front page, in feeds and in mail, and the text engine's
/// reading of a body.
///
/// A highlight suggested from "the [city's planning portal](https://…)" used to keep the link
/// syntax, which then showed on the front page and in RSS.
public enum MarkdownText {
    /// `text` without link and image syntax (their words kept), HTML tags, emphasis and code
    /// marks, or leading heading, quote and list markers.
    public static func plain(_ text: String) -> String {
        guard text.contains(where: { "[]()<>*_`#>-+".contains($0) }) else { return text }
        var result = text
        // Each rule runs only when its marks are there: a regex is slow to run over a whole body
        // (the editor counts a body's words on every page), and most bodies need few of them.
        if result.contains("](") || result.contains("][") {
            // Images and links: keep the words between the brackets.
            result = result.replacing(Pattern.inlineLink) { String($0.output.1) }
            result = result.replacing(Pattern.referenceLink) { String($0.output.1) }
        }
        if result.contains("<") {
            // Autolinks keep their address; other tags go.
            result = result.replacing(Pattern.autolink) { String($0.output.1) }
            result = result.replacing(Pattern.tag, with: "")
        }
        if result.contains("**") || result.contains("__") {
            // Strong, emphasis and code marks around words.
            result = result.replacing(Pattern.strong) { String($0.output.2) }
        }
        if result.contains("*") {
            result = result.replacing(Pattern.starEmphasis) { String($0.output.1) + String($0.output.2) }
        }
        if result.contains("_") {
            result = result.replacing(Pattern.underscoreEmphasis) { String($0.output.1) + String($0.output.2) }
        }
        if result.contains("`") {
            result = result.replacing(Pattern.code) { String($0.output.1) }
        }
        // Block markers at the start: headings, quotes, list bullets and numbers.
        if let first = result.first(where: { !$0.isWhitespace }), "#>-*+".contains(first) || first.isNumber {
            result = result.replacing(Pattern.blockMarker, with: "")
        }
        return result
    }

    /// The rules' patterns, built once (a regex literal is parsed again each time it is reached).
    /// Regexes are immutable once built, so sharing them across threads is safe.
    private enum Pattern {
        nonisolated(unsafe) static let inlineLink = #/!?\[([^\]]*)\]\([^)]*\)/#
        nonisolated(unsafe) static let referenceLink = #/!?\[([^\]]*)\]\[[^\]]*\]/#
        nonisolated(unsafe) static let autolink = #/<((?:https?|mailto):[^>\s]+)>/#
        nonisolated(unsafe) static let tag = #/<\/?[A-Za-z][^>]*>/#
        nonisolated(unsafe) static let strong = #/(\*\*|__)(\S(?:.*?\S)?)\1/#
        nonisolated(unsafe) static let starEmphasis = #/(^|[^\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])/#
        nonisolated(unsafe) static let underscoreEmphasis = #/(^|[^\w_])_(\S(?:[^_]*?\S)?)_(?![\w_])/#
        nonisolated(unsafe) static let code = #/`([^`]+)`/#
        nonisolated(unsafe) static let blockMarker = #/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d{1,3}[.)]\s+)/#
    }
}
