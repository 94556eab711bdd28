/// What the site knows about one reader, all of it from their own cookies: text size, saved
/// stories and the form token. There are no accounts and nothing is stored server-side.
struct ReaderSession: Sendable {
    /// The text size pages render with.
    var fontStep: FontStep
    /// The reader's saved stories.
    var saved: SavedStories
    /// The token every form on the page carries.
    var csrfToken: CSRFToken
    /// True when the reader had no valid token and this response must set one.
    var tokenIsNew: Bool
    /// True when the page is rendered as the shared copy for the reader's text size (every GET
    /// except the reader's own saved list): no form token and nothing saved, so it may be cached
    /// publicly (see ``CachePolicy`` and ``ReaderVariant``); the saved state is filled in after.
    var isAnonymous: Bool = false
    /// True when the browser vouched that the request comes from one of this site's own pages
    /// (`Sec-Fetch-Site: same-origin`, or an `Origin` naming the requested host).
    var isSameOrigin: Bool = false

    /// A session for a reader with no cookies; the middleware replaces it on every request.
    init(
        fontStep: FontStep = FontStep(0), saved: SavedStories = SavedStories(), csrfToken: CSRFToken = .random(),
        tokenIsNew: Bool = true
    ) {
        self.fontStep = fontStep
        self.saved = saved
        self.csrfToken = csrfToken
        self.tokenIsNew = tokenIsNew
    }
}
