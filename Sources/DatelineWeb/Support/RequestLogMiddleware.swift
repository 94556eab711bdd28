import Foundation
import Hummingbird
import Logging

/// Writes one structured log line per request — method, path, status, duration — so that an
/// operator can follow traffic and spot slow or failing pages. The query string is left out: it
/// may carry what a reader typed.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, since: start, logger: context.logger)
            return response
        } catch let error as any HTTPResponseError {
            log(request, status: error.status.code, since: start, logger: context.logger)
            throw error
        } catch {
            log(request, status: 500, since: start, logger: context.logger)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, since start: ContinuousClock.Instant, logger: Logger) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        Self.log(
            method: request.method, path: Substring(request.uri.path), status: status, milliseconds: milliseconds,
            logger: logger)
    }

    /// The request line every answered request gets, with `extra` fields added.
    static func log(
        method: HTTPRequest.Method, path: Substring, status: Int, milliseconds: Double, logger: Logger,
        extra: Logger.Metadata = [:]
    ) {
        logger.info(
            "request",
            metadata: [
                "http.method": .string(method.rawValue),
                "http.path": .string(String(path)),
                "http.status": .stringConvertible(status),
                "http.duration_ms": .string(String(format: "%.2f", milliseconds)),
            ].merging(extra) { $1 })
    }
}
