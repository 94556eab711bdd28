import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: SuggestionSignalStore {
    public func recordSuggestionSignal(_ signal: SuggestionSignal) async throws(StoreError) {
        let signal = try SuggestionSignalRules.checked(signal)
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM stories WHERE id = ?", arguments: [signal.storyID]) == true
            else { throw StoreError.notFound(id: signal.storyID) }
            // An account that is gone is recorded as none rather than refusing the save.
            let account =
                try signal.account.flatMap {
                    try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE id = ?", arguments: [$0])
                }
            try db.execute(
                sql: """
                    INSERT INTO suggestion_signals
                        (story_id, kind, account_id, suggested, kept, removed, added, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (story_id, kind) DO UPDATE SET account_id = excluded.account_id,
                        suggested = excluded.suggested, kept = excluded.kept, removed = excluded.removed,
                        added = excluded.added, recorded_at = excluded.recorded_at
                    """,
                arguments: [
                    signal.storyID, signal.kind.rawValue, account, SuggestionSignalRules.encoded(signal.suggested),
                    SuggestionSignalRules.encoded(signal.kept), SuggestionSignalRules.encoded(signal.removed),
                    SuggestionSignalRules.encoded(signal.added), signal.recordedAt,
                ])
        }
    }

    public func suggestionSignals() async throws(StoreError) -> [SuggestionSignal] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT story_id, kind, account_id, suggested, kept, removed, added, recorded_at
                    FROM suggestion_signals ORDER BY story_id, kind
                    """
            ).map { row in
                let kindText: String = row["kind"]
                let lists = ["suggested", "kept", "removed", "added"].map { column -> [String]? in
                    let text: String = row[column]
                    return SuggestionSignalRules.decoded(text)
                }
                guard let kind = SuggestionSignal.Kind(rawValue: kindText), let suggested = lists[0],
                    let kept = lists[1], let removed = lists[2], let added = lists[3]
                else {
                    let story: Int64 = row["story_id"]
                    throw StoreError.failed("the suggestion signal of story \(story) is not readable")
                }
                return SuggestionSignal(
                    storyID: row["story_id"], kind: kind, account: row["account_id"], suggested: suggested,
                    kept: kept, removed: removed, added: added, recordedAt: row["recorded_at"])
            }
        }
    }
}
