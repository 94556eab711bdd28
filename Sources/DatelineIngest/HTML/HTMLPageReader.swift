import DatelineCore
import Foundation

/// Reads saved or fetched HTML pages (plain or gzip-compressed, any common charset, broken markup
/// and all) into stories: the article text without the page's furniture, and its headline,
/// byline, date, section, dateline, highlights and topics.
public struct HTMLPageReader: PageReader {
    /// The largest page read, before and after inflating; larger pages are refused with an error.
    public var maximumBytes: Int

    /// Makes a reader that refuses pages over `maximumBytes`.
    public init(maximumBytes: Int = PageSizeLimit.defaultBytes) {
        self.maximumBytes = maximumBytes
    }

    /// Reads `page` into a draft; fails when the page is not HTML or holds no headline or story text.
    public func read(_ page: RawPage) throws(IngestError) -> StoryDraft {
        try readWithLeadImage(page).draft
    }

    /// ``read(_:)`` and the page's lead image with its caption, credit and alt text, when it has one.
    public func readWithLeadImage(_ page: RawPage) throws(IngestError) -> (draft: StoryDraft, image: LeadImage?) {
        let article = try extract(page)
        guard let headline = article.headline?.nilIfEmpty else {
            throw IngestError(
                location: page.location,
                message: "no headline found: the page has no <h1>, og:title, JSON-LD headline or <title>")
        }
        guard !article.body.isEmpty else {
            throw IngestError(
                location: page.location,
                message: "no story text found: nothing on the page reads as article paragraphs (is it an index "
                    + "page, a login wall or a page built by JavaScript?)")
        }
        var source = page.storySource
        if let canonical = article.canonicalURL { source.url = canonical }
        let draft = StoryDraft(
            headline: String(headline.prefix(StoryLimits.headlineLength)),
            section: article.section,
            dateline: article.dateline,
            byline: article.byline,
            body: article.body,
            highlights: article.highlights,
            highlightsOrigin: article.highlights.isEmpty ? .editor : .source,
            topics: article.topics,
            topicsOrigin: article.topics.isEmpty ? .editor : article.topicsOrigin,
            publishedAt: article.published,
            source: source)
        return (draft, article.image)
    }

    /// Reads everything the page says about its story; fails only when the page is not readable HTML.
    public func extract(_ page: RawPage) throws(IngestError) -> ExtractedArticle {
        try HTMLArticleExtractor(maximumBytes: maximumBytes, findsTopics: true).extract(page)
    }

    /// The page with its gzip compression undone (the page itself when it is not compressed), so a
    /// caller can separate reading and inflating from extraction, as a benchmark does.
    public func inflated(_ page: RawPage) throws(IngestError) -> RawPage {
        var page = page
        page.bytes = try HTMLArticleExtractor(maximumBytes: maximumBytes, findsTopics: false).inflate(page)
        return page
    }

    /// Reads only the story text as printed (dateline included), skipping the topic search: the fast
    /// path for bulk extraction.
    public func extractText(_ page: RawPage) throws(IngestError) -> String {
        try HTMLArticleExtractor(maximumBytes: maximumBytes, findsTopics: false, readsMetadata: false).extract(page)
            .printedText
    }
}
