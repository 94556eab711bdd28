import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Answers requests for cached pages on the connection's event loop, before the request reaches
/// the router: no task, no routing, no middleware. Everything else passes through untouched.
///
/// Only a request that may get a shared copy qualifies — the same rule as ``PageCacheMiddleware``
/// (``ReaderVariant``: GET or HEAD, no credentials or newsroom sign-in, not an excluded address;
/// the text-size cookie picks the copy and the saved state is filled in) —
/// and only when the connection has nothing else in flight, so responses always leave in the
/// order their requests came. A request with a body, or asking to close the connection, goes
/// the long way. The middleware still fills the cache and serves hits that arrive pipelined.
///
/// The answer is the one the middleware would give: the stored status, headers and body (or a
/// 304 for a matching `If-None-Match`, headers only for HEAD), with `Date` and `Content-Length`.
final class PageCacheChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let cache: PageCache
    private let origin: SiteOrigin
    private let defaultFontStep: FontStep
    private let logger: Logger
    /// Requests handed on whose response has not finished yet.
    private var inFlight = 0
    /// True between the head of a request answered here and that request's end.
    private var discarding = false

    init(cache: PageCache, origin: SiteOrigin, defaultFontStep: FontStep = FontStep(0), logger: Logger) {
        self.cache = cache
        self.origin = origin
        self.defaultFontStep = defaultFontStep
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let request):
            if inFlight == 0, let answer = answer(to: request) {
                discarding = true
                write(answer, context: context)
                log(request, status: answer.head.status)
                return
            }
            inFlight += 1
        case .body, .end:
            if discarding {
                if case .end = part { discarding = false }
                return
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { inFlight = max(0, inFlight - 1) }
        context.write(data, promise: promise)
    }

    /// What to send for `request` from the cache, or nil to let the application answer.
    private func answer(to request: HTTPRequest) -> PageCacheAnswer? {
        let fields = request.headerFields
        guard let target = request.path, target.hasPrefix("/"),
            let variant = ReaderVariant.of(
                method: request.method, headers: fields, path: Self.path(of: target), defaultFontStep: defaultFontStep),
            Self.keepsConnection(fields[.connection]),
            fields[.contentLength] ?? "0" == "0", fields[.transferEncoding] == nil,
            let entry = cache.lookup(
                variant.cacheKey(
                    origin.cacheKey(target: target, host: request.authority), defaultFontStep: defaultFontStep))
        else { return nil }
        return PageCacheAnswer(
            entry: entry, variant: variant, method: request.method, ifNoneMatch: request.headerFields[.ifNoneMatch])
    }

    /// The request target without its query.
    static func path(of target: String) -> Substring {
        Substring(target.utf8.prefix { $0 != UInt8(ascii: "?") }) ?? ""
    }

    /// False when the request asks to close the connection or to change protocol: those go the
    /// long way, where the server handles them.
    static func keepsConnection(_ connection: String?) -> Bool {
        guard let connection = connection?.lowercased() else { return true }
        return !connection.contains("close") && !connection.contains("upgrade")
    }

    private func write(_ answer: PageCacheAnswer, context: ChannelHandlerContext) {
        var head = answer.head
        head.headerFields[.date] = HTTPDateStamp.shared.now()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body = answer.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// The line ``RequestLogMiddleware`` writes, marked as a cache hit.
    private func log(_ request: HTTPRequest, status: HTTPResponse.Status) {
        RequestLogMiddleware<ReaderRequestContext>.log(
            method: request.method, path: Self.path(of: request.path ?? ""), status: status.code, milliseconds: 0,
            logger: logger, extra: ["page_cache": "hit"])
    }
}

/// A cached page as it goes out: a 304 when the browser holds this version, no body for HEAD.
struct PageCacheAnswer {
    var head: HTTPResponse
    var body: ByteBuffer?

    init(entry: PageCache.Entry, variant: ReaderVariant? = nil, method: HTTPRequest.Method, ifNoneMatch: String?) {
        var (headers, body) = (entry.headers, entry.body)
        if let variant, variant.isFilled {
            (headers, body) = ReaderFill.apply(to: headers, body: body, variant: variant)
        }
        if let tag = headers[.eTag], let asked = ifNoneMatch,
            asked.split(separator: ",").contains(where: {
                let candidate = $0.trimmingCharacters(in: .whitespaces)
                return candidate == tag || candidate == "*"
            })
        {
            headers[.contentLength] = nil
            headers[.contentType] = nil
            head = HTTPResponse(status: .notModified, headerFields: headers)
            self.body = nil
            return
        }
        headers[.contentLength] = String(body.readableBytes)
        head = HTTPResponse(status: entry.status, headerFields: headers)
        self.body = method == .head ? nil : body
    }
}

/// The `Date` header's text, worked out once a second.
final class HTTPDateStamp: Sendable {
    static let shared = HTTPDateStamp()

    private let latest = Mutex<(second: Int, text: String)>((-1, ""))

    func now() -> String {
        let second = Int(Date().timeIntervalSince1970)
        return latest.withLock { latest in
            if latest.second != second { latest = (second, Self.format(second)) }
            return latest.text
        }
    }

    /// RFC 9110's IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func format(_ second: Int) -> String {
        var time = time_t(second)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
