import Synchronization

/// Values made once and then reused by key: texts and views that pages print again and again
/// (printed times, a story's share tags, a picture's `srcset`s).
///
/// Bounded: when it holds ``limit`` entries it is emptied before the next one goes in, so no
/// input — a forged `Host` header, a crawler walking every moment — can make it grow without end,
/// and what pages use often is made again at once.
final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The most entries kept.
    let limit: Int
    private let entries = Mutex<[Key: Value]>([:])

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// The value kept for `key`, else the one `make` makes (and keeps).
    func value(for key: Key, make: () throws -> Value) rethrows -> Value {
        if let known = entries.withLock({ $0[key] }) { return known }
        let made = try make()
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = made
        }
        return made
    }

    /// How many entries are kept now.
    var count: Int { entries.withLock { $0.count } }
}
