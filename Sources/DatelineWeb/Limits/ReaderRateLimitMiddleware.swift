import DatelineStore
import Foundation
import Hummingbird
import Synchronization

/// Refuses a client's expensive reader requests (``ReaderRateLimits/counts(path:query:)``) with
/// 429 and `Retry-After` once it has made its share within the window, before the request can
/// reach the database.
///
/// Counting happens in two places. Each instance first counts in memory, so a flood against one
/// instance is turned away without touching the database at all. A request that passes is then
/// counted in the database (the shared send log, keyed `reader:<address>`), so every instance
/// behind a balancer enforces one limit together. Cached pages are answered before this runs,
/// so only work that would reach the database is counted.
struct ReaderRateLimitMiddleware: RouterMiddleware {
    typealias Context = ReaderRequestContext

    /// Which requests one instance of the middleware looks at: Hummingbird applies a middleware
    /// to the routes added after it, so the API (registered before the reader's error pages) gets
    /// its own, answering in JSON.
    enum Scope: Sendable {
        case api, pages
    }

    let limits: ReaderRateLimits
    let store: any MailStore
    let scope: Scope
    let local: LocalRequestCounter
    let now: @Sendable () -> Date

    init(
        limits: ReaderRateLimits, store: any MailStore, scope: Scope, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.limits = limits
        self.store = store
        self.scope = scope
        self.local = LocalRequestCounter(limit: limits.requests, window: limits.window)
        self.now = now
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard limits.requests > 0, request.method == .get || request.method == .head,
            APIPaths.contains(request.uri.path) == (scope == .api),
            ReaderRateLimits.counts(path: request.uri.path, query: request.uri.query),
            let address = context.remoteAddress, !limits.trustedAddresses.contains(address)
        else { return try await next(request, context) }
        let time = now()
        guard local.admit(address, at: time) else { return try refusal(request) }
        let windowSeconds = Double(limits.window.components.seconds)
        let full = try await store.acquireSendQuota(
            [SendQuota(key: "reader:" + address, limit: limits.requests)],
            since: time.addingTimeInterval(-windowSeconds), now: time)
        guard full == nil else { return try refusal(request) }
        return try await next(request, context)
    }

    /// JSON for the API, which has no error pages; the reader's error page for everything else.
    private func refusal(_ request: Request) throws -> Response {
        let limited = ReaderRateLimited(retryAfterSeconds: max(1, Int(limits.window.components.seconds)))
        guard APIPaths.contains(request.uri.path) else { throw limited }
        return APIError(
            status: .tooManyRequests, code: "rate_limited", message: ReaderRateLimited.message,
            headers: [(.retryAfter, String(limited.retryAfterSeconds))]
        ).response()
    }
}

/// A client went over ``ReaderRateLimits``; answered 429 with `Retry-After` (an HTML page on the
/// reader site, JSON on the API).
struct ReaderRateLimited: Error {
    /// Seconds until the window has surely moved on.
    let retryAfterSeconds: Int

    /// What the reader is told.
    static let message =
        "Too many searches or feed requests from your address in the last minute. Wait a moment and try again."
}

/// Per-instance request counts by address over a sliding window, bounded in memory: when more
/// than ``capacity`` addresses are tracked, the ones idle longest are forgotten (the database
/// count still holds them to the limit).
final class LocalRequestCounter: Sendable {
    private let limit: Int
    private let window: TimeInterval
    private let capacity: Int
    private let counts = Mutex<[String: [Date]]>([:])

    init(limit: Int, window: Duration, capacity: Int = 10_000) {
        self.limit = limit
        self.window = TimeInterval(window.components.seconds)
        self.capacity = capacity
    }

    /// Counts one request from `address` at `time`; false when it has had `limit` already.
    func admit(_ address: String, at time: Date) -> Bool {
        let since = time.addingTimeInterval(-window)
        return counts.withLock { counts in
            var recent = (counts[address] ?? []).filter { $0 >= since }
            guard recent.count < limit else {
                counts[address] = recent
                return false
            }
            recent.append(time)
            counts[address] = recent
            if counts.count > capacity {
                let stale = counts.filter { $0.value.last.map { $0 < since } ?? true }.map(\.key)
                for key in stale { counts[key] = nil }
                if counts.count > capacity,
                    let oldest = counts.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) })
                {
                    counts[oldest.key] = nil
                }
            }
            return true
        }
    }
}
