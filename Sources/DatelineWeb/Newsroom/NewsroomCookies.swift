import Hummingbird

/// The newsroom's session cookie, written in one place so its attributes never drift.
struct NewsroomCookies: Sendable {
    /// The cookie's name.
    static let sessionName = "dateline_newsroom"

    /// True when the site is served over HTTPS, so the cookie gets `Secure`.
    let secure: Bool

    /// The session cookie: HttpOnly so page script cannot read it, SameSite=Lax so other sites'
    /// forms do not carry it, and limited to the newsroom's paths.
    func session(_ token: SessionToken, lifetime: Int) -> Cookie {
        Cookie(
            name: Self.sessionName, value: token.value, maxAge: lifetime, path: "/newsroom", secure: secure,
            httpOnly: true, sameSite: .lax)
    }

    /// A cookie that makes the browser forget the session.
    func cleared() -> Cookie {
        Cookie(
            name: Self.sessionName, value: "", maxAge: 0, path: "/newsroom", secure: secure, httpOnly: true,
            sameSite: .lax)
    }
}
