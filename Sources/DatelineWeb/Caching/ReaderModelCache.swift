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
///
/// Loads are shared: while one request reads a model, others that want the same model in the
/// same generation wait for that read instead of starting their own (after an invalidation, 64
/// readers of the front page make one read of the database, not 64). Waiters share the read's
/// error too (a story that is not there is not looked up 64 times), except when the loader's
/// request was cancelled: then they look again, so one dropped connection fails no other reader.
final class ReaderModelCache: Sendable {
    private struct Entry {
        let value: any Sendable
        var lastUsed: UInt64
    }

    /// A read under way: whose generation it belongs to, and the requests waiting for it.
    private struct FlightKey: Hashable {
        let key: String
        let generation: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var flights: [FlightKey: [Waiter]] = [:]
        var clock: UInt64 = 0
        var generation: UInt64 = 0
        var hits = 0
        var misses = 0
        var shared = 0
        var invalidations = 0
    }

    /// A request waiting for another's read: answered with its result, or with nothing when the
    /// loader was cancelled (or the read had ended before the waiter joined).
    private typealias Waiter = CheckedContinuation<Result<any Sendable, any Error>?, Never>

    /// What a lookup found: a kept model, another request's read to wait for, or the task of reading.
    private enum Lookup {
        case kept(any Sendable)
        case wait(FlightKey)
        case load(FlightKey)
    }

    private let state = Mutex(State())

    /// The most models kept; the least recently used half goes when it is reached.
    let maximumEntries: Int

    /// The bound of the search pages' cache: a page of results per kept search.
    static let searchEntries = 512

    /// How many times a waiter whose loader failed looks again before loading for itself.
    private static let attemptsToShare = 3

    init(maximumEntries: Int = 4_096) {
        self.maximumEntries = max(2, maximumEntries)
    }

    /// The model for `key`, loaded with `load` when it is not kept yet (or was dropped since).
    ///
    /// A load that fails is not kept, and neither is one that started before an invalidation.
    /// When another request is already loading the same model, this one waits for its result.
    func value<T: Sendable>(_ key: String, as type: T.Type = T.self, load: () async throws -> T) async throws -> T {
        for attempt in 0...Self.attemptsToShare {
            switch lookup(key, mayWait: attempt < Self.attemptsToShare) {
            case .kept(let value):
                if let value = value as? T { return value }
                return try await load()  // kept under this key as another type: a caller's mistake
            case .wait(let flight):
                // The loader always ends its flight, so this wait lasts as long as one read of the
                // store, which has its own deadlines.
                let shared = await withCheckedContinuation { continuation in
                    join(flight, continuation)
                }
                switch shared {
                case .success(let value as T): return value
                case .failure(let error): throw error
                case .success, nil: continue  // the loader was cancelled or read another type: look again
                }
            case .load(let flight):
                return try await loadAndShare(flight, load: load)
            }
        }
        return try await load()
    }

    private func lookup(_ key: String, mayWait: Bool) -> Lookup {
        state.withLock { state in
            state.clock += 1
            if let entry = state.entries[key] {
                state.entries[key]?.lastUsed = state.clock
                state.hits += 1
                return .kept(entry.value)
            }
            let flight = FlightKey(key: key, generation: state.generation)
            if mayWait, state.flights[flight] != nil {
                state.shared += 1
                return .wait(flight)
            }
            state.misses += 1
            if state.flights[flight] == nil { state.flights[flight] = [] }
            return .load(flight)
        }
    }

    /// Adds a waiter to a read under way, or answers it at once with nothing when the read has
    /// ended in the meantime (the waiter then looks again and finds the kept model).
    private func join(_ flight: FlightKey, _ continuation: Waiter) {
        let joined = state.withLock { state in
            guard state.flights[flight] != nil else { return false }
            state.flights[flight]?.append(continuation)
            return true
        }
        if !joined { continuation.resume(returning: nil) }
    }

    /// Loads, keeps the model when no invalidation came in between, and hands the result to every
    /// request that waited for this read (nothing when this request was cancelled).
    private func loadAndShare<T: Sendable>(_ flight: FlightKey, load: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do { result = .success(try await load()) } catch { result = .failure(error) }
        let value = try? result.get()
        let shared: Result<any Sendable, any Error>? =
            switch result {
            case .success(let value): .success(value)
            case .failure(let error) where error is CancellationError || Task.isCancelled: nil
            case .failure(let error): .failure(error)
            }
        let waiters = state.withLock { state in
            let waiters = state.flights.removeValue(forKey: flight) ?? []
            if let value, state.generation == flight.generation {
                if state.entries.count >= maximumEntries { Self.evictOlderHalf(&state) }
                state.clock += 1
                state.entries[flight.key] = Entry(value: value, lastUsed: state.clock)
            }
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: shared) }
        return try result.get()
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
    /// Lookups that waited for another request's read of the same model.
    var shared: Int { state.withLock { $0.shared } }
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
