import DatelineCore

extension SitePaths {
    /// The search page.
    static let search = "/search"
    /// Completions for the search box, as JSON.
    static let searchSuggestions = "/search/suggestions"
    /// Where the front-page feeds live ("/feeds/rss.xml").
    static let feeds = "/feeds"
    /// The sitemap index.
    static let sitemapIndex = "/sitemap.xml"
    /// Folder of the sitemaps the index lists.
    static let sitemaps = "/sitemaps"
    /// The crawler rules.
    static let robots = "/robots.txt"
    /// The publisher logo named in structured data.
    static let logoAsset = "icons/logo.png"

    /// "/section/world/rss.xml" and the like: a listing's feed.
    static func feed(_ format: FeedFormat, under basePath: String) -> String {
        "\(basePath)/\(format.fileName)"
    }
}
