import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore {
    /// How much a match in each indexed column counts, in the index's column order: headline,
    /// highlights, body, topics. A word in the headline says far more about a story than the
    /// same word deep in its body.
    static let searchColumnWeights = "10.0, 5.0, 1.0, 4.0"

    private static let matchStart = SearchMarks.start
    private static let matchEnd = SearchMarks.end

    /// Words in a snippet; enough for a sentence or two around the match.
    private static let snippetWords = 28

    public func search(_ query: SearchQuery) async throws(StoreError) -> SearchResults {
        guard let match = query.expression.fts5Query else { return .none }
        return try await read { db in try Self.search(query, match: match, db) }
    }

    public func publishedStoryStamps(since: Date?, limit: Int, offset: Int) async throws(StoreError) -> [StoryStamp] {
        let limit = min(max(limit, 1), 50_000)
        let offset = max(offset, 0)
        return try await read { db in
            var sql: SQL = """
                SELECT slug, headline, published_at, updated_at FROM stories
                WHERE status = \(StoryStatus.published.rawValue) AND published_at IS NOT NULL
                """
            if let since { sql += " AND published_at >= \(since)" }
            sql += " ORDER BY published_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)"
            return try Row.fetchAll(db, SQLRequest<Row>(literal: sql)).compactMap { row -> StoryStamp? in
                guard let slug = Slug(validating: row["slug"]) else { return nil }
                return StoryStamp(
                    slug: slug, headline: row["headline"], publishedAt: row["published_at"],
                    updatedAt: row["updated_at"])
            }
        }
    }

    public func publishedTopics() async throws(StoreError) -> [Topic] {
        try await read { db in
            try SQLRequest<TopicRecord>(
                literal: """
                    SELECT topics.* FROM topics
                    WHERE EXISTS (SELECT 1 FROM story_topics JOIN stories ON stories.id = story_topics.story_id
                        WHERE story_topics.topic_id = topics.id AND stories.status = \(StoryStatus.published.rawValue))
                    ORDER BY topics.name COLLATE NOCASE, topics.slug
                    """
            ).fetchAll(db).compactMap { record in
                Slug(validating: record.slug).map { Topic(name: record.name, slug: $0) }
            }
        }
    }

    /// `FROM … WHERE …` of a search: the full-text matches, joined to published stories.
    ///
    /// `CROSS JOIN` makes SQLite start from the index's matches. Left to itself the planner
    /// walked every published story through the status index and ran the full-text query once
    /// per story: counting a common phrase's 14,000 matches in a 20,000-story archive took a
    /// second instead of a few hundredths (bench/scale).
    static func searchClause(_ query: SearchQuery, match: String) -> SQL {
        var clause: SQL = """
            FROM story_search
            CROSS JOIN stories ON stories.id = story_search.rowid
            CROSS JOIN sections ON sections.id = stories.section_id
            WHERE story_search MATCH \(match) AND stories.status = \(StoryStatus.published.rawValue)
            """
        if let section = query.section { clause += " AND sections.slug = \(section.rawValue)" }
        if let since = query.publishedSince { clause += " AND stories.published_at >= \(since)" }
        if let before = query.publishedBefore { clause += " AND stories.published_at < \(before)" }
        return clause
    }

    /// Runs a search whose FTS5 text `match` came from ``SearchExpression/fts5Query``.
    private static func search(_ query: SearchQuery, match: String, _ db: Database) throws -> SearchResults {
        let clause = searchClause(query, match: match)
        let total = try SQLRequest<Int>(literal: "SELECT COUNT(*) " + clause).fetchOne(db) ?? 0
        guard total > query.offset else { return SearchResults(hits: [], total: total) }

        // Rank first and mark only the page's stories: highlight() and snippet() in the ranking
        // query would run for every match before the sort, which costs seconds on a common word.
        let ids = try SQLRequest<Int64>(
            literal: "SELECT stories.id " + clause
                + " ORDER BY bm25(story_search, \(sql: searchColumnWeights)), stories.published_at DESC, stories.id DESC"
                + " LIMIT \(query.limit) OFFSET \(query.offset)"
        ).fetchAll(db)
        guard !ids.isEmpty else { return SearchResults(hits: [], total: total) }
        let marks: SQL = "\(matchStart), \(matchEnd)"
        let markedRows = try SQLRequest<Row>(
            literal: "SELECT story_search.rowid AS id, highlight(story_search, 0, " + marks + ") AS search_headline, "
                + "snippet(story_search, 1, " + marks + ", '…', \(snippetWords)) AS search_highlights, "
                + "snippet(story_search, 2, " + marks + ", '…', \(snippetWords)) AS search_body "
                + "FROM story_search WHERE story_search MATCH \(match) AND story_search.rowid IN \(ids)"
        ).fetchAll(db)
        let marksByID = Dictionary(
            markedRows.map { (($0["id"] as Int64), $0) }, uniquingKeysWith: { first, _ in first })
        let records = try SQLRequest<Row>(literal: "SELECT * FROM stories WHERE id IN \(ids)").fetchAll(db)
            .map { try StoryRecord(row: $0) }
        let recordsByID = Dictionary(
            records.compactMap { record in record.id.map { ($0, record) } }, uniquingKeysWith: { first, _ in first })
        let ordered = ids.compactMap { recordsByID[$0] }
        let stories = try Self.stories(from: ordered, db)
        let rows = ordered.map { record in record.id.flatMap { marksByID[$0] } ?? Row() }
        let hits = zip(rows, stories).map { row, story in
            let body = SearchMarks.marked(row["search_body"] ?? "")
            let highlights = SearchMarks.marked(row["search_highlights"] ?? "")
            let snippet: MarkedText
            if body.hasMatch || (!highlights.hasMatch && !body.plainText.isEmpty) {
                snippet = body
            } else {
                snippet = highlights
            }
            return SearchHit(
                story: story, headline: SearchMarks.marked(row["search_headline"] ?? story.headline), snippet: snippet)
        }
        return SearchResults(hits: hits, total: total)
    }
}
