import Foundation

/// Everything the reader site needs to know about where and how it runs, gathered in one value
/// that the `dateline serve` command fills from flags and `DATELINE_*` variables.
public struct WebConfiguration: Sendable {
    /// The address to listen on ("127.0.0.1" keeps the site private to this machine).
    public var host: String
    /// The TCP port to listen on; 0 picks a free one.
    public var port: Int
    /// The masthead name shown on every page and in page titles.
    public var siteName: String
    /// The address readers use to reach the site ("https://news.example.com"), for canonical
    /// links and printed URLs; nil derives it from `host` and `port`.
    public var publicBaseURL: URL?
    /// The text size a reader gets before touching the font controls, from
    /// ``FontStep/smallest`` to ``FontStep/largest``.
    public var defaultFontStep: Int
    /// How many stories a section or topic page lists before "Older stories".
    public var storiesPerPage: Int
    /// The zone story times are printed in ("5:32 p.m. GMT").
    public var timeZone: TimeZone
    /// How the newsroom signs people in (bcrypt cost, session lifetimes, sign-in throttling).
    public var newsroom: NewsroomConfiguration
    /// How "E-mail to a friend" sends mail; nil (no `DATELINE_SMTP_URL`) hides the tool.
    public var mail: StoryMailConfiguration?
    /// Newsletter messages sent a minute to one destination domain (gmail.com, …) by all
    /// instances together; nil for no limit. Messages over it wait and count as deferred.
    public var newsletterDomainRate: Int?
    /// Host names (with their port, as a `Host` header carries them: "www.example.com",
    /// "news.example.com:8443") whose readers get links to that host instead of the public URL.
    /// Any other `Host` gets links to the public URL (or, without one, the listening address).
    public var allowedHosts: [String] = []
    /// How many searches and query-string feed requests one client may make; counted in the
    /// database so every instance shares them.
    public var readerRateLimits = ReaderRateLimits()
    /// How long a connection may keep the server waiting for a request or its body.
    public var timeouts = ConnectionTimeouts()
    /// Keep rendered pages for readers without cookies in memory, dropped on every story change
    /// the store signals (any instance's). Off unless `serve` turns it on.
    public var cachesPages: Bool = false
    /// Keep the models behind reader pages (stories, "Don't Miss", sections, pictures) in memory,
    /// dropped on every change the store signals and after every write this server answers, so
    /// rendered pages make no database round trip in the common case. Off unless `serve` turns it on.
    public var cachesModels: Bool = false
    /// Where this server caches image renditions, and how much room they may take.
    public var media = MediaConfiguration()

    /// Makes a configuration; every value has a default fit for a local preview.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        siteName: String = "Dateline",
        publicBaseURL: URL? = nil,
        defaultFontStep: Int = 0,
        storiesPerPage: Int = 20,
        timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
        newsroom: NewsroomConfiguration = NewsroomConfiguration(),
        mail: StoryMailConfiguration? = nil
    ) {
        self.host = host
        self.port = port
        self.siteName = siteName
        self.publicBaseURL = publicBaseURL
        self.defaultFontStep = defaultFontStep
        self.storiesPerPage = storiesPerPage
        self.timeZone = timeZone
        self.newsroom = newsroom
        self.mail = mail
    }

    /// The site's own origin without a trailing slash, used to turn paths into absolute URLs.
    var baseURL: String {
        if let publicBaseURL {
            var text = publicBaseURL.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
        // A wildcard bind address is not a place a reader can visit; name the machine instead.
        let visibleHost = ["0.0.0.0", "::", ""].contains(host) ? "localhost" : host
        let bracketed = visibleHost.contains(":") ? "[\(visibleHost)]" : visibleHost
        return "http://\(bracketed):\(port)"
    }

    /// True when readers reach the site over HTTPS, so cookies may be marked `Secure`.
    var usesHTTPS: Bool { publicBaseURL?.scheme?.lowercased() == "https" }
}
