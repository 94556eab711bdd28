import Hummingbird

/// `/robots.txt`: crawl everything a reader can read, but not search results (endless and
/// thin), readers' own pages, form targets or the newsroom; and where the sitemap is.
struct RobotsController: Sendable {
    /// Paths crawlers are asked to keep out of.
    static let disallowed = [
        SitePaths.search, SitePaths.saved, "/preferences/", "/newsroom/", "/newsroom", "/api/v1/admin",
    ]

    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get(RouterPath(stringLiteral: SitePaths.robots), use: robots)
        router.refuseWrites(at: RouterPath(stringLiteral: SitePaths.robots))
    }

    @Sendable func robots(request: Request, context: ReaderRequestContext) async throws -> Response {
        let lines =
            ["User-agent: *", "Allow: /"] + Self.disallowed.map { "Disallow: \($0)" }
            + ["", "Sitemap: \(site.absoluteURL(SitePaths.sitemapIndex, for: request))", ""]
        let text = lines.joined(separator: "\n")
        var builder = EntityTag.Builder(page: "robots", siteVersion: site.version)
        builder.add(text)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }
        return .document(text, contentType: "text/plain; charset=utf-8", tag: tag, policy: .shared)
    }
}
