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

    public func search(_ query: SearchQuery) async throws(StoreError) -> SearchResults {
        guard let match = query.expression.tsQuery else { return .none }
        let configuration = PostgresSchema.searchConfiguration
        let (countQuery, pageQuery) = try Self.wrap { () throws -> (PostgresQuery, PostgresQuery) in
            var statement = PostgresStatement()
            let queryPlaceholder = try statement.bind(match)
            var filter = """
                stories.search @@ to_tsquery('\(configuration)', \(queryPlaceholder))
                AND stories.status = \(try statement.bind(StoryStatus.published.rawValue))
                """
            if let section = query.section { filter += " AND sections.slug = \(try statement.bind(section.rawValue))" }
            if let since = query.publishedSince {
                filter += " AND stories.published_at >= \(try statement.bind(since.postgres))"
            }
            if let before = query.publishedBefore {
                filter += " AND stories.published_at < \(try statement.bind(before.postgres))"
            }
            let count = PostgresQuery(
                unsafeSQL: "SELECT COUNT(*) FROM \(Self.storyTables) WHERE \(filter)", binds: statement.bindings)
            let options = try statement.bind(
                "StartSel=\(Self.matchStart), StopSel=\(Self.matchEnd), MaxWords=\(Self.snippetWords), "
                    + "MinWords=\(Self.snippetWords / 2), ShortWord=2")
            let headlineOptions = try statement.bind(
                "StartSel=\(Self.matchStart), StopSel=\(Self.matchEnd), HighlightAll=true")
            let tsQuery = "to_tsquery('\(configuration)', \(queryPlaceholder))"
            let page = PostgresQuery(
                unsafeSQL: """
                    SELECT \(Self.storyColumns),
                        ts_headline('\(configuration)', stories.headline, \(tsQuery), \(headlineOptions))
                            AS search_headline,
                        ts_headline('\(configuration)', array_to_string(stories.highlights, E'\\n'), \(tsQuery),
                            \(options)) AS search_highlights,
                        ts_headline('\(configuration)', array_to_string(stories.body, E'\\n'), \(tsQuery),
                            \(options)) AS search_body
                    FROM \(Self.storyTables) WHERE \(filter)
                    ORDER BY ts_rank_cd(\(Self.searchWeights), stories.search, \(tsQuery)) DESC,
                        stories.published_at DESC NULLS LAST, stories.id DESC
                    LIMIT \(try statement.bind(query.limit)) OFFSET \(try statement.bind(query.offset))
                    """, binds: statement.bindings)
            return (count, page)
        }
        return try await read { connection in
            let total = try await connection.query(countQuery, logger: logger).decode(Int.self).collected().first ?? 0
            guard total > query.offset else { return SearchResults(hits: [], total: total) }
            var hits: [SearchHit] = []
            for try await row in try await connection.query(pageQuery, logger: logger) {
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
                hits.append(SearchHit(story: story, headline: headline, snippet: snippet))
            }
            return SearchResults(hits: hits, total: total)
        }
    }

    public func publishedStoryStamps(since: Date?, limit: Int, offset: Int) async throws(StoreError) -> [StoryStamp] {
        let limit = min(max(limit, 1), 50_000)
        let offset = max(offset, 0)
        return try await read { connection in
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
        try await read { connection in
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
