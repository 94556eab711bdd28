import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: WireStore {
    /// The advisory lock that makes receiving an item (look up, compare, insert) one step across
    /// instances ("WIREITEM").
    static let wireLockKey: Int64 = 0x5749_5245_4954_454D

    public func receiveWireItem(_ draft: WireItemDraft, now: Date, lifetime: TimeInterval) async throws(StoreError)
        -> WireIntake
    {
        let item = try WireRules.checked(draft)
        let expiry = WireRules.expiry(of: item, now: now, lifetime: lifetime)
        return try await write { [self] connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.wireLockKey))", logger: logger)
            let existing = try await connection.query(
                "SELECT id, version FROM wire_items WHERE source = \(item.source) AND guid = \(item.guid)",
                logger: logger
            ).decode((Int64, Int).self).collected().first
            if let (id, version) = existing {
                guard item.version > version else {
                    guard let kept = try await Self.wireRows(id: id, on: connection, logger: logger) else {
                        throw StoreError.notFound(id: id)
                    }
                    return .unchanged(kept)
                }
                var statement = PostgresStatement("UPDATE wire_items SET ")
                try Self.appendWireValues(item, to: &statement, assigning: true)
                statement.append(
                    ", received_at = \(try statement.bind(now.postgres)), expires_at = \(try statement.bind(expiry.postgres))"
                        + " WHERE id = \(try statement.bind(id))")
                try await connection.query(statement.query, logger: logger)
                guard let replaced = try await Self.wireRows(id: id, on: connection, logger: logger) else {
                    throw StoreError.notFound(id: id)
                }
                return .replaced(replaced)
            }
            var candidates: [WireRules.Candidate] = []
            let rows = try await connection.query(
                """
                SELECT id, duplicate_of, normalized_url, fingerprint, word_count FROM wire_items
                WHERE expires_at > \(now.postgres) ORDER BY id DESC LIMIT \(WireRules.duplicateWindow)
                """, logger: logger
            ).decode((Int64, Int64?, String?, String?, Int).self).collected()
            for (id, duplicateOf, address, fingerprint, words) in rows.reversed() {
                candidates.append(
                    .init(id: id, duplicateOf: duplicateOf, address: address, fingerprint: fingerprint, words: words))
            }
            let group = WireRules.duplicateGroup(
                of: .init(
                    id: 0, duplicateOf: nil, address: WireRules.normalizedAddress(item.canonicalURL ?? item.url),
                    fingerprint: WireRules.fingerprint(of: item.body), words: WireRules.wordCount(item.body)),
                among: candidates)
            var statement = PostgresStatement("INSERT INTO wire_items (source, guid, ")
            statement.append(Self.wireColumns.joined(separator: ", "))
            statement.append(", received_at, expires_at, duplicate_of) VALUES (")
            statement.append(
                "\(try statement.bind(item.source.postgresText)), \(try statement.bind(item.guid.postgresText)), ")
            try Self.appendWireValues(item, to: &statement, assigning: false)
            statement.append(
                ", \(try statement.bind(now.postgres)), \(try statement.bind(expiry.postgres)), \(try statement.bind(group)))"
                    + " RETURNING id")
            guard
                let id = try await connection.query(statement.query, logger: logger).decode(Int64.self).collected()
                    .first,
                let added = try await Self.wireRows(id: id, on: connection, logger: logger)
            else { throw StoreError.failed("PostgreSQL lost the new wire item") }
            return .added(added)
        }
    }

    static let wireColumns = [
        "version", "format", "headline", "byline", "dateline", "body", "summary", "subjects", "subject_keys",
        "search_text", "embargoed_until", "version_created", "url", "canonical_url", "normalized_url", "section",
        "language", "status", "origin", "fingerprint", "word_count",
    ]

    /// Binds the columns a version sets, as `column = $n, …` or `$n, …`.
    static func appendWireValues(_ item: WireItemDraft, to statement: inout PostgresStatement, assigning: Bool)
        throws
    {
        var placeholders: [String] = []
        placeholders.append(try statement.bind(item.version))
        placeholders.append(try statement.bind(item.format.rawValue))
        placeholders.append(try statement.bind(item.headline.postgresText))
        placeholders.append(try statement.bind(item.byline?.postgresText))
        placeholders.append(try statement.bind(item.dateline?.postgresText))
        placeholders.append(try statement.bind(WireRules.storedBody(item.body).postgresText))
        placeholders.append(try statement.bind(item.summary?.postgresText))
        placeholders.append(try statement.bind(WireRules.storedSubjects(item.subjects).postgresText))
        placeholders.append(try statement.bind(WireRules.subjectKeys(item.subjects).postgresText))
        placeholders.append(try statement.bind(WireRules.searchText(item).postgresText))
        placeholders.append(try statement.bind(item.embargoedUntil?.postgres))
        placeholders.append(try statement.bind(item.versionCreated?.postgres))
        placeholders.append(try statement.bind(item.url?.postgresText))
        placeholders.append(try statement.bind(item.canonicalURL?.postgresText))
        placeholders.append(try statement.bind(WireRules.normalizedAddress(item.canonicalURL ?? item.url)))
        placeholders.append(try statement.bind(item.section?.postgresText))
        placeholders.append(try statement.bind(item.language?.postgresText))
        placeholders.append(try statement.bind(item.status.rawValue))
        placeholders.append(try statement.bind(item.origin.postgresText))
        placeholders.append(try statement.bind(WireRules.fingerprint(of: item.body)))
        placeholders.append(try statement.bind(WireRules.wordCount(item.body)))
        if assigning {
            statement.append(zip(wireColumns, placeholders).map { "\($0) = \($1)" }.joined(separator: ", "))
        } else {
            statement.append(placeholders.joined(separator: ", "))
        }
    }

    public func wireItems(_ filter: WireFilter, now: Date) async throws(StoreError) -> [WireItem] {
        try await read { [self] connection in
            var statement = PostgresStatement("SELECT * FROM wire_items WHERE expires_at > ")
            statement.append(try statement.bind(now.postgres))
            if let source = filter.source {
                statement.append(" AND source = \(try statement.bind(source.postgresText))")
            }
            if let section = filter.section {
                statement.append(" AND lower(section) = lower(\(try statement.bind(section.postgresText)))")
            }
            if let subject = filter.subject {
                let pattern = "%|" + StoreInput.likePattern(subject.lowercased().postgresText) + "|%"
                statement.append(" AND subject_keys LIKE \(try statement.bind(pattern))")
            }
            for word in (filter.text ?? "").lowercased().split(separator: " ") {
                statement.append(" AND strpos(search_text, \(try statement.bind(String(word).postgresText))) > 0")
            }
            statement.append(" ORDER BY received_at DESC, id DESC LIMIT \(filter.limit)")
            return try await Self.wireRows(statement.query, on: connection, logger: logger)
        }
    }

    public func wireItem(id: Int64) async throws(StoreError) -> WireItem? {
        try await read { [self] connection in try await Self.wireRows(id: id, on: connection, logger: logger) }
    }

    public func wireSources(now: Date) async throws(StoreError) -> [String] {
        try await read { [self] connection in
            try await connection.query(
                "SELECT DISTINCT source FROM wire_items WHERE expires_at > \(now.postgres) ORDER BY source",
                logger: logger
            ).decode(String.self).collected()
        }
    }

    public func linkWireItem(id: Int64, toStory storyID: Int64) async throws(StoreError) {
        try await write { [self] connection in
            let story = try await connection.query("SELECT id FROM stories WHERE id = \(storyID)", logger: logger)
                .decode(Int64.self).collected()
            guard !story.isEmpty else { throw StoreError.notFound(id: storyID) }
            let updated = try await connection.query(
                "UPDATE wire_items SET story_id = \(storyID) WHERE id = \(id) RETURNING id", logger: logger
            ).decode(Int64.self).collected()
            guard !updated.isEmpty else { throw StoreError.notFound(id: id) }
        }
    }

    public func takeWireItem(id: Int64, as draft: StoryDraft, author: Int64) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        return try await writeStories { [self] connection, now in
            let found = try await connection.query(
                "SELECT id FROM wire_items WHERE id = \(id) FOR UPDATE", logger: logger
            ).decode(Int64.self).collected()
            guard !found.isEmpty else { throw StoreError.notFound(id: id) }
            let story = try await Self.insertStory(
                draft, status: .draft, now: now, author: author, on: connection, logger: logger)
            try await connection.query(
                "INSERT INTO story_owners (story_id, user_id) VALUES (\(story.id), \(author))", logger: logger)
            try await connection.query(
                "UPDATE wire_items SET story_id = \(story.id) WHERE id = \(id)", logger: logger)
            return story
        }
    }

    public func expireWireItems(now: Date) async throws(StoreError) -> Int {
        try await write { [self] connection in
            try await connection.query(
                "DELETE FROM wire_items WHERE expires_at <= \(now.postgres) RETURNING id", logger: logger
            ).decode(Int64.self).collected().count
        }
    }

    private static func wireRows(id: Int64, on connection: PostgresConnection, logger: Logger) async throws
        -> WireItem?
    {
        try await wireRows("SELECT * FROM wire_items WHERE id = \(id)", on: connection, logger: logger).first
    }

    private static func wireRows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger)
        async throws -> [WireItem]
    {
        var items: [WireItem] = []
        for try await row in try await connection.query(query, logger: logger) {
            items.append(try wireItem(row.makeRandomAccess()))
        }
        return items
    }

    /// One `wire_items` row (every column) as its item.
    static func wireItem(_ columns: PostgresRandomAccessRow) throws -> WireItem {
        let content = WireItemDraft(
            format: WireFormat(rawValue: try columns["format"].decode(String.self)) ?? .page,
            source: try columns["source"].decode(String.self), guid: try columns["guid"].decode(String.self),
            version: try columns["version"].decode(Int.self),
            headline: try columns["headline"].decode(String.self),
            byline: try columns["byline"].decode(String?.self),
            dateline: try columns["dateline"].decode(String?.self),
            body: WireRules.body(stored: try columns["body"].decode(String.self)),
            summary: try columns["summary"].decode(String?.self),
            subjects: WireRules.subjects(stored: try columns["subjects"].decode(String.self)),
            embargoedUntil: try columns["embargoed_until"].decode(Date?.self),
            versionCreated: try columns["version_created"].decode(Date?.self),
            url: try columns["url"].decode(String?.self),
            canonicalURL: try columns["canonical_url"].decode(String?.self),
            section: try columns["section"].decode(String?.self),
            language: try columns["language"].decode(String?.self),
            status: WirePublishingStatus(rawValue: try columns["status"].decode(String.self)) ?? .usable,
            origin: try columns["origin"].decode(String.self))
        return WireItem(
            id: try columns["id"].decode(Int64.self), content: content,
            receivedAt: try columns["received_at"].decode(Date.self),
            expiresAt: try columns["expires_at"].decode(Date.self),
            duplicateOf: try columns["duplicate_of"].decode(Int64?.self),
            storyID: try columns["story_id"].decode(Int64?.self))
    }
}
