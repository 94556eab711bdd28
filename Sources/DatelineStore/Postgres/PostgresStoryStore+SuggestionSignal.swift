import DatelineCore
import Foundation
import PostgresNIO

extension PostgresStoryStore: SuggestionSignalStore {
    public func recordSuggestionSignal(_ signal: SuggestionSignal) async throws(StoreError) {
        let signal = try SuggestionSignalRules.checked(signal)
        try await write { [self] connection in
            let story = try await connection.query(
                "SELECT id FROM stories WHERE id = \(signal.storyID)", logger: logger
            ).decode(Int64.self).collected()
            guard !story.isEmpty else { throw StoreError.notFound(id: signal.storyID) }
            // An account that is gone is recorded as none rather than refusing the save.
            var account: Int64?
            if let id = signal.account {
                account = try await connection.query("SELECT id FROM users WHERE id = \(id)", logger: logger)
                    .decode(Int64.self).collected().first
            }
            let kind = signal.kind.rawValue
            let suggested = SuggestionSignalRules.encoded(signal.suggested)
            let kept = SuggestionSignalRules.encoded(signal.kept)
            let removed = SuggestionSignalRules.encoded(signal.removed)
            let added = SuggestionSignalRules.encoded(signal.added)
            try await connection.query(
                """
                INSERT INTO suggestion_signals (story_id, kind, account_id, suggested, kept, removed, added, recorded_at)
                VALUES (\(signal.storyID), \(kind), \(account), \(suggested), \(kept), \(removed), \(added), \
                \(signal.recordedAt.postgres))
                ON CONFLICT (story_id, kind) DO UPDATE SET account_id = excluded.account_id,
                    suggested = excluded.suggested, kept = excluded.kept, removed = excluded.removed,
                    added = excluded.added, recorded_at = excluded.recorded_at
                """, logger: logger)
        }
    }

    public func suggestionSignals() async throws(StoreError) -> [SuggestionSignal] {
        try await read { [self] connection in
            let rows = try await connection.query(
                """
                SELECT story_id, kind, account_id, suggested, kept, removed, added, recorded_at
                FROM suggestion_signals ORDER BY story_id, kind
                """, logger: logger
            ).decode((Int64, String, Int64?, String, String, String, String, Date).self).collected()
            return try rows.map { row in
                let lists = [row.3, row.4, row.5, row.6].map(SuggestionSignalRules.decoded)
                guard let kind = SuggestionSignal.Kind(rawValue: row.1), let suggested = lists[0],
                    let kept = lists[1], let removed = lists[2], let added = lists[3]
                else { throw StoreError.failed("the suggestion signal of story \(row.0) is not readable") }
                return SuggestionSignal(
                    storyID: row.0, kind: kind, account: row.2, suggested: suggested, kept: kept, removed: removed,
                    added: added, recordedAt: row.7)
            }
        }
    }
}
