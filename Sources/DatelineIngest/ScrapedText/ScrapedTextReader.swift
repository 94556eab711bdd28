import DatelineCore
import Foundation

/// Reads story pages in the scraped-text layout of 2008 CNN.com — the text of the page as a
/// scraper or a text browser (w3m) renders it, menus and all — into a story draft.
///
/// The story is found by its structure (headline, Story Highlights, font controls, byline,
/// dateline, body, "E-mail to a friend", "All About"), not by fixed line positions, so pages of
/// the same layout with other menus and widgets read the same way.
public struct ScrapedTextReader: PageReader {
    /// The largest page read; larger ones are refused with an error.
    public var maximumBytes: Int
    /// The width, in columns, the text browser wrapped lines at (w3m's default is 80); lines it
    /// broke only for width are joined back into their paragraph.
    public var wrapColumns: Int

    /// Makes a reader.
    public init(maximumBytes: Int = PageSizeLimit.defaultBytes, wrapColumns: Int = 80) {
        self.maximumBytes = maximumBytes
        self.wrapColumns = wrapColumns
    }

    /// Reads `page` into a draft with the page's headline, section ("Next Article in World"),
    /// dateline, byline, body, highlights, topics and publication time, and its source for re-import.
    public func read(_ page: RawPage) throws(IngestError) -> StoryDraft {
        let text = try page.decodedText(maximumBytes: maximumBytes)
        let blocks = ScrapedTextBlock.blocks(in: text, columns: wrapColumns)
        let story = try ScrapedStoryFinder(blocks: blocks, location: page.location).find()
        let topics =
            story.allAboutLine.map {
                AllAboutTopics.topics(fromLine: $0, storyText: [story.headline] + story.highlights + story.body)
            } ?? []
        return StoryDraft(
            headline: story.headline,
            section: story.section,
            dateline: story.dateline,
            byline: story.byline,
            body: story.body,
            highlights: story.highlights,
            highlightsOrigin: story.highlights.isEmpty ? .editor : .source,
            topics: topics,
            topicsOrigin: topics.isEmpty ? .editor : .source,
            publishedAt: story.publishedAt,
            source: page.storySource)
    }
}
