import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore {
    public func story(id: Int64) async throws(StoreError) -> Story? {
        try await selectStories("stories.id = $1", binds: Self.bindings(id)).first
    }

    public func story(slug: Slug) async throws(StoreError) -> Story? {
        try await selectStories("stories.slug = $1", binds: Self.bindings(slug.rawValue)).first
    }

    public func publishedStories(slugs: [Slug]) async throws(StoreError) -> [Story] {
        var order: [String] = []
        var seen = Set<String>()
        for slug in slugs where seen.insert(slug.rawValue).inserted { order.append(slug.rawValue) }
        guard !order.isEmpty else { return [] }
        let found = try await selectStories(
            "stories.slug = ANY($1) AND stories.status = $2",
            binds: Self.bindings(order, StoryStatus.published.rawValue))
        let bySlug = Dictionary(found.map { ($0.slug.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        return order.compactMap { bySlug[$0] }
    }

    public func publishedStories(_ query: StoryQuery) async throws(StoreError) -> [Story] {
        let statement = try Self.wrap { () throws -> PostgresStatement in
            var statement = PostgresStatement("SELECT \(Self.storyColumns) FROM \(Self.storyTables) WHERE ")
            try Self.appendPublishedFilter(query, to: &statement)
            statement.append(
                " ORDER BY stories.published_at DESC NULLS LAST, stories.id DESC LIMIT \(try statement.bind(query.limit))"
                    + " OFFSET \(try statement.bind(query.offset))")
            return statement
        }
        return try await read { [self] connection in
            try await Self.fetchStories(statement.query, on: connection, logger: logger)
        }
    }

    public func countPublished(_ query: StoryQuery) async throws(StoreError) -> Int {
        let statement = try Self.wrap { () throws -> PostgresStatement in
            var statement = PostgresStatement("SELECT COUNT(*) FROM \(Self.storyTables) WHERE ")
            try Self.appendPublishedFilter(query, to: &statement)
            return statement
        }
        return try await read { [self] connection in
            try await connection.query(statement.query, logger: logger).decode(Int.self).collected().first ?? 0
        }
    }

    public func nextStory(after story: Story) async throws(StoreError) -> Story? {
        // One statement: the newest story published before this one in its section, else (this
        // is the oldest, or has no time) the section's newest; each branch reads one index entry.
        let inSection = "stories.status = $1 AND sections.slug = $2 AND stories.id <> $3"
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT \(Self.storyColumns) FROM \(Self.storyTables)
                WHERE stories.id = (
                    SELECT candidate.id FROM (
                        (SELECT stories.id, 0 AS rank FROM \(Self.storyTables) WHERE \(inSection)
                            AND (stories.published_at < $4 OR (stories.published_at = $4 AND stories.id < $3))
                            ORDER BY stories.published_at DESC, stories.id DESC LIMIT 1)
                        UNION ALL
                        (SELECT stories.id, 1 AS rank FROM \(Self.storyTables) WHERE \(inSection)
                            ORDER BY stories.published_at DESC NULLS LAST, stories.id DESC LIMIT 1)
                    ) AS candidate
                    ORDER BY candidate.rank LIMIT 1
                )
                """,
            binds: try Self.wrap {
                var binds = try Self.bindings(StoryStatus.published.rawValue, story.section.slug.rawValue, story.id)
                try binds.append(story.publishedAt.postgres)
                return binds
            })
        return try await read { [self] connection in
            try await Self.fetchStories(query, on: connection, logger: logger).first
        }
    }

    public func relatedStories(to story: Story, limit: Int) async throws(StoreError) -> [Story] {
        guard limit > 0 else { return [] }
        let limit = min(limit, 500)
        let topicSlugs = story.topics.map(\.slug.rawValue)
        let query = PostgresQuery(
            unsafeSQL: """
                WITH overlap AS (
                    SELECT story_topics.story_id AS story_id, COUNT(*) AS shared
                    FROM story_topics JOIN topics ON topics.id = story_topics.topic_id
                    WHERE topics.slug = ANY($1)
                    GROUP BY story_topics.story_id
                ),
                candidates AS (
                    SELECT story_id AS id FROM overlap
                    UNION
                    SELECT id FROM (
                        SELECT stories.id AS id FROM \(Self.storyTables)
                        WHERE sections.slug = $2 AND stories.status = $3 AND stories.id <> $4
                        ORDER BY stories.published_at DESC NULLS LAST, stories.id DESC
                        LIMIT $5
                    ) AS newest
                )
                SELECT \(Self.storyColumns) FROM candidates
                JOIN stories ON stories.id = candidates.id
                JOIN sections ON sections.id = stories.section_id
                LEFT JOIN overlap ON overlap.story_id = stories.id
                WHERE stories.status = $3 AND stories.id <> $4
                ORDER BY COALESCE(overlap.shared, 0) DESC, (sections.slug = $2) DESC,
                    stories.published_at DESC NULLS LAST, stories.id DESC
                LIMIT $5
                """,
            binds: try Self.wrap {
                try Self.bindings(
                    topicSlugs, story.section.slug.rawValue, StoryStatus.published.rawValue, story.id, limit)
            })
        return try await read { [self] connection in try await Self.fetchStories(query, on: connection, logger: logger)
        }
    }

    public func sections() async throws(StoreError) -> [Section] {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT sections.slug, sections.name FROM sections
                WHERE NOT sections.hidden AND EXISTS (SELECT 1 FROM stories WHERE stories.section_id = sections.id
                    AND stories.status = \(StoryStatus.published.rawValue))
                ORDER BY sections.position = 0, sections.position, lower(sections.name), sections.slug
                """, logger: logger
            ).decode((String, String).self).collected().compactMap { slug, name in
                Slug(validating: slug).map { Section(name: name, slug: $0) }
            }
        }
    }

    /// One statement: the listed sections, and for each the newest stories through the
    /// section-and-time index, read whole.
    public func sectionFronts(storiesPerSection: Int) async throws(StoreError) -> [SectionFront] {
        let limit = min(max(storiesPerSection, 1), 50)
        let query = PostgresQuery(
            unsafeSQL: """
                WITH listed AS (
                    SELECT sections.id, row_number() OVER (
                        ORDER BY sections.position = 0, sections.position, lower(sections.name), sections.slug
                    ) AS place
                    FROM sections
                    WHERE NOT sections.hidden AND EXISTS (SELECT 1 FROM stories WHERE stories.section_id = sections.id
                        AND stories.status = $1)
                )
                SELECT listed.place, \(Self.storyColumns)
                FROM listed
                CROSS JOIN LATERAL (
                    SELECT newest.id FROM stories AS newest
                    WHERE newest.section_id = listed.id AND newest.status = $1
                    ORDER BY newest.published_at DESC NULLS LAST, newest.id DESC
                    LIMIT $2
                ) AS chosen
                JOIN stories ON stories.id = chosen.id
                JOIN sections ON sections.id = stories.section_id
                ORDER BY listed.place, stories.published_at DESC NULLS LAST, stories.id DESC
                """,
            binds: try Self.wrap { try Self.bindings(StoryStatus.published.rawValue, limit) })
        return try await read { [self] connection in
            var fronts: [SectionFront] = []
            var lastPlace: Int64?
            for try await row in try await connection.query(query, logger: logger) {
                let columns = row.makeRandomAccess()
                let place = try columns["place"].decode(Int64.self)
                let story = try Self.story(from: columns)
                if place == lastPlace {
                    fronts[fronts.count - 1].stories.append(story)
                } else {
                    fronts.append(SectionFront(section: story.section, stories: [story]))
                    lastPlace = place
                }
            }
            return fronts
        }
    }

    public func section(slug: Slug) async throws(StoreError) -> Section? {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT name FROM sections WHERE slug = \(slug.rawValue)
                AND EXISTS (SELECT 1 FROM stories WHERE stories.section_id = sections.id
                    AND stories.status = \(StoryStatus.published.rawValue))
                """, logger: logger
            ).decode(String.self).collected().first.map { Section(name: $0, slug: slug) }
        }
    }

    public func topic(slug: Slug) async throws(StoreError) -> Topic? {
        try await read { [self] connection in
            try await connection.query(
                """
                SELECT name FROM topics WHERE slug = \(slug.rawValue)
                AND EXISTS (SELECT 1 FROM story_topics JOIN stories ON stories.id = story_topics.story_id
                    WHERE story_topics.topic_id = topics.id AND stories.status = \(StoryStatus.published.rawValue))
                """, logger: logger
            ).decode(String.self).collected().first.map { Topic(name: $0, slug: slug) }
        }
    }

    public func storyCount() async throws(StoreError) -> Int {
        try await read { [self] connection in
            try await connection.query("SELECT COUNT(*) FROM stories", logger: logger).decode(Int.self).collected()
                .first ?? 0
        }
    }

    public func storyChanges(after cursor: StoryChangeCursor?, limit: Int) async throws(StoreError) -> StoryChanges {
        let limit = min(max(limit, 1), 1_000)
        let stories: [Story]
        if let cursor {
            stories = try await selectStories(
                "stories.updated_at > $1 OR (stories.updated_at = $1 AND stories.id > $2)"
                    + " ORDER BY stories.updated_at, stories.id LIMIT $3",
                binds: Self.bindings(cursor.updatedAt.postgres, cursor.id, limit))
        } else {
            stories = try await selectStories(
                "TRUE ORDER BY stories.updated_at, stories.id LIMIT $1", binds: Self.bindings(limit))
        }
        let next = stories.last.map { StoryChangeCursor(updatedAt: $0.updatedAt, id: $0.id) } ?? cursor
        return StoryChanges(stories: stories, cursor: next)
    }

    // MARK: - Helpers

    /// Whole stories matching `condition` (which may go on with ORDER BY and LIMIT).
    func selectStories(_ condition: String, binds: @autoclosure () throws -> PostgresBindings) async throws(StoreError)
        -> [Story]
    {
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(Self.storyColumns) FROM \(Self.storyTables) WHERE \(condition)",
            binds: try Self.wrap(binds))
        return try await read { [self] connection in try await Self.fetchStories(query, on: connection, logger: logger)
        }
    }

    /// Runs `work`, turning what it throws into a ``StoreError``.
    static func wrap<T>(_ work: () throws -> T) throws(StoreError) -> T {
        do {
            return try work()
        } catch let error as StoreError {
            throw error
        } catch {
            throw .failed("a value could not be sent to the database (\(error))")
        }
    }

    /// `status = published` and `query`'s filters, appended after `WHERE`.
    static func appendPublishedFilter(_ query: StoryQuery, to statement: inout PostgresStatement) throws {
        statement.append("stories.status = \(try statement.bind(StoryStatus.published.rawValue))")
        if let section = query.section {
            statement.append(" AND sections.slug = \(try statement.bind(section.rawValue))")
        }
        if let author = query.author {
            statement.append(
                """
                 AND stories.id IN (SELECT story_authors.story_id FROM story_authors
                 JOIN authors ON authors.id = story_authors.author_id
                 WHERE authors.slug = \(try statement.bind(author.rawValue)))
                """)
        }
        if let topic = query.topic {
            statement.append(
                """
                 AND stories.id IN (SELECT story_topics.story_id FROM story_topics
                 JOIN topics ON topics.id = story_topics.topic_id WHERE topics.slug = \(try statement.bind(topic.rawValue)))
                """)
        }
        if let since = query.publishedSince {
            statement.append(" AND stories.published_at >= \(try statement.bind(since.postgres))")
        }
        if let before = query.publishedBefore {
            statement.append(" AND stories.published_at < \(try statement.bind(before.postgres))")
        }
    }
}
