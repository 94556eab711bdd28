import Hummingbird

/// The reader site's cookies: their names and how each is written, in one place so that
/// attributes (path, lifetime, SameSite, Secure) never drift between handlers.
struct ReaderCookies: Sendable {
    /// Cookie holding the ``FontStep``; readable by the page script so it can update it instantly.
    static let fontName = "dateline_font"
    /// Cookie holding the ``SavedStories`` list.
    static let savedName = "dateline_saved"
    /// Cookie holding the ``CSRFToken``.
    static let csrfName = "dateline_csrf"

    /// A year: preferences should outlive a browser restart.
    static let preferenceLifetime = 365 * 24 * 60 * 60

    /// Whether cookies get the `Secure` attribute (only when the site is served over HTTPS).
    let secure: Bool

    /// The font cookie; not HttpOnly because the progressive-enhancement script writes it too.
    func font(_ step: FontStep) -> Cookie {
        Cookie(
            name: Self.fontName, value: String(step.value), maxAge: Self.preferenceLifetime, path: "/",
            secure: secure, httpOnly: false, sameSite: .lax)
    }

    /// The saved-stories cookie; an empty list deletes it.
    func saved(_ saved: SavedStories) -> Cookie {
        let value = saved.cookieValue
        return Cookie(
            name: Self.savedName, value: value, maxAge: value.isEmpty ? 0 : Self.preferenceLifetime, path: "/",
            secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The form-token cookie, for the browser session only.
    func csrf(_ token: CSRFToken) -> Cookie {
        Cookie(name: Self.csrfName, value: token.value, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
