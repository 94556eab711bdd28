/// Limits that keep a story fit for a page, a feed and a database row.
public enum StoryLimits {
    /// Longest headline, in characters.
    public static let headlineLength = 200
    /// Most highlight bullets a story may carry.
    public static let highlightCount = 6
    /// Longest highlight bullet, in characters.
    public static let highlightLength = 300
    /// Most "All About" topics a story may carry.
    public static let topicCount = 20
    /// Longest topic name, in characters.
    public static let topicLength = 100
    /// Longest byline or dateline part, in characters.
    public static let creditLength = 200
    /// Most paragraphs in a body.
    public static let paragraphCount = 2_000
    /// Largest body, in UTF-8 bytes.
    public static let bodyBytes = 2_000_000
}

extension StoryDraft {
    /// The draft with whitespace tidied and empty entries dropped, or every problem found.
    ///
    /// Normalising first means "  Kosovo " and "Kosovo" are one topic, and a body of blank
    /// paragraphs counts as no body.
    public func validated() throws(StoryValidationError) -> StoryDraft {
        var draft = self
        draft.headline = headline.collapsingWhitespace()
        draft.section = section?.collapsingWhitespace().nilIfEmpty
        draft.byline = byline?.collapsingWhitespace().nilIfEmpty
        // Search and share text is plain: markup a writer pastes in is taken out, not shown.
        draft.seoTitle = seoTitle.map { MarkdownText.plain($0).collapsingWhitespace() }?.nilIfEmpty
        draft.seoDescription = seoDescription.map { MarkdownText.plain($0).collapsingWhitespace() }?.nilIfEmpty
        if let ids = authorIDs {
            var seenAuthors = Set<Int64>()
            draft.authorIDs = ids.filter { seenAuthors.insert($0).inserted }
        }
        draft.dateline = Dateline(
            place: dateline.place?.collapsingWhitespace(), source: dateline.source?.collapsingWhitespace())
        // Line breaks of any platform become "\n"; a carriage return alone is not a control left in.
        draft.body = body.map {
            $0.replacingLineBreaks().trimmingWhitespace()
        }.filter { !$0.isEmpty }
        // Highlights are plain text wherever they show (front page, feeds, mail): no Markdown.
        draft.highlights = highlights.map { MarkdownText.plain($0).collapsingWhitespace() }.filter { !$0.isEmpty }
        var seenTopics = Set<Slug>()
        draft.topics = topics.map { $0.collapsingWhitespace() }.filter { name in
            guard let slug = Slug(from: name) else { return false }
            return seenTopics.insert(slug).inserted
        }

        var problems: [StoryValidationError.Problem] = []
        func problem(_ field: String, _ message: String) {
            problems.append(.init(field: field, message: message))
        }
        if draft.headline.isEmpty {
            problem("headline", "a story needs a headline")
        } else if draft.headline.count > StoryLimits.headlineLength {
            problem(
                "headline",
                "the headline has \(draft.headline.count) characters; keep it to \(StoryLimits.headlineLength)")
        } else if Slug(from: draft.headline) == nil {
            problem("headline", "the headline needs at least one letter or digit")
        }
        if let section = draft.section, Slug(from: section) == nil {
            problem("section", "the section name needs at least one letter or digit")
        }
        if draft.section == nil {
            problem("section", "choose the section the story belongs to")
        }
        if let byline = draft.byline, byline.count > StoryLimits.creditLength {
            problem("byline", "the byline is longer than \(StoryLimits.creditLength) characters")
        }
        if let title = draft.seoTitle, title.count > SEOLimits.titleLength {
            problem("seoTitle", "the SEO title has \(title.count) characters; keep it to \(SEOLimits.titleLength)")
        }
        if let text = draft.seoDescription, text.count > SEOLimits.descriptionLength {
            problem(
                "seoDescription",
                "the SEO description has \(text.count) characters; keep it to \(SEOLimits.descriptionLength)")
        }
        if let ids = draft.authorIDs, ids.count > AuthorLimits.perStory {
            problem("authors", "\(ids.count) authors; credit at most \(AuthorLimits.perStory)")
        }
        for (name, value) in [("dateline.place", draft.dateline.place), ("dateline.source", draft.dateline.source)] {
            if let value, value.count > StoryLimits.creditLength {
                problem(name, "longer than \(StoryLimits.creditLength) characters")
            }
        }
        if draft.body.isEmpty {
            problem("body", "a story needs at least one paragraph of body text")
        } else if draft.body.count > StoryLimits.paragraphCount {
            problem("body", "the body has \(draft.body.count) paragraphs; the limit is \(StoryLimits.paragraphCount)")
        } else {
            let bytes = draft.body.reduce(0) { $0 + $1.utf8.count }
            if bytes > StoryLimits.bodyBytes {
                problem("body", "the body is \(bytes / 1000) KB; the limit is \(StoryLimits.bodyBytes / 1000) KB")
            }
        }
        if draft.highlights.count > StoryLimits.highlightCount {
            problem("highlights", "\(draft.highlights.count) highlights; keep it to \(StoryLimits.highlightCount)")
        }
        for (index, highlight) in draft.highlights.enumerated() where highlight.count > StoryLimits.highlightLength {
            problem("highlights[\(index + 1)]", "longer than \(StoryLimits.highlightLength) characters")
        }
        if draft.topics.count > StoryLimits.topicCount {
            problem("topics", "\(draft.topics.count) topics; keep it to \(StoryLimits.topicCount)")
        }
        for (index, topic) in draft.topics.enumerated() where topic.count > StoryLimits.topicLength {
            problem("topics[\(index + 1)]", "longer than \(StoryLimits.topicLength) characters")
        }
        // Controls are checked on what is stored: whitespace tidying has already turned tabs and
        // line breaks in one-line fields into spaces, so anything left is a real control.
        let oneLine: [(String, String?)] = [
            ("headline", draft.headline), ("section", draft.section), ("byline", draft.byline),
            ("dateline.place", draft.dateline.place), ("dateline.source", draft.dateline.source),
            ("seoTitle", draft.seoTitle), ("seoDescription", draft.seoDescription),
        ]
        for case (let field, let value?) in oneLine {
            if let message = value.controlCharacterProblem() { problem(field, "the \(field) \(message)") }
        }
        for (index, paragraph) in draft.body.enumerated() {
            if let message = paragraph.controlCharacterProblem(allowing: ["\t", "\n"]) {
                problem("body", "paragraph \(index + 1) \(message)")
                break
            }
        }
        for (index, highlight) in draft.highlights.enumerated() {
            if let message = highlight.controlCharacterProblem() {
                problem("highlights[\(index + 1)]", "highlight \(index + 1) \(message)")
            }
        }
        for (index, topic) in draft.topics.enumerated() {
            if let message = topic.controlCharacterProblem() {
                problem("topics[\(index + 1)]", "topic \(index + 1) \(message)")
            }
        }
        if let leadImage = draft.leadImage, leadImage <= 0 {
            problem("lead_image", "\(leadImage) is not a media library id; choose an image from the library")
        }
        guard problems.isEmpty else { throw StoryValidationError(problems: problems) }
        return draft
    }
}
