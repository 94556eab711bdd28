/// How long browsers and shared caches (a CDN in front of the site) may keep a response, in
/// one place so every page, feed and sitemap says the same.
///
/// Reader pages depend on cookies (text size, saved stories, the form token on every form).
/// A reader who sends none of the site's cookies gets the same page as every other such reader,
/// with no form token and no `Set-Cookie`, so that page is ``shared``; a reader with cookies gets
/// a ``personal`` page. Both say `Vary: Cookie`, so a cache never hands one to the other.
enum CachePolicy: Sendable {
    /// The same for everyone: a minute in browsers, five at the CDN, served stale for ten more
    /// while the CDN refetches.
    case shared
    /// Shows one reader's cookies: browsers only, revalidated with the ETag every time.
    case personal

    /// Seconds a browser may reuse a shared response without asking.
    static let browserLifetime = 60
    /// Seconds a shared cache may reuse it.
    static let sharedCacheLifetime = 300
    /// Seconds a shared cache may serve it stale while fetching a fresh copy.
    static let staleLifetime = 600

    /// The `Cache-Control` value.
    var cacheControl: String {
        switch self {
        case .shared:
            return "public, max-age=\(Self.browserLifetime), s-maxage=\(Self.sharedCacheLifetime), "
                + "stale-while-revalidate=\(Self.staleLifetime)"
        case .personal:
            return "private, no-cache"
        }
    }
}
