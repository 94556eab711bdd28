import Hummingbird

/// Reads the reader's cookies into ``ReaderRequestContext/session`` once per request, and hands
/// out a form token to readers who have none (or a damaged one).
struct ReaderSessionMiddleware: RouterMiddleware {
    typealias Context = ReaderRequestContext

    /// The site's default text size, for readers who never touched the font controls.
    let defaultFontStep: FontStep
    /// How the token cookie is written.
    let cookies: ReaderCookies

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // The APIs use no reader cookies and must not hand any out.
        if APIPaths.contains(request.uri.path) { return try await next(request, context) }
        var context = context
        let jar = request.cookies
        context.session.fontStep =
            jar[ReaderCookies.fontName].flatMap { FontStep(cookieValue: $0.value) } ?? defaultFontStep
        context.session.saved =
            jar[ReaderCookies.savedName].map { SavedStories(cookieValue: $0.value) } ?? SavedStories()
        context.session.isAnonymous = [ReaderCookies.fontName, ReaderCookies.savedName, ReaderCookies.csrfName]
            .allSatisfy { jar[$0] == nil }
        context.session.isSameOrigin = Self.isSameOrigin(request)
        if let token = jar[ReaderCookies.csrfName].flatMap({ CSRFToken(validating: $0.value) }) {
            context.session.csrfToken = token
            context.session.tokenIsNew = false
        } else {
            context.session.tokenIsNew = true
        }
        var response = try await next(request, context)
        // A response every cookie-less reader may share must not hand one of them a token.
        let isShared = response.headers[.cacheControl]?.hasPrefix("public") ?? false
        if context.session.tokenIsNew, !isShared {
            response.setCookie(cookies.csrf(context.session.csrfToken))
        }
        return response
    }

    /// True when the browser's fetch metadata or `Origin` says the request comes from this site.
    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite] { return site == "same-origin" }
        guard let origin = request.headers[.origin]?.lowercased(), let host = request.head.authority?.lowercased()
        else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}
