import Foundation
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
        if let token = jar[ReaderCookies.csrfName].flatMap({ CSRFToken(validating: $0.value) }) {
            context.session.csrfToken = token
            context.session.tokenIsNew = false
        } else {
            context.session.tokenIsNew = true
        }
        // Every page a reader reads is rendered as the shared copy for their text size: no form
        // token, nothing saved. Token and saved state are filled in as the page leaves (by the page cache
        // when it handles the request, else below), so the same copy serves every reader of that
        // text size (see ``ReaderVariant``). Only the saved-stories list itself, and form posts,
        // are rendered for the reader.
        let path = request.uri.path
        let readsSharedCopy =
            (request.method == .get || request.method == .head)
            && (context.session.saved.slugs.isEmpty || (path != SitePaths.saved && path != SitePaths.savedList))
        var fill = ReaderVariant(fontStep: context.session.fontStep, saved: SavedStories())
        context.session.isAnonymous = readsSharedCopy
        var request = request
        if readsSharedCopy {
            fill.saved = context.session.saved
            fill.csrfToken = context.session.tokenIsNew ? nil : context.session.csrfToken
            context.session.saved = SavedStories()
        }
        // The handlers' tags do not know the filled-in state. With saved stories they cannot decide
        // a 304; with only a token, the token's part of a tag the browser sends back is taken off
        // for them and put back on their 304.
        var tokenSuffix: String?
        let originalTags = Set(
            (request.headers[.ifNoneMatch] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            })
        if fill.isFilled, !context.pageCacheFillsSavedState {
            var head = request.head
            if !fill.saved.slugs.isEmpty {
                head.headerFields[.ifNoneMatch] = nil
                head.headerFields[.ifModifiedSince] = nil
            } else if let asked = head.headerFields[.ifNoneMatch] {
                let suffix = ReaderFill.tokenTagSuffix(fill.csrfToken) + "\""
                tokenSuffix = suffix
                head.headerFields[.ifNoneMatch] = asked.split(separator: ",").map { candidate in
                    let tag = candidate.trimmingCharacters(in: .whitespaces)
                    return tag.hasSuffix(suffix) ? String(tag.dropLast(suffix.count)) + "\"" : tag
                }.joined(separator: ", ")
            }
            request = Request(head: head, body: request.body)
        }
        context.session.isSameOrigin = Self.isSameOrigin(request)
        var response = try await next(request, context)
        // A response every cookie-less reader may share must not hand one of them a token.
        let isShared = response.headers[.cacheControl]?.hasPrefix("public") ?? false
        if context.session.tokenIsNew, !isShared {
            response.setCookie(cookies.csrf(context.session.csrfToken))
        }
        if fill.isFilled, !context.pageCacheFillsSavedState {
            response = try await ReaderFill.apply(to: response, variant: fill)
            if response.status == .notModified, let tokenSuffix, let tag = response.headers[.eTag],
                tag.hasSuffix("\""), originalTags.contains(String(tag.dropLast()) + tokenSuffix)
            {
                response.headers[.eTag] = String(tag.dropLast()) + tokenSuffix
                response.headers[.cacheControl] = CachePolicy.personal.cacheControl
                response.headers[.lastModified] = nil
            }
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
