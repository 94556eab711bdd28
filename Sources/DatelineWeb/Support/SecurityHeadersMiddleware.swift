import Hummingbird

/// Adds the browser-side defences to every response: a Content-Security-Policy that allows only
/// the site's own scripts, styles and images (no inline script), frames only from the two video
/// players and forbids framing the site, plus no-sniffing, a tight referrer policy and isolation
/// from cross-origin windows. A handler that sets its own policy keeps it (see
/// ``MailCatcherController``).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The only hosts a page may frame: the privacy-enhanced video players that `reader.js`
    /// starts when a reader clicks a video embed (see ``Embed``).
    static var videoPlayerHosts: [String] { ["https://www.youtube-nocookie.com", "https://player.vimeo.com"] }

    /// The policy; `form-action 'self'` also stops injected forms posting elsewhere.
    static var contentSecurityPolicy: String { contentSecurityPolicy(frameSources: videoPlayerHosts) }

    /// The policy with other frame sources (the mail catcher frames a message's own address).
    static func contentSecurityPolicy(frameSources: [String]) -> String {
        [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
            "font-src 'self'", "connect-src 'self'", "frame-src \(frameSources.joined(separator: " "))",
            "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        // A handler may set its own policy, only ever a tighter or equally tight one (the newsroom's
        // e-mail preview: no script at all, inline styles; the mail catcher's sandboxed message
        // parts); every other response gets the site's.
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.xFrameOptions] == nil { response.headers[.xFrameOptions] = "DENY" }
        response.headers[.referrerPolicy] = "strict-origin-when-cross-origin"
        response.headers[.crossOriginOpenerPolicy] = "same-origin"
        response.headers[.permissionsPolicy] = "camera=(), microphone=(), geolocation=()"
        return response
    }
}
