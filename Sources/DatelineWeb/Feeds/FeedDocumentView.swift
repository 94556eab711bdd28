import DatelineCore
import Foundation

/// One feed (front page, a section or a topic) as RSS 2.0 or Atom: the channel and its latest
/// stories, every text stripped of characters XML forbids and escaped by the template.
struct FeedDocumentView: Sendable {
    /// The channel title ("Dateline: World").
    let title: String
    /// A line describing the channel.
    let subtitle: String
    /// The absolute URL of the channel's HTML page.
    let pageURL: String
    /// The absolute URL of this feed document.
    let selfURL: String
    /// The versioned address of feed.css, named by the document's `<?xml-stylesheet?>`.
    let stylesheetURL: String
    /// The site's name, for the Atom author and RSS generator.
    let siteName: String
    /// Newest change in the feed, in each format's date style.
    let updatedRFC822: String
    let updatedISO: String
    let entries: [Entry]

    /// One story in the feed.
    struct Entry: Sendable {
        let title: String
        /// The story's absolute URL, also its permanent id.
        let url: String
        let author: String?
        let publishedRFC822: String
        let publishedISO: String
        let updatedISO: String
        let categories: [Category]
        /// The Story Highlights and lead as HTML (escaped again by the template).
        let contentHTML: String
        /// A plain-text summary: the first paragraph.
        let summary: String
        /// The lead image as a JPEG rendition; nil when the story has none.
        var image: Image? = nil
    }

    /// A story's lead image in a feed: RSS `enclosure` and `media:content`, Atom `link rel="enclosure"`.
    struct Image: Sendable {
        let url: String
        let type = "image/jpeg"
        let width: Int
        let height: Int
        /// Text for `media:credit` and `media:description`, made XML-safe; nil when there is none.
        let credit: String?
        let description: String?
    }

    /// A topic, as an RSS or Atom category.
    struct Category: Sendable {
        let name: String
        /// The topic's slug, Atom's `term`.
        let slug: String
        /// The topic page's absolute URL.
        let url: String
    }
}

/// A feed written as RSS 2.0.
struct RSSDocumentView: PageView {
    static let template = PageTemplate.rss
    let feed: FeedDocumentView
}

/// A feed written as Atom.
struct AtomDocumentView: PageView {
    static let template = PageTemplate.atom
    let feed: FeedDocumentView
}

/// The HTML inside a feed entry: the Story Highlights as a list, then the lead paragraph,
/// written by a template so every piece of story text is escaped.
struct FeedHighlightsView: PageView {
    static let template = PageTemplate.feedHighlights

    let highlights: [String]
    let hasHighlights: Bool
    /// The lead paragraph; nil when the story has none.
    let summary: String?
}
