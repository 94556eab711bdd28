import Hummingbird

/// Decodes the query string once for every page, so a malformed one (broken %-escapes, invalid
/// UTF-8) gets a 400 page wherever it appears, and handlers read ``ReaderRequestContext/query``.
struct QueryFieldsMiddleware: RouterMiddleware {
    typealias Context = ReaderRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.query = try request.queryFields()
        return try await next(request, context)
    }
}
