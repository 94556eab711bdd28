import Hummingbird
import NIOCore

/// Rendered pages for readers without cookies, kept in memory by this instance and dropped
/// whole whenever the store signals a story change (``PageCacheInvalidator``).
///
/// Only responses the site itself marked shareable (`Cache-Control: public`) are kept, so a
/// page showing anyone's preferences, saved stories or form token never is. A page rendered
/// before an invalidation is not stored after it: each entry remembers the generation it was
/// rendered in.
actor PageCache {
    struct Entry: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer
        var lastUsed: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var bytes = 0
    private var clock: UInt64 = 0
    /// Bumped by every invalidation.
    private(set) var generation: UInt64 = 0
    private(set) var hits = 0
    private(set) var misses = 0

    let maximumEntries: Int
    let maximumBytes: Int

    init(maximumEntries: Int = 5_000, maximumBytes: Int = 64 * 1024 * 1024) {
        self.maximumEntries = max(1, maximumEntries)
        self.maximumBytes = max(1, maximumBytes)
    }

    /// The cached response for `key`, counting a hit or a miss.
    func lookup(_ key: String) -> Entry? {
        clock += 1
        guard var entry = entries[key] else {
            misses += 1
            return nil
        }
        hits += 1
        entry.lastUsed = clock
        entries[key] = entry
        return entry
    }

    /// Keeps a response rendered during `generation`, unless the cache was invalidated since.
    func store(_ key: String, status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer, generation: UInt64) {
        guard generation == self.generation, body.readableBytes <= maximumBytes / 8 else { return }
        clock += 1
        if let old = entries[key] { bytes -= old.body.readableBytes }
        entries[key] = Entry(status: status, headers: headers, body: body, lastUsed: clock)
        bytes += body.readableBytes
        while entries.count > maximumEntries || bytes > maximumBytes { evictOldest() }
    }

    /// Drops every page.
    func invalidate() {
        entries.removeAll(keepingCapacity: true)
        bytes = 0
        generation += 1
    }

    var count: Int { entries.count }

    private func evictOldest() {
        guard let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) else { return }
        bytes -= oldest.value.body.readableBytes
        entries[oldest.key] = nil
    }
}
