import DatelineCore
import DatelineStore
import HTTPTypes
import Hummingbird

/// Signs the request in from the session cookie: finds the session by the digest of its token,
/// ends it when idle or too old, and loads the account it belongs to.
struct NewsroomSessionMiddleware: RouterMiddleware {
    typealias Context = NewsroomRequestContext

    let desk: NewsroomDesk

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        var clearCookie = false
        if let text = request.cookies[NewsroomCookies.sessionName]?.value {
            if let token = SessionToken(validating: text), let user = try await desk.signedInUser(for: token) {
                context.account = SignedInAccount(user: user, token: token)
            } else {
                clearCookie = true
            }
        }
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        if clearCookie, response.headers[.setCookie] == nil { response.setCookie(desk.cookies.cleared()) }
        return response
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, read only when a trusted proxy sets it.
    static var xForwardedFor: Self { Self("X-Forwarded-For")! }  // a valid token, so never nil
}
