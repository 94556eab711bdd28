/// How long browsers and shared caches (a CDN in front of the site) may keep a response, in
/// one place so every page, feed and sitemap says the same.
///
/// Reader pages depend on the site's own cookies (text size, saved stories, the form token on
/// every form). Every reader page is rendered as the copy for one text size with nothing saved
/// and no form token, with no `Set-Cookie`, so that page is ``shared``; a reader's saved state or
/// token is filled into it afterwards (``ReaderFill``), which makes their copy ``personal``. Both
/// say `Vary: Cookie`, so a cache that cannot be told which cookies matter never hands one reader's
/// copy to another (see README "Caching for every reader" for caches that can).
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
