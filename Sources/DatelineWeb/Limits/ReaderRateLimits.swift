/// How many expensive reader requests one client address may make: searches, and feeds,
/// sitemaps or story lists asked for with a query string (which no cache in front can absorb).
public struct ReaderRateLimits: Sendable, Equatable {
    /// Requests one address may make in ``window``; 0 turns the limit off.
    public var requests: Int
    /// The sliding window the requests are counted over.
    public var window: Duration
    /// Addresses never limited (monitoring, the newsroom's own office, a search-engine proxy),
    /// written as the server sees them ("203.0.113.7", "2001:db8::1").
    public var trustedAddresses: Set<String>

    /// Sixty a minute: a person searching never comes close; a script flooding the site does.
    /// Loopback is trusted by default: it is either a person trying Dateline on their own machine
    /// or a proxy on the same machine, which must pass the client's address on
    /// (`--trust-forwarded-for`) for any per-client limit to mean something.
    public init(
        requests: Int = 60, window: Duration = .seconds(60), trustedAddresses: Set<String> = ["127.0.0.1", "::1"]
    ) {
        self.requests = requests
        self.window = window
        self.trustedAddresses = trustedAddresses
    }

    /// True when `path` and `query` make a request these limits count.
    static func counts(path: String, query: String?) -> Bool {
        if path == "/search" { return true }
        guard let query, !query.isEmpty else { return false }
        return path.hasSuffix("/rss.xml") || path.hasSuffix("/atom.xml") || path.hasPrefix("/sitemap")
            || path == "/api/v1/stories"
    }
}
