import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: SourceStore {
    public func addFeedSource(_ source: NewFeedSource, now: Date) async throws(StoreError) -> FeedSource {
        let source = try SourceRules.checked(source)
        return try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM feed_sources WHERE url = ?", arguments: [source.url]) == true {
                throw SourceRules.alreadyFollowed(source.url)
            }
            try db.execute(
                sql: """
                    INSERT INTO feed_sources (url, section, interval_minutes, allow_private, next_poll_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [source.url, source.section, source.intervalMinutes, source.allowPrivate, now, now])
            let id = db.lastInsertedRowID
            try Self.appendFeedLog(
                id, [FeedLogEntry(level: .info, message: "Following \(source.url)", time: now)], db)
            guard let added = try Self.feedSourceRows(where: "id = ?", arguments: [id], db).first else {
                throw StoreError.failed("SQLite lost the new source")
            }
            return added
        }
    }

    public func feedSources() async throws(StoreError) -> [FeedSource] {
        try await read { db in try Self.feedSourceRows(where: "1", arguments: [], db) }
    }

    public func feedSource(id: Int64) async throws(StoreError) -> FeedSource? {
        try await read { db in try Self.feedSourceRows(where: "id = ?", arguments: [id], db).first }
    }

    public func pauseFeedSource(id: Int64, paused: Bool, now: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: paused
                    ? "UPDATE feed_sources SET paused = 1 WHERE id = ?"
                    : "UPDATE feed_sources SET paused = 0, next_poll_at = ? WHERE id = ?",
                arguments: paused ? [id] : [now, id])
            guard db.changesCount == 1 else { throw StoreError.notFound(id: id) }
            try Self.appendFeedLog(
                id, [FeedLogEntry(level: .info, message: paused ? "Paused" : "Resumed", time: now)], db)
        }
    }

    public func removeFeedSource(id: Int64) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM feed_source_log WHERE source_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM feed_source_items WHERE source_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM feed_sources WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StoreError.notFound(id: id) }
        }
    }

    public func claimFeedSource(_ claim: FeedClaim, now: Date, excluding: Set<Int64>) async throws(StoreError)
        -> FeedSource?
    {
        var conditions = ["paused = 0", "(lease_until IS NULL OR lease_until <= ?)"]
        var arguments: StatementArguments = [now]
        switch claim {
        case .due:
            conditions.append("next_poll_at <= ?")
        case .now:
            conditions.append("(backoff_until IS NULL OR backoff_until <= ?)")
        }
        arguments += [now]
        if !excluding.isEmpty {
            conditions.append("id NOT IN (\(excluding.sorted().map(String.init).joined(separator: ", ")))")
        }
        let clause = conditions.joined(separator: " AND ")
        let bound = arguments
        return try await write { db in
            // The write transaction is the only one at a time, so finding and leasing are one step.
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM feed_sources WHERE \(clause) ORDER BY next_poll_at, id LIMIT 1",
                    arguments: bound)
            else { return nil }
            try db.execute(
                sql: "UPDATE feed_sources SET lease_until = ? WHERE id = ?",
                arguments: [now + SourceRules.lease, id])
            return try Self.feedSourceRows(where: "id = ?", arguments: [id], db).first
        }
    }

    public func finishFeedPoll(id: Int64, outcome: FeedPollOutcome, now: Date) async throws(StoreError)
        -> FeedSource?
    {
        try await write { db in
            guard let source = try Self.feedSourceRows(where: "id = ?", arguments: [id], db).first else {
                return nil
            }
            let finish = SourceRules.finish(outcome, source: source, now: now)
            try db.execute(
                sql: """
                    UPDATE feed_sources SET etag = ?, last_modified = ?, failure_count = ?, backoff_until = ?,
                        next_poll_at = ?, lease_until = NULL, last_polled_at = ?, last_result = ?,
                        name = COALESCE(name, ?)
                    WHERE id = ?
                    """,
                arguments: [
                    finish.etag, finish.lastModified, finish.failures, finish.backoffUntil, finish.nextPoll, now,
                    SourceRules.trimmed(outcome.result), outcome.feedTitle.map(SourceRules.trimmed), id,
                ])
            try Self.appendFeedLog(id, outcome.log, db)
            try db.execute(
                sql: "DELETE FROM feed_source_items WHERE source_id = ? AND seen_at < ?",
                arguments: [id, now - SourceRules.itemMemory])
            return try Self.feedSourceRows(where: "id = ?", arguments: [id], db).first
        }
    }

    public func feedLog(sourceID: Int64, limit: Int) async throws(StoreError) -> [FeedLogEntry] {
        let limit = min(max(limit, 1), SourceRules.logLimit)
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM feed_source_log WHERE source_id = ? ORDER BY id DESC LIMIT \(limit)",
                arguments: [sourceID]
            ).map { row in
                FeedLogEntry(
                    level: FeedLogLevel(rawValue: row["level"]) ?? .info, message: row["message"], time: row["time"])
            }
        }
    }

    public func feedItemStates(sourceID: Int64, guids: [String]) async throws(StoreError) -> [String: FeedItemState] {
        guard !guids.isEmpty else { return [:] }
        return try await read { db in
            var states: [String: FeedItemState] = [:]
            for chunk in stride(from: 0, to: guids.count, by: 200).map({ Array(guids[$0..<min($0 + 200, guids.count)]) }
            ) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                let rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT guid, fingerprint, version FROM feed_source_items WHERE source_id = ? AND guid IN (\(marks))",
                    arguments: StatementArguments([sourceID] as [any DatabaseValueConvertible])
                        + StatementArguments(chunk))
                for row in rows {
                    states[row["guid"]] = FeedItemState(fingerprint: row["fingerprint"], version: row["version"])
                }
            }
            return states
        }
    }

    public func recordFeedItem(sourceID: Int64, guid: String, state: FeedItemState, now: Date) async throws(StoreError)
    {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO feed_source_items (source_id, guid, fingerprint, version, seen_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (source_id, guid) DO UPDATE SET fingerprint = excluded.fingerprint,
                        version = excluded.version, seen_at = excluded.seen_at
                    """, arguments: [sourceID, guid, state.fingerprint, state.version, now])
        }
    }

    private static func appendFeedLog(_ id: Int64, _ entries: [FeedLogEntry], _ db: Database) throws {
        for entry in entries {
            try db.execute(
                sql: "INSERT INTO feed_source_log (source_id, time, level, message) VALUES (?, ?, ?, ?)",
                arguments: [id, entry.time, entry.level.rawValue, SourceRules.trimmed(entry.message)])
        }
        try db.execute(
            sql: """
                DELETE FROM feed_source_log WHERE source_id = ? AND id NOT IN
                    (SELECT id FROM feed_source_log WHERE source_id = ? ORDER BY id DESC LIMIT \(SourceRules.logLimit))
                """, arguments: [id, id])
    }

    private static func feedSourceRows(where clause: String, arguments: StatementArguments, _ db: Database) throws
        -> [FeedSource]
    {
        try Row.fetchAll(db, sql: "SELECT * FROM feed_sources WHERE \(clause) ORDER BY id", arguments: arguments).map {
            row in
            FeedSource(
                id: row["id"], url: row["url"], name: row["name"], section: row["section"],
                intervalMinutes: row["interval_minutes"], allowPrivate: row["allow_private"], paused: row["paused"],
                etag: row["etag"], lastModified: row["last_modified"], nextPollAt: row["next_poll_at"],
                backoffUntil: row["backoff_until"], failureCount: row["failure_count"],
                lastPolledAt: row["last_polled_at"], lastResult: row["last_result"], createdAt: row["created_at"])
        }
    }
}
