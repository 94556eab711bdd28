import DatelineCore

/// Short plain texts made from a story for feeds and structured data.
enum FeedSummary {
    /// Longest summary, in characters; feed readers show a line or two.
    static let maximumLength = 300

    /// The story's first paragraph, cut at a word near ``maximumLength``; the first highlight
    /// when the story has no body text.
    static func text(of story: Story) -> String {
        let lead = (story.body.first ?? story.highlights.first ?? "").collapsingWhitespace()
        guard lead.count > maximumLength else { return lead }
        let cut = lead.prefix(maximumLength)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return String(atWord).trimmingWhitespace() + "…"
    }

    /// "By Maren Holt" → "Maren Holt": a byline names the writer after a conventional "By".
    static func author(fromByline byline: String) -> String {
        let trimmed = byline.trimmingWhitespace()
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("by "), trimmed.count > 3 else { return trimmed }
        return String(trimmed.dropFirst(3)).trimmingWhitespace()
    }

    /// The highlights as one description sentence list.
    static func description(of story: Story) -> String? {
        let text = story.highlights.map { $0.collapsingWhitespace() }.filter { !$0.isEmpty }
            .map { $0.hasSuffix(".") || $0.hasSuffix("!") || $0.hasSuffix("?") ? $0 : $0 + "." }
            .joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    /// The title search engines and share cards show: the story's SEO title, else its headline.
    static func shareTitle(of story: Story) -> String { story.seoTitle ?? story.headline }

    /// The description share cards show: the story's SEO description, else its highlights.
    static func shareDescription(of story: Story) -> String? { story.seoDescription ?? description(of: story) }
}
