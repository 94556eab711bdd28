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
    ///
    /// One read takes the matches newest first, with their bm25 scores, stopping after one more
    /// than ``SearchWindow/candidateLimit`` (the index keeps matches in id order, so a common
    /// word does not cost its 50,000 matches); ``SearchWindow`` ranks and counts them. Then
    /// only the page's stories are marked and read.
    private static func search(_ query: SearchQuery, match: String, _ db: Database) throws -> SearchResults {
        let clause = searchClause(query, match: match)
        let candidates = try Row.fetchAll(
            db,
            SQLRequest<Row>(
                literal: "SELECT stories.id AS id, bm25(story_search, \(sql: searchColumnWeights)) AS score, "
                    + "stories.published_at AS published_at " + clause
                    + " ORDER BY story_search.rowid DESC LIMIT \(max(1, query.candidateLimit) + 1)")
        ).map { row in
            // bm25 is lower for better matches; the window ranks higher first.
            SearchWindow.Candidate(
                id: row["id"], relevance: -(row["score"] as Double), publishedAt: row["published_at"])
        }
        let highest = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM stories") ?? 0
        let ranking = SearchWindow.rank(candidates, for: query, highestID: highest)
        let ids = ranking.ids
        guard !ids.isEmpty else { return SearchResults(hits: [], ranking: ranking) }
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
        return SearchResults(hits: hits, ranking: ranking)
    }
}
