import Foundation
import Hummingbird

/// Behind a reverse proxy that sets `X-Forwarded-For`, takes the client's address from its last
/// entry (the one the proxy itself appended), so sign-in throttling and mail limits count real
/// clients rather than the proxy. Installed only when the operator says a proxy is in front:
/// otherwise anyone could choose the address they are counted under.
struct ForwardedClientMiddleware: RouterMiddleware {
    typealias Context = ReaderRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let forwarded = request.headers[.xForwardedFor],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            context.remoteAddress = last
        }
        return try await next(request, context)
    }
}
