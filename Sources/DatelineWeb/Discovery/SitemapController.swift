import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// Sitemaps for search engines: an index at `/sitemap.xml` listing the section-and-topic (and author)
/// sitemap, the Google News sitemap of the last two days, and the story sitemaps, paged.
struct SitemapController: Sendable {
    /// Stories per story sitemap; the protocol allows 50,000, smaller files regenerate faster.
    static let storiesPerSitemap = 10_000
    /// How far back the news sitemap reaches, as Google News asks.
    static let newsWindow: TimeInterval = 48 * 60 * 60
    /// Most stories Google News reads from one news sitemap.
    static let newsLimit = 1_000

    let site: ReaderSite
    /// The current time; tests pass a fixed one.
    var now: @Sendable () -> Date = { Date() }

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get(RouterPath(stringLiteral: SitePaths.sitemapIndex), use: index)
        router.refuseWrites(at: RouterPath(stringLiteral: SitePaths.sitemapIndex))
        router.get(RouterPath(stringLiteral: "\(SitePaths.sitemaps)/{file}"), use: sitemap)
        router.refuseWrites(at: RouterPath(stringLiteral: "\(SitePaths.sitemaps)/{file}"))
    }

    @Sendable func index(request: Request, context: ReaderRequestContext) async throws -> Response {
        let count = try await site.store.countPublished(StoryQuery())
        let newest = try await site.store.publishedStoryStamps(since: nil, limit: 1, offset: 0).first
        let origin = site.origin(for: request)
        let pages = max(1, (count + Self.storiesPerSitemap - 1) / Self.storiesPerSitemap)

        var builder = EntityTag.Builder(page: "sitemap-index", siteVersion: site.version)
        builder.add(origin)
        builder.add(String(count))
        builder.add(newest.map { "\($0.slug)@\($0.updatedAt.timeIntervalSince1970)" } ?? "")
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }

        var sitemaps = [
            SitemapURLView(loc: "\(origin)\(SitePaths.sitemaps)/sections.xml", lastModified: nil),
            SitemapURLView(loc: "\(origin)\(SitePaths.sitemaps)/news.xml", lastModified: nil),
        ]
        sitemaps += (1...pages).map { page in
            SitemapURLView(
                loc: "\(origin)\(SitePaths.sitemaps)/stories-\(page).xml",
                lastModified: page == 1 ? newest?.updatedAt.ISO8601Format() : nil)
        }
        return try xml(SitemapIndexView(sitemaps: sitemaps), tag: tag)
    }

    @Sendable func sitemap(request: Request, context: ReaderRequestContext) async throws -> Response {
        let file = context.parameters.get("file") ?? ""
        switch file {
        case "sections.xml": return try await sections(request: request)
        case "news.xml": return try await news(request: request)
        default:
            guard let page = Self.storyPage(file) else {
                throw ReaderError.notFound("There is no sitemap at this address.")
            }
            return try await stories(page: page, request: request)
        }
    }

    /// The page number in "stories-3.xml", when the name has exactly that shape.
    static func storyPage(_ file: String) -> Int? {
        guard file.hasPrefix("stories-"), file.hasSuffix(".xml") else { return nil }
        let digits = file.dropFirst("stories-".count).dropLast(".xml".count)
        guard (1...6).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let page = Int(digits),
            page >= 1
        else { return nil }
        return page
    }

    private func stories(page: Int, request: Request) async throws -> Response {
        let stamps = try await site.store.publishedStoryStamps(
            since: nil, limit: Self.storiesPerSitemap, offset: (page - 1) * Self.storiesPerSitemap)
        if page > 1, stamps.isEmpty { throw ReaderError.notFound("There is no sitemap at this address.") }
        let origin = site.origin(for: request)
        var builder = EntityTag.Builder(page: "sitemap-stories-\(page)", siteVersion: site.version)
        builder.add(origin)
        for stamp in stamps { builder.add("\(stamp.slug)@\(stamp.updatedAt.timeIntervalSince1970)") }
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }
        let urls = stamps.map {
            SitemapURLView(loc: origin + SitePaths.story($0.slug), lastModified: $0.updatedAt.ISO8601Format())
        }
        return try xml(SitemapView(urls: urls), tag: tag)
    }

    private func sections(request: Request) async throws -> Response {
        let sections = try await site.store.sections()
        let topics = try await site.store.publishedTopics()
        let authors = try await (site.store as? any AuthorStore)?.publishedAuthors() ?? []
        let origin = site.origin(for: request)
        var builder = EntityTag.Builder(page: "sitemap-sections", siteVersion: site.version)
        builder.add(origin)
        for section in sections { builder.add(section.slug.rawValue) }
        builder.add("|")
        for topic in topics { builder.add(topic.slug.rawValue) }
        builder.add("|")
        for author in authors { builder.add(author.slug.rawValue) }
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }
        var urls = [SitemapURLView(loc: origin + SitePaths.home, lastModified: nil)]
        urls += sections.map { SitemapURLView(loc: origin + SitePaths.section($0.slug), lastModified: nil) }
        urls += topics.map { SitemapURLView(loc: origin + SitePaths.topic($0.slug), lastModified: nil) }
        urls += authors.map { SitemapURLView(loc: origin + SitePaths.author($0.slug), lastModified: nil) }
        return try xml(SitemapView(urls: urls), tag: tag)
    }

    private func news(request: Request) async throws -> Response {
        let stamps = try await site.store.publishedStoryStamps(
            since: now().addingTimeInterval(-Self.newsWindow), limit: Self.newsLimit, offset: 0)
        let origin = site.origin(for: request)
        var builder = EntityTag.Builder(page: "sitemap-news", siteVersion: site.version)
        builder.add(origin)
        for stamp in stamps { builder.add("\(stamp.slug)@\(stamp.updatedAt.timeIntervalSince1970)") }
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }
        let view = NewsSitemapView(
            publicationName: site.configuration.siteName.xmlSafe, language: "en",
            stories: stamps.map {
                NewsSitemapView.Story(
                    loc: origin + SitePaths.story($0.slug), publicationDate: $0.publishedAt.ISO8601Format(),
                    title: $0.headline.xmlSafe)
            })
        return try xml(view, tag: tag)
    }

    private func xml(_ view: some PageView, tag: EntityTag) throws -> Response {
        .document(
            try site.renderer.render(view), contentType: "application/xml; charset=utf-8", tag: tag, policy: .shared)
    }
}
