/// The page templates the reader site renders, by file name in `Templates/` (without
/// `.mustache`). Start-up checks that every one exists, so rendering never meets a missing file.
enum PageTemplate: String, CaseIterable, Sendable {
    case home
    case listing
    case story
    case print
    case saved
    case corrections
    case error
    case search
    case email
    case newsletters
    case newsletterIssue = "newsletter-issue"
    /// Feeds and sitemaps: XML documents, which Mustache's HTML escaping also makes safe.
    case rss
    case atom
    case feedHighlights = "feed-highlights"
    case sitemapIndex = "sitemap-index"
    case sitemap = "sitemap"
    case newsSitemap = "sitemap-news"
}

/// A view model that renders into one page template. View models hold only stored properties,
/// and every string a template prints is HTML-escaped. The reader pages' views answer lookups
/// through ``TemplateObject`` (reflection cost a third of a page); TemplateLookupTests keeps
/// each answer equal to what reflection would find, so a new property cannot be forgotten.
protocol PageView: Sendable {
    /// The template this view fills.
    static var template: PageTemplate { get }
}
