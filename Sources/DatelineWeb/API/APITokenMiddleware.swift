import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// Signs admin-API requests in from `Authorization: Bearer dl_…`: finds the token by the digest
/// of its secret and acts as its account. Cookies are never read for this, and a request that
/// brings a newsroom session cookie instead of a token is refused, so a page on another site
/// cannot ride on a signed-in browser. Failed token checks count against the client's address
/// (as failed sign-ins do) and too many are answered with 429.
struct APITokenMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// The account name failed token checks are recorded under.
    static let failureAccount = "api-token"

    let desk: NewsroomDesk

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if desk.configuration.trustsForwardedFor, let forwarded = request.headers[.xForwardedFor] {
            let last = forwarded.split(separator: ",").last.map { String($0).trimmingWhitespace() }
            if let last, !last.isEmpty { context.clientAddress = last }
        }
        guard let header = request.headers[.authorization] else {
            if request.cookies[NewsroomCookies.sessionName] != nil {
                throw APIError.unauthorized(
                    "The admin API does not accept newsroom session cookies; send Authorization: Bearer dl_….",
                    code: "session_cookie_refused")
            }
            throw APIError.unauthorized("Send an API token: Authorization: Bearer dl_….", code: "token_missing")
        }
        let address = context.clientAddress ?? "unknown"
        let now = desk.configuration.now()
        let failures = try await desk.store.loginFailures(
            account: Self.failureAccount, clientAddress: address,
            since: now.addingTimeInterval(-desk.configuration.failureWindow))
        if failures.clientAddress >= desk.configuration.addressFailureLimit { throw APIError.throttled }

        let secret = Self.bearerSecret(header)
        var found: (APIToken, User)?
        if let secret { found = try await desk.store.apiTokenUser(digest: secret.digest) }
        guard let found else {
            try await desk.store.recordLoginFailure(account: Self.failureAccount, clientAddress: address, at: now)
            throw APIError.unauthorized(
                "The API token is not valid: it may be mistyped, revoked, or its account removed.",
                code: "token_invalid")
        }
        let (token, user) = found
        // The account is read with the token on every request, so turning it off stops the token at once.
        guard user.isActive else {
            throw APIError.unauthorized(
                "The account this API token acts for has been turned off. Ask an admin of the newsroom.",
                code: "account_deactivated")
        }
        // Writing on every request would serialise API calls; a minute's precision is plenty.
        if now.timeIntervalSince(token.lastUsedAt ?? .distantPast) > 60 {
            try await desk.store.touchAPIToken(id: token.id, at: now)
        }
        context.account = APIAccount(user: user, token: token)
        return try await next(request, context)
    }

    /// The secret from `Bearer <secret>` (the scheme in any case); nil for anything else.
    static func bearerSecret(_ header: String) -> APITokenSecret? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return APITokenSecret(presented: String(parts[1]).trimmingWhitespace())
    }
}
