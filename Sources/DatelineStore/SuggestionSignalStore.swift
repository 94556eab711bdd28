import DatelineCore
import Foundation

/// What an editor did with Dateline's suggestions for one story: which suggested highlights or
/// topics were kept, which removed, and what was written instead — the newsroom's own verdict,
/// which `dateline highlights --signal` reports and the next fit of the scorer can learn from.
///
/// Only the account's id is kept about the person; nothing else.
public struct SuggestionSignal: Sendable, Hashable {
    /// Which suggestions a record is about.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case highlights
        case topics
    }

    public var storyID: Int64
    public var kind: Kind
    /// The account that saved the story; nil once that account is deleted.
    public var account: Int64?
    /// What Dateline suggested, in its order.
    public var suggested: [String]
    /// Suggested items the saved story still has, in the suggestion's order.
    public var kept: [String]
    /// Suggested items the saved story no longer has.
    public var removed: [String]
    /// Items of the saved story that were not suggested (written or edited by the editor).
    public var added: [String]
    public var recordedAt: Date

    /// The record a save makes: `saved` compared with `suggested` (whitespace tidied; topics
    /// compared without regard to case, highlights exactly).
    public init(
        storyID: Int64, kind: Kind, account: Int64?, suggested: [String], saved: [String], recordedAt: Date
    ) {
        self.storyID = storyID
        self.kind = kind
        self.account = account
        self.recordedAt = recordedAt
        let tidy = { (items: [String]) in items.map { $0.collapsingWhitespace() }.filter { !$0.isEmpty } }
        let key = { (item: String) in kind == .topics ? item.lowercased() : item }
        let suggested = tidy(suggested)
        let saved = tidy(saved)
        let savedKeys = Set(saved.map(key))
        let suggestedKeys = Set(suggested.map(key))
        self.suggested = suggested
        kept = suggested.filter { savedKeys.contains(key($0)) }
        removed = suggested.filter { !savedKeys.contains(key($0)) }
        added = saved.filter { !suggestedKeys.contains(key($0)) }
    }

    /// A record as stored (no comparison made).
    public init(
        storyID: Int64, kind: Kind, account: Int64?, suggested: [String], kept: [String], removed: [String],
        added: [String], recordedAt: Date
    ) {
        self.storyID = storyID
        self.kind = kind
        self.account = account
        self.suggested = suggested
        self.kept = kept
        self.removed = removed
        self.added = added
        self.recordedAt = recordedAt
    }

    /// True when the editor kept every suggestion and added nothing.
    public var keptAll: Bool { removed.isEmpty && added.isEmpty }
}

/// Where the editors' signal is kept: one record per story and kind, the latest save's.
public protocol SuggestionSignalStore: Sendable {
    /// Keeps `signal`, replacing the record of an earlier save of the same story and kind.
    /// ``StoreError/notFound(id:)`` when the story does not exist; refused
    /// (``StoreError/invalid(_:)``, nothing stored) when ``SuggestionSignalRules/checked(_:)``
    /// finds a problem.
    func recordSuggestionSignal(_ signal: SuggestionSignal) async throws(StoreError)

    /// Every record, by story then kind.
    func suggestionSignals() async throws(StoreError) -> [SuggestionSignal]
}

/// How often the newsroom kept Dateline's suggestions, counted over the stored records.
public struct SuggestionSignalSummary: Sendable, Hashable {
    /// The counts for one kind of suggestion.
    public struct Counts: Sendable, Hashable {
        /// Stories with a record.
        public var stories = 0
        /// Stories whose editor kept every suggestion and added nothing.
        public var keptAll = 0
        /// Suggested items, over all stories.
        public var suggested = 0
        public var kept = 0
        public var removed = 0
        public var added = 0

        /// The share of suggested items kept, from 0 to 1; nil with none suggested.
        public var keptShare: Double? { suggested == 0 ? nil : Double(kept) / Double(suggested) }
    }

    public var highlights = Counts()
    public var topics = Counts()

    /// Counts `signals`.
    public init(_ signals: [SuggestionSignal]) {
        for signal in signals {
            var counts = signal.kind == .highlights ? highlights : topics
            counts.stories += 1
            counts.keptAll += signal.keptAll ? 1 : 0
            counts.suggested += signal.suggested.count
            counts.kept += signal.kept.count
            counts.removed += signal.removed.count
            counts.added += signal.added.count
            if signal.kind == .highlights { highlights = counts } else { topics = counts }
        }
    }
}
