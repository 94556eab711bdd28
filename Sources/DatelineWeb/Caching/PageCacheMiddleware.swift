import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle

/// Serves reader pages from the ``PageCache`` when the request may get a shared copy: GET or
/// HEAD, no credentials, no newsroom sign-in, and not a newsroom, API-admin or operations address.
/// Dateline's own reader cookies pick the copy (``ReaderVariant``: text size, with the saved state
/// filled in as the page leaves); any other cookie is ignored. Everything else passes straight
/// through.
struct PageCacheMiddleware: RouterMiddleware {
    typealias Context = ReaderRequestContext

    let cache: PageCache
    /// Decides which origin a request's links use, and so which copy of a page it shares.
    let origin: SiteOrigin
    /// The text size of readers without a (valid) text-size cookie.
    var defaultFontStep = FontStep(0)

    /// Addresses never cached here: per-person, per-instance, or with their own caching.
    static let excludedPrefixes = [
        "/newsroom", "/api/v1/admin", "/healthz", "/readyz", "/metrics", "/static/",
        // Renditions have a disk cache of their own, and a deleted picture must stop answering at once.
        "/media/",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard
            let variant = ReaderVariant.of(
                method: request.method, headers: request.headers, path: Substring(request.uri.path),
                defaultFontStep: defaultFontStep)
        else { return try await next(request, context) }

        let key = variant.cacheKey(
            origin.cacheKey(target: request.uri.string, host: request.head.authority), defaultFontStep: defaultFontStep)
        if let entry = cache.lookup(key) {
            return Self.response(from: entry, for: request, variant: variant)
        }
        let generation = cache.generation
        var context = context
        context.pageCacheFillsSavedState = true
        var response = try await next(request, context)
        guard response.status == .ok, Self.isShared(response.headers) else {
            return try await ReaderFill.apply(to: response, variant: variant)
        }
        // Collect the body once to keep it, then answer with the same bytes.
        let collector = BodyCollector()
        let original = response.body
        try await original.write(CollectingWriter(collector: collector))
        let body = collector.buffer
        cache.store(key, status: response.status, headers: response.headers, body: body, generation: generation)
        let (headers, filled) = ReaderFill.apply(to: response.headers, body: body, variant: variant)
        response.headers = headers
        response.body = ResponseBody(byteBuffer: filled)
        return response
    }

    /// The site marks pages anyone may share with `public`; anything else stays out.
    static func isShared(_ headers: HTTPFields) -> Bool {
        guard headers[.setCookie] == nil, let control = headers[.cacheControl]?.lowercased() else { return false }
        return control.contains("public") && !control.contains("no-store") && !control.contains("private")
    }

    /// A cached page with the reader's saved state and token, or a 304 when the browser already holds
    /// this version.
    static func response(from entry: PageCache.Entry, for request: Request, variant: ReaderVariant) -> Response {
        let answer = PageCacheAnswer(
            entry: entry, variant: variant, method: request.method, ifNoneMatch: request.headers[.ifNoneMatch])
        guard let body = answer.body else {
            return Response(status: answer.head.status, headers: answer.head.headerFields)
        }
        return Response(
            status: answer.head.status, headers: answer.head.headerFields, body: ResponseBody(byteBuffer: body))
    }
}

/// Where ``CollectingWriter`` puts a body's bytes; used by one request at a time.
final class BodyCollector: @unchecked Sendable {
    var buffer = ByteBuffer()
}

/// A response writer that keeps every byte instead of sending it.
struct CollectingWriter: ResponseBodyWriter {
    let collector: BodyCollector

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        collector.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Drops the caches whenever the store signals a story change, for as long as the server runs.
struct PageCacheInvalidator: Sendable {
    let signals: AsyncStream<Void>
    let invalidate: @Sendable () -> Void

    func run() async {
        for await _ in signals { invalidate() }
    }
}

/// Runs the invalidator beside the server and stops it on shutdown.
struct PageCacheService: Service {
    let invalidator: PageCacheInvalidator

    func run() async throws {
        try await cancelWhenGracefulShutdown { await invalidator.run() }
    }
}
