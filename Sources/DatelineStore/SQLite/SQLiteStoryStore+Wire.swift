import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore: WireStore {
    public func receiveWireItem(_ draft: WireItemDraft, now: Date, lifetime: TimeInterval) async throws(StoreError)
        -> WireIntake
    {
        let item = try WireRules.checked(draft)
        let expiry = WireRules.expiry(of: item, now: now, lifetime: lifetime)
        return try await write { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT id, version FROM wire_items WHERE source = ? AND guid = ?",
                arguments: [item.source, item.guid])
            {
                let id: Int64 = row["id"]
                let version: Int = row["version"]
                guard item.version > version else {
                    guard let kept = try Self.wireRows(where: "id = ?", arguments: [id], suffix: "", db).first else {
                        throw StoreError.notFound(id: id)
                    }
                    return .unchanged(kept)
                }
                try db.execute(
                    sql: """
                        UPDATE wire_items SET \(Self.wireAssignments), received_at = ?, expires_at = ? WHERE id = ?
                        """, arguments: Self.wireArguments(item) + [now, expiry, id])
                guard let replaced = try Self.wireRows(where: "id = ?", arguments: [id], suffix: "", db).first else {
                    throw StoreError.notFound(id: id)
                }
                return .replaced(replaced)
            }
            let address = WireRules.normalizedAddress(item.canonicalURL ?? item.url)
            let fingerprint = WireRules.fingerprint(of: item.body)
            let words = WireRules.wordCount(item.body)
            let candidates = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, duplicate_of, normalized_url, fingerprint, word_count FROM wire_items
                    WHERE expires_at > ? ORDER BY id DESC LIMIT \(WireRules.duplicateWindow)
                    """, arguments: [now]
            ).reversed().map { row in
                WireRules.Candidate(
                    id: row["id"], duplicateOf: row["duplicate_of"], address: row["normalized_url"],
                    fingerprint: row["fingerprint"], words: row["word_count"])
            }
            let group = WireRules.duplicateGroup(
                of: .init(id: 0, duplicateOf: nil, address: address, fingerprint: fingerprint, words: words),
                among: Array(candidates))
            try db.execute(
                sql: """
                    INSERT INTO wire_items (source, guid, version, format, headline, byline, dateline, body, summary,
                        subjects, subject_keys, search_text, embargoed_until, version_created, url, canonical_url,
                        normalized_url, section, language, status, origin, fingerprint, word_count, received_at,
                        expires_at, duplicate_of)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [item.source, item.guid] + Self.wireArguments(item) + [now, expiry, group])
            let id = db.lastInsertedRowID
            guard let added = try Self.wireRows(where: "id = ?", arguments: [id], suffix: "", db).first else {
                throw StoreError.failed("SQLite lost the new wire item")
            }
            return .added(added)
        }
    }

    /// The columns a new version rewrites, in ``wireArguments(_:)``'s order.
    private static let wireAssignments = """
        version = ?, format = ?, headline = ?, byline = ?, dateline = ?, body = ?, summary = ?, subjects = ?,
        subject_keys = ?, search_text = ?, embargoed_until = ?, version_created = ?, url = ?, canonical_url = ?,
        normalized_url = ?, section = ?, language = ?, status = ?, origin = ?, fingerprint = ?, word_count = ?
        """

    static func wireArguments(_ item: WireItemDraft) -> StatementArguments {
        [
            item.version, item.format.rawValue, item.headline, item.byline, item.dateline,
            WireRules.storedBody(item.body), item.summary, WireRules.storedSubjects(item.subjects),
            WireRules.subjectKeys(item.subjects), WireRules.searchText(item), item.embargoedUntil,
            item.versionCreated, item.url, item.canonicalURL,
            WireRules.normalizedAddress(item.canonicalURL ?? item.url), item.section, item.language,
            item.status.rawValue, item.origin, WireRules.fingerprint(of: item.body),
            WireRules.wordCount(item.body),
        ]
    }

    public func wireItems(_ filter: WireFilter, now: Date) async throws(StoreError) -> [WireItem] {
        var conditions = ["expires_at > ?"]
        var arguments: StatementArguments = [now]
        if let source = filter.source {
            conditions.append("source = ?")
            arguments += [source]
        }
        if let section = filter.section {
            conditions.append("section = ? COLLATE NOCASE")
            arguments += [section]
        }
        if let subject = filter.subject {
            conditions.append("subject_keys LIKE ? ESCAPE '\\'")
            arguments += ["%|" + StoreInput.likePattern(subject.lowercased()) + "|%"]
        }
        for word in (filter.text ?? "").lowercased().split(separator: " ") {
            conditions.append("instr(search_text, ?) > 0")
            arguments += [String(word)]
        }
        let clause = conditions.joined(separator: " AND ")
        let bound = arguments
        let suffix = "ORDER BY received_at DESC, id DESC LIMIT \(filter.limit)"
        return try await read { db in try Self.wireRows(where: clause, arguments: bound, suffix: suffix, db) }
    }

    public func wireItem(id: Int64) async throws(StoreError) -> WireItem? {
        try await read { db in try Self.wireRows(where: "id = ?", arguments: [id], suffix: "", db).first }
    }

    public func wireSources(now: Date) async throws(StoreError) -> [String] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT source FROM wire_items WHERE expires_at > ? ORDER BY source",
                arguments: [now])
        }
    }

    public func linkWireItem(id: Int64, toStory storyID: Int64) async throws(StoreError) {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM stories WHERE id = ?", arguments: [storyID]) == true else {
                throw StoreError.notFound(id: storyID)
            }
            try db.execute(sql: "UPDATE wire_items SET story_id = ? WHERE id = ?", arguments: [storyID, id])
            guard db.changesCount == 1 else { throw StoreError.notFound(id: id) }
        }
    }

    public func takeWireItem(id: Int64, as draft: StoryDraft, author: Int64) async throws(StoreError) -> Story {
        let draft = try StoreInput.validate(draft)
        let now = Date()
        return try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM wire_items WHERE id = ?", arguments: [id]) == true else {
                throw StoreError.notFound(id: id)
            }
            let story = try Self.insertStory(draft, status: .draft, now: now, author: author, db)
            try db.execute(
                sql: "INSERT INTO story_owners (story_id, user_id) VALUES (?, ?)", arguments: [story.id, author])
            try db.execute(sql: "UPDATE wire_items SET story_id = ? WHERE id = ?", arguments: [story.id, id])
            return story
        }
    }

    public func expireWireItems(now: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM wire_items WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }

    static func wireRows(where clause: String, arguments: StatementArguments, suffix: String, _ db: Database)
        throws -> [WireItem]
    {
        try Row.fetchAll(db, sql: "SELECT * FROM wire_items WHERE \(clause) \(suffix)", arguments: arguments).map {
            row in
            let content = WireItemDraft(
                format: WireFormat(rawValue: row["format"]) ?? .page, source: row["source"], guid: row["guid"],
                version: row["version"], headline: row["headline"], byline: row["byline"], dateline: row["dateline"],
                body: WireRules.body(stored: row["body"]), summary: row["summary"],
                subjects: WireRules.subjects(stored: row["subjects"]), embargoedUntil: row["embargoed_until"],
                versionCreated: row["version_created"], url: row["url"], canonicalURL: row["canonical_url"],
                section: row["section"], language: row["language"],
                status: WirePublishingStatus(rawValue: row["status"]) ?? .usable, origin: row["origin"])
            return WireItem(
                id: row["id"], content: content, receivedAt: row["received_at"], expiresAt: row["expires_at"],
                duplicateOf: row["duplicate_of"], storyID: row["story_id"])
        }
    }
}
