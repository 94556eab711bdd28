import DatelineCore
import DatelineStore
import Hummingbird
import Logging

/// Turns every failure below it into a proper HTML page with the right status: 4xx pages say
/// what was wrong with the request and link home; anything unexpected becomes a 500 page that
/// reveals nothing, while the details go to the log.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = ReaderRequestContext

    let site: ReaderSite

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // API errors are JSON, made by the API's own middleware.
        if APIPaths.contains(request.uri.path) { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as ReaderError {
            var response = page(for: error.status, message: error.readerMessage, request: request, context: context)
            if case .methodNotAllowed(let allowed) = error {
                response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            }
            return response
        } catch let limited as ReaderRateLimited {
            var response = page(
                for: .tooManyRequests, message: ReaderRateLimited.message, request: request, context: context)
            response.headers[.retryAfter] = String(limited.retryAfterSeconds)
            return response
        } catch StoreError.unavailable(let reason) {
            // The database is down or restarting: a passing condition, so say so and invite a
            // retry; a balancer in front may try another instance or serve a stale copy.
            context.logger.warning(
                "database unavailable", metadata: ["http.path": .string(request.uri.path), "error": .string(reason)])
            var response = page(for: .serviceUnavailable, message: nil, request: request, context: context)
            response.headers[.retryAfter] = "5"
            return response
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            return page(for: error.status, message: nil, request: request, context: context)
        } catch {
            context.logger.error(
                "request failed",
                metadata: [
                    "http.method": .string(request.method.rawValue), "http.path": .string(request.uri.path),
                    "error": .string(String(reflecting: error)),
                ])
            return page(for: .internalServerError, message: nil, request: request, context: context)
        }
    }

    private func page(
        for status: HTTPResponse.Status, message: String?, request: Request, context: Context
    ) -> Response {
        let (heading, standardMessage) = Self.wording(for: status)
        // No store access here: the store may be what failed.
        let chrome = site.chrome(
            title: heading, canonicalPath: SitePaths.home, sections: [], currentPath: nil, request: request,
            session: context.session, offersNewsletters: false)
        let view = ErrorPageView(
            chrome: chrome, status: status.code, heading: heading, message: message ?? standardMessage,
            suggestsReload: status == .forbidden)
        do {
            var response = try site.respond(with: view, status: status)
            response.headers[.cacheControl] = "no-store"
            return response
        } catch {
            context.logger.error("error page failed to render", metadata: ["error": .string("\(error)")])
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(
                status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "\(heading)\n")))
        }
    }

    /// The heading and default explanation for each status a reader can meet.
    static func wording(for status: HTTPResponse.Status) -> (heading: String, message: String) {
        switch status.code {
        case 400:
            return ("Bad request", "That address or form is not one this site understands.")
        case 403:
            return ("Form expired", ReaderError.formExpired.readerMessage)
        case 404:
            return ("Page not found", "We could not find that page. It may have been moved or taken down.")
        case 405:
            return ("Not allowed", ReaderError.methodNotAllowed(allowed: []).readerMessage)
        case 413:
            return ("Too large", ReaderError.tooLarge.readerMessage)
        case 429:
            return ("Too many requests", "Too many requests came from here in a short time. Please try again later.")
        case 503:
            return (
                "Briefly unavailable",
                "The site cannot reach its archive for a moment. Please try again in a few seconds."
            )
        case 400..<500:
            return ("Request refused", "This request could not be completed.")
        default:
            return (
                "Something went wrong",
                "Something went wrong on our side and the page could not be shown. Please try again in a moment."
            )
        }
    }
}
