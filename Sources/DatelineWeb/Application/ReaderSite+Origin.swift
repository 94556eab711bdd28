import Hummingbird

extension ReaderSite {
    /// The origin ("https://news.example.com") absolute links in feeds, sitemaps and structured
    /// data start with, for this request: see ``SiteOrigin`` for how a `Host` can (rarely) change it.
    func origin(for request: Request) -> String {
        origin.origin(forHost: request.head.authority)
    }

    /// `origin(for:)` followed by a site path.
    func absoluteURL(_ path: String, for request: Request) -> String { origin(for: request) + path }
}
