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
        var context = context
        let jar = request.cookies
        context.session.fontStep =
            jar[ReaderCookies.fontName].flatMap { FontStep(cookieValue: $0.value) } ?? defaultFontStep
        context.session.saved =
            jar[ReaderCookies.savedName].map { SavedStories(cookieValue: $0.value) } ?? SavedStories()
        if let token = jar[ReaderCookies.csrfName].flatMap({ CSRFToken(validating: $0.value) }) {
            context.session.csrfToken = token
            context.session.tokenIsNew = false
        } else {
            context.session.tokenIsNew = true
        }
        var response = try await next(request, context)
        if context.session.tokenIsNew {
            response.setCookie(cookies.csrf(context.session.csrfToken))
        }
        return response
    }
}
