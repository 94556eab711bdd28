import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore {
    /// How much a match counts by weight, in `ts_rank_cd`'s order D, C, B, A: body (C) least,
    /// highlights and topic names (B) more, the headline (A) most, as in the SQLite store.
    static let searchWeights = "'{0.1, 0.1, 0.5, 1.0}'"

    /// Marks put around matched words, read back with ``SearchMarks/marked(_:)`` as SQLite's are.
    static let matchStart = SearchMarks.start
    static let matchEnd = SearchMarks.end

    /// Words in a snippet; enough for a sentence or two around the match.
    static let snippetWords = 28

    /// Two round trips: the matches newest first with their ranks, stopping after one more than
    /// ``SearchWindow/candidateLimit`` (with the highest story id, for the estimate), ranked and
    /// counted by ``SearchWindow``; then the page's stories with their marked passages.
    public func search(_ query: SearchQuery) async throws(StoreError) -> SearchResults {
        guard let match = query.expression.tsQuery else { return .none }
        let configuration = PostgresSchema.searchConfiguration
        let candidateQuery = try Self.wrap { () throws -> PostgresQuery in
            var statement = PostgresStatement()
            let tsQuery = "to_tsquery('\(configuration)', \(try statement.bind(match)))"
            var filter = """
                stories.search @@ \(tsQuery)
                AND stories.status = \(try statement.bind(StoryStatus.published.rawValue))
                """
            if let section = query.section { filter += " AND sections.slug = \(try statement.bind(section.rawValue))" }
            if let since = query.publishedSince {
                filter += " AND stories.published_at >= \(try statement.bind(since.postgres))"
            }
            if let before = query.publishedBefore {
                filter += " AND stories.published_at < \(try statement.bind(before.postgres))"
            }
            return PostgresQuery(
                unsafeSQL: """
                    SELECT stories.id, ts_rank_cd(\(Self.searchWeights), stories.search, \(tsQuery))::float8,
                        stories.published_at, (SELECT MAX(id) FROM stories)
                    FROM \(Self.storyTables) WHERE \(filter)
                    ORDER BY stories.id DESC LIMIT \(max(1, query.candidateLimit) + 1)
                    """, binds: statement.bindings)
        }
        return try await read { [self] connection in
            var candidates: [SearchWindow.Candidate] = []
            var highest: Int64 = 0
            for try await (id, rank, publishedAt, maximum) in try await connection.query(candidateQuery, logger: logger)
                .decode((Int64, Double, Date?, Int64).self)
            {
                candidates.append(SearchWindow.Candidate(id: id, relevance: rank, publishedAt: publishedAt))
                highest = maximum
            }
            let ranking = SearchWindow.rank(candidates, for: query, highestID: highest)
            guard !ranking.ids.isEmpty else {
                return SearchResults(hits: [], ranking: ranking)
            }
            var hitsByID: [Int64: SearchHit] = [:]
            for try await row in try await connection.query(
                try Self.markedPage(ranking.ids, match: match), logger: logger)
            {
                let columns = row.makeRandomAccess()
                let story = try Self.story(from: columns)
                let body = SearchMarks.marked(try columns["search_body"].decode(String?.self) ?? "")
                let highlights = SearchMarks.marked(try columns["search_highlights"].decode(String?.self) ?? "")
                let snippet: MarkedText
                if body.hasMatch || (!highlights.hasMatch && !body.plainText.isEmpty) {
                    snippet = body
                } else {
                    snippet = highlights
                }
                let headline = SearchMarks.marked(
                    try columns["search_headline"].decode(String?.self) ?? story.headline)
                hitsByID[story.id] = SearchHit(story: story, headline: headline, snippet: snippet)
            }
            return SearchResults(hits: ranking.ids.compactMap { hitsByID[$0] }, ranking: ranking)
        }
    }

    /// The page's stories with their headline and passages marked where `match` is found.
    private static func markedPage(_ ids: [Int64], match: String) throws(StoreError) -> PostgresQuery {
        let configuration = PostgresSchema.searchConfiguration
        return try wrap { () throws -> PostgresQuery in
            var statement = PostgresStatement()
            let tsQuery = "to_tsquery('\(configuration)', \(try statement.bind(match)))"
            let options = try statement.bind(
                "StartSel=\(Self.matchStart), StopSel=\(Self.matchEnd), MaxWords=\(Self.snippetWords), "
                    + "MinWords=\(Self.snippetWords / 2), ShortWord=2")
            let headlineOptions = try statement.bind(
                "StartSel=\(Self.matchStart), StopSel=\(Self.matchEnd), HighlightAll=true")
            return PostgresQuery(
                unsafeSQL: """
                    SELECT \(Self.storyColumns),
                        ts_headline('\(configuration)', stories.headline, \(tsQuery), \(headlineOptions))
                            AS search_headline,
                        ts_headline('\(configuration)', array_to_string(stories.highlights, E'\\n'), \(tsQuery),
                            \(options)) AS search_highlights,
                        ts_headline('\(configuration)', array_to_string(stories.body, E'\\n'), \(tsQuery),
                            \(options)) AS search_body
                    FROM \(Self.storyTables) WHERE stories.id = ANY(\(try statement.bind(ids))::bigint[])
                    """, binds: statement.bindings)
        }
    }

    public func publishedStoryStamps(since: Date?, limit: Int, offset: Int) async throws(StoreError) -> [StoryStamp] {
        let limit = min(max(limit, 1), 50_000)
        let offset = max(offset, 0)
        return try await read { [self] connection in
            try await connection.query(
                """
                SELECT slug, headline, published_at, updated_at FROM stories
                WHERE status = \(StoryStatus.published.rawValue) AND published_at IS NOT NULL
                    AND (\(since.postgres)::timestamptz IS NULL OR published_at >= \(since.postgres))
                ORDER BY published_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)
                """, logger: logger
            ).decode((String, String, Date, Date).self).collected().compactMap {
                slug, headline, publishedAt, updatedAt in
                Slug(validating: slug).map {
                    StoryStamp(slug: $0, headline: headline, publishedAt: publishedAt, updatedAt: updatedAt)
                }
            }
        }
    }

    public func publishedTopics() async throws(StoreError) -> [Topic] {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT topics.slug, topics.name FROM topics
                WHERE EXISTS (SELECT 1 FROM story_topics JOIN stories ON stories.id = story_topics.story_id
                    WHERE story_topics.topic_id = topics.id AND stories.status = \(StoryStatus.published.rawValue))
                ORDER BY lower(topics.name), topics.slug
                """, logger: logger
            ).decode((String, String).self).collected().compactMap { slug, name in
                Slug(validating: slug).map { Topic(name: name, slug: $0) }
            }
        }
    }
}

extension SearchExpression {
    /// The expression in PostgreSQL's `to_tsquery` syntax, or nil when there is nothing to look for.
    ///
    /// Every word is written as a single-quoted lexeme; words hold only letters, digits and
    /// private-use characters (see ``SearchTerm``), so no reader text can become an operator or
    /// a syntax error. The text is bound as a parameter, never spliced into SQL. Phrases use
    /// `<->`, word starts `:*`, alternatives `|`, and excluded terms `& !(…)`.
    var tsQuery: String? {
        guard !isEmpty else { return nil }
        let required = groups.map { group in
            "(" + group.map(Self.tsPhrase).joined(separator: " | ") + ")"
        }.joined(separator: " & ")
        guard !excluded.isEmpty else { return required }
        return "(" + required + ") & !(" + excluded.map(Self.tsPhrase).joined(separator: " | ") + ")"
    }

    /// One term as a tsquery phrase, with `:*` on its last word when it matches word starts.
    private static func tsPhrase(_ term: SearchTerm) -> String {
        let lexemes = term.words.enumerated().map { index, word in
            let quoted = "'" + word.filter { $0 != "'" && $0 != "\\" } + "'"
            return term.isPrefix && index == term.words.count - 1 ? quoted + ":*" : quoted
        }
        return "(" + lexemes.joined(separator: " <-> ") + ")"
    }
}
