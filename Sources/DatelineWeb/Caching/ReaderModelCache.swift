import Hummingbird
import Synchronization

/// What reader pages are made of — a published story with its "Next Article", "Don't Miss",
/// corrections and pictures, the list of sections — kept in memory so a rendered page makes no
/// database round trip in the common case.
///
/// Unlike the ``PageCache``, which keeps finished pages for readers who may share one, this cache
/// keeps the models behind them, so it serves everyone: readers with any cookie, signed-in
/// editors, pages the page cache is off for. Each page still renders its own chrome (the
/// reader's session, text size and form token).
///
/// It is dropped whole when anything changes: whenever the store signals a change (another
/// instance's writes arrive through the same signal as the page cache's: PostgreSQL's
/// notifications at once, a shared SQLite file's poll within half a second), and at once after
/// any write request this instance answers, so an editor who saves and then opens the page sees
/// the saved version. A model read before an invalidation is never kept after it: each load
/// remembers the generation it started in.
final class ReaderModelCache: Sendable {
    private struct Entry {
        let value: any Sendable
        var lastUsed: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
        var generation: UInt64 = 0
        var hits = 0
        var misses = 0
        var invalidations = 0
    }

    private let state = Mutex(State())

    /// The most models kept; the least recently used half goes when it is reached.
    let maximumEntries: Int

    init(maximumEntries: Int = 4_096) {
        self.maximumEntries = max(2, maximumEntries)
    }

    /// The model for `key`, loaded with `load` when it is not kept yet (or was dropped since).
    ///
    /// A load that fails is not kept, and neither is one that started before an invalidation.
    func value<T: Sendable>(_ key: String, as type: T.Type = T.self, load: () async throws -> T) async throws -> T {
        let found: (value: T?, generation: UInt64) = state.withLock { state in
            state.clock += 1
            if let entry = state.entries[key], let value = entry.value as? T {
                state.entries[key]?.lastUsed = state.clock
                state.hits += 1
                return (value, state.generation)
            }
            state.misses += 1
            return (nil, state.generation)
        }
        if let value = found.value { return value }
        let value = try await load()
        state.withLock { state in
            guard state.generation == found.generation else { return }
            if state.entries.count >= maximumEntries { Self.evictOlderHalf(&state) }
            state.clock += 1
            state.entries[key] = Entry(value: value, lastUsed: state.clock)
        }
        return value
    }

    /// Drops every model; loads under way are not kept.
    func invalidate() {
        state.withLock { state in
            state.entries.removeAll(keepingCapacity: true)
            state.generation += 1
            state.invalidations += 1
        }
    }

    var hits: Int { state.withLock { $0.hits } }
    var misses: Int { state.withLock { $0.misses } }
    var invalidations: Int { state.withLock { $0.invalidations } }
    var count: Int { state.withLock { $0.entries.count } }

    private static func evictOlderHalf(_ state: inout State) {
        let ages = state.entries.values.map(\.lastUsed).sorted()
        let cutoff = ages[ages.count / 2]
        state.entries = state.entries.filter { $0.value.lastUsed > cutoff }
    }
}

/// Drops this instance's caches (the reader models and the page cache) after every newsroom or
/// Admin API write it answers, so the person who made a change sees it on the next page at once
/// rather than after the store's change signal arrives (up to half a second on SQLite).
///
/// Only answered writes count: a request refused (4xx, 5xx) or sent to sign in first changes
/// nothing, so a stranger's forged posts cannot be used to empty the caches, and neither can
/// readers' own writes (text size, saved stories, sharing, subscribing), which change no page
/// anyone else sees.
struct ModelCacheWriteMiddleware: RouterMiddleware {
    typealias Context = ReaderRequestContext

    let invalidate: @Sendable () -> Void

    static let writingPrefixes = ["/newsroom", "/api/v1/admin"]
    /// Newsroom addresses anyone may post to, which change no story.
    static let publicPaths: Set<String> = ["/newsroom/login", "/newsroom/logout"]
    static let publicPrefixes = ["/newsroom/setup", "/newsroom/password", "/newsroom/invitations"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard Self.mayChangeModels(method: request.method, path: request.uri.path) else {
            return try await next(request, context)
        }
        let response = try await next(request, context)
        if Self.answered(status: response.status, location: response.headers[.location]) { invalidate() }
        return response
    }

    static func mayChangeModels(method: HTTPRequest.Method, path: String) -> Bool {
        guard method != .get, method != .head, method != .options else { return false }
        guard !publicPaths.contains(path), !publicPrefixes.contains(where: { path.hasPrefix($0) }) else {
            return false
        }
        return writingPrefixes.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// True when the write was carried out: a 2xx or 3xx answer that is not a redirect to sign in.
    static func answered(status: HTTPResponse.Status, location: String?) -> Bool {
        guard (200..<400).contains(status.code) else { return false }
        return !(location ?? "").hasPrefix("/newsroom/login")
    }
}
