import DatelineCore
import Foundation

/// The wire queue: agency copy and followed pages waiting for an editor, with their origin, each
/// item's newest version only, and duplicates grouped under the first copy that arrived.
public protocol WireStore: Sendable {
    /// Keeps `draft` in the queue at `now`, for `lifetime` seconds (counted from the embargo's end
    /// when it lies later). The same sender's item (same source and guid) at a higher version
    /// replaces the older one in place; the same or a lower version changes nothing. A new item
    /// whose address or text matches an item already queued is grouped under that item's group
    /// (``WireRules/duplicateGroup(of:among:)``). Refused (``StoreError/invalid(_:)``, nothing
    /// stored) when ``WireRules/checked(_:)`` finds a problem.
    @discardableResult
    func receiveWireItem(_ draft: WireItemDraft, now: Date, lifetime: TimeInterval) async throws(StoreError)
        -> WireIntake

    /// Unexpired items matching `filter`, newest first.
    func wireItems(_ filter: WireFilter, now: Date) async throws(StoreError) -> [WireItem]

    /// The item with this key, expired or not; nil when there is none.
    func wireItem(id: Int64) async throws(StoreError) -> WireItem?

    /// Every source with an unexpired item, by name (the queue's filter).
    func wireSources(now: Date) async throws(StoreError) -> [String]

    /// Records that story `storyID` was made from item `id`.
    func linkWireItem(id: Int64, toStory storyID: Int64) async throws(StoreError)

    /// "Take as draft": makes `draft` a new draft story owned by `author` and records it on item
    /// `id`, in one transaction. ``StoreError/notFound(id:)`` when the item is gone (expired);
    /// refused as ``NewsroomStore/createStory(_:status:author:)`` refuses a draft.
    func takeWireItem(id: Int64, as draft: StoryDraft, author: Int64) async throws(StoreError) -> Story

    /// Removes items expired at `now`; returns how many.
    @discardableResult
    func expireWireItems(now: Date) async throws(StoreError) -> Int
}

/// What receiving an item did.
public enum WireIntake: Sendable, Hashable {
    /// A new item entered the queue (grouped as a duplicate when ``WireItem/duplicateOf`` is set).
    case added(WireItem)
    /// A newer version replaced the queued one, keeping its key.
    case replaced(WireItem)
    /// The queue already holds this version or a newer one.
    case unchanged(WireItem)

    public var item: WireItem {
        switch self {
        case .added(let item), .replaced(let item), .unchanged(let item): item
        }
    }
}

/// Which queued items to list.
public struct WireFilter: Sendable, Hashable {
    public var source: String?
    public var section: String?
    /// A subject code ("medtop:20000630") or name.
    public var subject: String?
    /// Words the headline or body must contain.
    public var text: String?
    public var limit: Int

    public init(
        source: String? = nil, section: String? = nil, subject: String? = nil, text: String? = nil, limit: Int = 200
    ) {
        self.source = source?.trimmingWhitespace().nilIfEmpty
        self.section = section?.trimmingWhitespace().nilIfEmpty
        self.subject = subject?.trimmingWhitespace().nilIfEmpty
        self.text = text?.collapsingWhitespace().nilIfEmpty
        self.limit = min(max(limit, 1), 1_000)
    }
}
