import Hummingbird
import Logging

/// Turns whatever an API handler throws into the JSON error document: known refusals with
/// their status, anything else as a logged 500 without detail.
///
/// At the router level (as ``APIFallbackMiddleware``) the same conversion answers requests under
/// `/api` that matched no route: 405 with `Allow` when the path exists with other methods, else 404.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            // One address per resource: no empty segments, no trailing slash (which clients'
            // dot-segment clean-up can produce from a path parameter such as ".").
            let path = request.uri.path
            if path.hasSuffix("/") || path.contains("//") { throw APIError.notFound() }
            return try await next(request, context)
        } catch {
            return Self.response(for: error, request: request, logger: context.logger)
        }
    }

    static func response(for error: any Error, request: Request, logger: Logger) -> Response {
        if let refusal = APIError.from(error) { return refusal.response() }
        logger.error(
            "API request failed",
            metadata: [
                "http.method": .string(request.method.rawValue), "http.path": .string(request.uri.path),
                "error": .string(String(reflecting: error)),
            ])
        return APIError.internalError.response()
    }
}

/// The router-level safety net for `/api` paths: requests that reached no API route (unknown
/// path or method) and anything that escaped the group come back as JSON. Other paths pass.
struct APIFallbackMiddleware: RouterMiddleware {
    typealias Context = ReaderRequestContext

    let book: APIRouteBook

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard APIPaths.contains(request.uri.path) else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            let allowed = book.allowedMethods(at: request.uri.path)
            if !allowed.isEmpty { return APIError.methodNotAllowed(allowed).response() }
            return APIError.notFound().response()
        } catch {
            return APIErrorMiddleware<Context>.response(for: error, request: request, logger: context.logger)
        }
    }
}
