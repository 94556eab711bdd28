/// The sitemap index: one entry per sitemap file.
struct SitemapIndexView: PageView {
    static let template = PageTemplate.sitemapIndex
    let sitemaps: [SitemapURLView]
}

/// A sitemap of page addresses.
struct SitemapView: PageView {
    static let template = PageTemplate.sitemap
    let urls: [SitemapURLView]
}

/// One `<loc>` with its optional `<lastmod>` (W3C date-time).
struct SitemapURLView: Sendable {
    let loc: String
    let lastModified: String?
}

/// A Google News sitemap: the stories of the last two days.
struct NewsSitemapView: PageView {
    static let template = PageTemplate.newsSitemap
    /// The publication's name, as Google News knows it.
    let publicationName: String
    /// ISO 639 language code.
    let language: String
    let stories: [Story]

    /// One story in the news sitemap.
    struct Story: Sendable {
        let loc: String
        let publicationDate: String
        let title: String
    }
}
