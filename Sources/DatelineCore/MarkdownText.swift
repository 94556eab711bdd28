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
        // Images and links: keep the words between the brackets.
        result = result.replacing(#/!?\[([^\]]*)\]\([^)]*\)/#) { String($0.output.1) }
        result = result.replacing(#/!?\[([^\]]*)\]\[[^\]]*\]/#) { String($0.output.1) }
        // Autolinks keep their address; other tags go.
        result = result.replacing(#/<((?:https?|mailto):[^>\s]+)>/#) { String($0.output.1) }
        result = result.replacing(#/<\/?[A-Za-z][^>]*>/#, with: "")
        // Strong, emphasis and code marks around words.
        result = result.replacing(#/(\*\*|__)(\S(?:.*?\S)?)\1/#) { String($0.output.2) }
        result = result.replacing(#/(^|[^\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])/#) {
            String($0.output.1) + String($0.output.2)
        }
        result = result.replacing(#/(^|[^\w_])_(\S(?:[^_]*?\S)?)_(?![\w_])/#) {
            String($0.output.1) + String($0.output.2)
        }
        result = result.replacing(#/`([^`]+)`/#) { String($0.output.1) }
        // Block markers at the start: headings, quotes, list bullets and numbers.
        result = result.replacing(#/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d{1,3}[.)]\s+)/#, with: "")
        return result
    }
}
