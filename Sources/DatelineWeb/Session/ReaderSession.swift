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
