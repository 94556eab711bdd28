import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: SourceStore {
    public func addFeedSource(_ source: NewFeedSource, now: Date) async throws(StoreError) -> FeedSource {
        let source = try SourceRules.checked(source)
        let url = source.url.postgresText
        let section = source.section?.postgresText
        let added = try await write { [self] connection -> FeedSource? in
            let existing = try await connection.query(
                "SELECT id FROM feed_sources WHERE url = \(url)", logger: logger
            ).decode(Int64.self).collected()
            guard existing.isEmpty else { return nil }
            guard
                let id = try await connection.query(
                    """
                    INSERT INTO feed_sources (url, section, interval_minutes, allow_private, next_poll_at, created_at)
                    VALUES (\(url), \(section), \(source.intervalMinutes), \(source.allowPrivate), \(now.postgres),
                        \(now.postgres))
                    ON CONFLICT (url) DO NOTHING RETURNING id
                    """, logger: logger
                ).decode(Int64.self).collected().first
            else { return nil }
            try await Self.appendFeedLog(
                id, [FeedLogEntry(level: .info, message: "Following \(source.url)", time: now)], on: connection,
                logger: logger)
            return try await Self.feedSourceRows(
                "SELECT * FROM feed_sources WHERE id = \(id)", on: connection, logger: logger
            )
            .first
        }
        guard let added else { throw SourceRules.alreadyFollowed(source.url) }
        return added
    }

    public func feedSources() async throws(StoreError) -> [FeedSource] {
        try await read { [self] connection in
            try await Self.feedSourceRows("SELECT * FROM feed_sources ORDER BY id", on: connection, logger: logger)
        }
    }

    public func feedSource(id: Int64) async throws(StoreError) -> FeedSource? {
        try await read { [self] connection in
            try await Self.feedSourceRows("SELECT * FROM feed_sources WHERE id = \(id)", on: connection, logger: logger)
                .first
        }
    }

    public func pauseFeedSource(id: Int64, paused: Bool, now: Date) async throws(StoreError) {
        try await write { [self] connection in
            let changed = try await connection.query(
                """
                UPDATE feed_sources SET paused = \(paused),
                    next_poll_at = CASE WHEN \(paused) THEN next_poll_at ELSE \(now.postgres) END
                WHERE id = \(id) RETURNING id
                """, logger: logger
            ).decode(Int64.self).collected()
            guard !changed.isEmpty else { throw StoreError.notFound(id: id) }
            try await Self.appendFeedLog(
                id, [FeedLogEntry(level: .info, message: paused ? "Paused" : "Resumed", time: now)], on: connection,
                logger: logger)
        }
    }

    public func removeFeedSource(id: Int64) async throws(StoreError) {
        try await write { [self] connection in
            let removed = try await connection.query(
                "DELETE FROM feed_sources WHERE id = \(id) RETURNING id", logger: logger
            ).decode(Int64.self).collected()
            guard !removed.isEmpty else { throw StoreError.notFound(id: id) }
        }
    }

    public func claimFeedSource(_ claim: FeedClaim, now: Date, excluding: Set<Int64>) async throws(StoreError)
        -> FeedSource?
    {
        let excluded = excluding.sorted()
        let lease = now + SourceRules.lease
        return try await write { [self] connection in
            // One statement, SKIP LOCKED: two instances claiming at once take different sources.
            let query: PostgresQuery
            switch claim {
            case .due:
                query = """
                    UPDATE feed_sources SET lease_until = \(lease.postgres) WHERE id = (
                        SELECT id FROM feed_sources WHERE NOT paused
                            AND (lease_until IS NULL OR lease_until <= \(now.postgres))
                            AND next_poll_at <= \(now.postgres) AND id <> ALL(\(excluded))
                        ORDER BY next_poll_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING *
                    """
            case .now:
                query = """
                    UPDATE feed_sources SET lease_until = \(lease.postgres) WHERE id = (
                        SELECT id FROM feed_sources WHERE NOT paused
                            AND (lease_until IS NULL OR lease_until <= \(now.postgres))
                            AND (backoff_until IS NULL OR backoff_until <= \(now.postgres)) AND id <> ALL(\(excluded))
                        ORDER BY next_poll_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING *
                    """
            }
            return try await Self.feedSourceRows(query, on: connection, logger: logger).first
        }
    }

    public func finishFeedPoll(id: Int64, outcome: FeedPollOutcome, now: Date) async throws(StoreError)
        -> FeedSource?
    {
        try await write { [self] connection in
            guard
                let source = try await Self.feedSourceRows(
                    "SELECT * FROM feed_sources WHERE id = \(id) FOR UPDATE", on: connection, logger: logger
                ).first
            else { return nil }
            let finish = SourceRules.finish(outcome, source: source, now: now)
            let result = SourceRules.trimmed(outcome.result).postgresText
            let title = outcome.feedTitle.map(SourceRules.trimmed)?.postgresText
            try await connection.query(
                """
                UPDATE feed_sources SET etag = \(finish.etag?.postgresText),
                    last_modified = \(finish.lastModified?.postgresText), failure_count = \(finish.failures),
                    backoff_until = \(finish.backoffUntil.postgres), next_poll_at = \(finish.nextPoll.postgres),
                    lease_until = NULL, last_polled_at = \(now.postgres), last_result = \(result),
                    name = COALESCE(name, \(title))
                WHERE id = \(id)
                """, logger: logger)
            try await Self.appendFeedLog(id, outcome.log, on: connection, logger: logger)
            try await connection.query(
                """
                DELETE FROM feed_source_items WHERE source_id = \(id)
                    AND seen_at < \((now - SourceRules.itemMemory).postgres)
                """, logger: logger)
            return try await Self.feedSourceRows(
                "SELECT * FROM feed_sources WHERE id = \(id)", on: connection, logger: logger
            )
            .first
        }
    }

    public func feedLog(sourceID: Int64, limit: Int) async throws(StoreError) -> [FeedLogEntry] {
        let limit = min(max(limit, 1), SourceRules.logLimit)
        return try await read { [self] connection in
            try await connection.query(
                """
                SELECT level, message, time FROM feed_source_log WHERE source_id = \(sourceID)
                ORDER BY id DESC LIMIT \(limit)
                """, logger: logger
            ).decode((String, String, Date).self).collected().map {
                FeedLogEntry(level: FeedLogLevel(rawValue: $0.0) ?? .info, message: $0.1, time: $0.2)
            }
        }
    }

    public func feedItemStates(sourceID: Int64, guids: [String]) async throws(StoreError) -> [String: FeedItemState] {
        guard !guids.isEmpty else { return [:] }
        let keys = guids.map(\.postgresText)
        return try await read { [self] connection in
            var states: [String: FeedItemState] = [:]
            for (guid, fingerprint, version) in try await connection.query(
                """
                SELECT guid, fingerprint, version FROM feed_source_items
                WHERE source_id = \(sourceID) AND guid = ANY(\(keys))
                """, logger: logger
            ).decode((String, String, Int).self).collected() {
                states[guid] = FeedItemState(fingerprint: fingerprint, version: version)
            }
            return states
        }
    }

    public func recordFeedItem(sourceID: Int64, guid: String, state: FeedItemState, now: Date) async throws(StoreError)
    {
        let guid = guid.postgresText
        try await write { [self] connection in
            try await connection.query(
                """
                INSERT INTO feed_source_items (source_id, guid, fingerprint, version, seen_at)
                VALUES (\(sourceID), \(guid), \(state.fingerprint), \(state.version), \(now.postgres))
                ON CONFLICT (source_id, guid) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
                    version = EXCLUDED.version, seen_at = EXCLUDED.seen_at
                """, logger: logger)
        }
    }

    private static func appendFeedLog(
        _ id: Int64, _ entries: [FeedLogEntry], on connection: PostgresConnection, logger: Logger
    ) async throws {
        for entry in entries {
            let message = SourceRules.trimmed(entry.message).postgresText
            try await connection.query(
                """
                INSERT INTO feed_source_log (source_id, time, level, message)
                VALUES (\(id), \(entry.time.postgres), \(entry.level.rawValue), \(message))
                """, logger: logger)
        }
        try await connection.query(
            """
            DELETE FROM feed_source_log WHERE source_id = \(id) AND id NOT IN
                (SELECT id FROM feed_source_log WHERE source_id = \(id) ORDER BY id DESC LIMIT \(SourceRules.logLimit))
            """, logger: logger)
    }

    private static func feedSourceRows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger)
        async throws -> [FeedSource]
    {
        var sources: [FeedSource] = []
        for try await row in try await connection.query(query, logger: logger) {
            let columns = row.makeRandomAccess()
            sources.append(
                FeedSource(
                    id: try columns["id"].decode(Int64.self), url: try columns["url"].decode(String.self),
                    name: try columns["name"].decode(String?.self),
                    section: try columns["section"].decode(String?.self),
                    intervalMinutes: try columns["interval_minutes"].decode(Int.self),
                    allowPrivate: try columns["allow_private"].decode(Bool.self),
                    paused: try columns["paused"].decode(Bool.self), etag: try columns["etag"].decode(String?.self),
                    lastModified: try columns["last_modified"].decode(String?.self),
                    nextPollAt: try columns["next_poll_at"].decode(Date.self),
                    backoffUntil: try columns["backoff_until"].decode(Date?.self),
                    failureCount: try columns["failure_count"].decode(Int.self),
                    lastPolledAt: try columns["last_polled_at"].decode(Date?.self),
                    lastResult: try columns["last_result"].decode(String?.self),
                    createdAt: try columns["created_at"].decode(Date.self)))
        }
        return sources
    }
}
