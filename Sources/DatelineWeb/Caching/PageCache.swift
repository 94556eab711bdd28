import Hummingbird
import NIOCore
import Synchronization

/// Rendered pages for readers without cookies, kept in memory by this instance and dropped
/// whole whenever the store signals a story change (``PageCacheInvalidator``).
///
/// Only responses the site itself marked shareable (`Cache-Control: public`) are kept, so a
/// page showing anyone's preferences, saved stories or form token never is. A page rendered
/// before an invalidation is not stored after it: each entry remembers the generation it was
/// rendered in.
final class PageCache: Sendable {
    struct Entry: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer
        var lastUsed: UInt64
    }

    /// Everything behind one lock: a lookup is a dictionary probe, far cheaper than the task
    /// switch an actor would cost on every request.
    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        /// Bumped by every invalidation.
        var generation: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    private let state = Mutex(State())

    let maximumEntries: Int
    let maximumBytes: Int

    init(maximumEntries: Int = 5_000, maximumBytes: Int = 64 * 1024 * 1024) {
        self.maximumEntries = max(1, maximumEntries)
        self.maximumBytes = max(1, maximumBytes)
    }

    /// The cached response for `key`, counting a hit or a miss.
    func lookup(_ key: String) -> Entry? {
        state.withLock { state in
            state.clock += 1
            guard let index = state.entries.index(forKey: key) else {
                state.misses += 1
                return nil
            }
            state.hits += 1
            state.entries.values[index].lastUsed = state.clock
            return state.entries.values[index]
        }
    }

    /// Keeps a response rendered during `generation`, unless the cache was invalidated since.
    func store(_ key: String, status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer, generation: UInt64) {
        let maximumEntries = self.maximumEntries
        let maximumBytes = self.maximumBytes
        state.withLock { state in
            guard generation == state.generation, body.readableBytes <= maximumBytes / 8 else { return }
            state.clock += 1
            if let old = state.entries[key] { state.bytes -= old.body.readableBytes }
            state.entries[key] = Entry(status: status, headers: headers, body: body, lastUsed: state.clock)
            state.bytes += body.readableBytes
            while state.entries.count > maximumEntries || state.bytes > maximumBytes {
                guard let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) else { break }
                state.bytes -= oldest.value.body.readableBytes
                state.entries[oldest.key] = nil
            }
        }
    }

    /// Drops every page.
    func invalidate() {
        state.withLock { state in
            state.entries.removeAll(keepingCapacity: true)
            state.bytes = 0
            state.generation += 1
        }
    }

    /// The invalidation count a render starts in; pass it to ``store(_:status:headers:body:generation:)``.
    var generation: UInt64 { state.withLock { $0.generation } }
    var hits: Int { state.withLock { $0.hits } }
    var misses: Int { state.withLock { $0.misses } }
    var count: Int { state.withLock { $0.entries.count } }
}
