import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore {
    /// One topic of one story, as read for assembling stories.
    private struct TopicLink: Decodable, FetchableRecord {
        var storyID: Int64
        var slug: String
        var name: String

        enum CodingKeys: String, CodingKey {
            case storyID = "story_id"
            case slug, name
        }
    }

    /// The story with this key, which the caller knows exists.
    static func story(id: Int64, _ db: Database) throws -> Story {
        guard
            let record = try SQLRequest<StoryRecord>(literal: "SELECT * FROM stories WHERE id = \(id)", cached: true)
                .fetchOne(db), let story = try stories(from: [record], db).first
        else { throw StoreError.notFound(id: id) }
        return story
    }

    /// Turns rows into stories with their sections and topics, keeping the rows' order.
    static func stories(from records: [StoryRecord], _ db: Database) throws -> [Story] {
        guard !records.isEmpty else { return [] }
        let storyIDs = records.compactMap(\.id)
        let sectionIDs = Set(records.map(\.sectionID))
        let sections = Dictionary(
            try SQLRequest<SectionRecord>(
                literal: "SELECT * FROM sections WHERE id IN \(Array(sectionIDs))", cached: sectionIDs.count <= 8
            ).fetchAll(db).compactMap { section in section.id.map { ($0, section) } },
            uniquingKeysWith: { first, _ in first })
        let links = try SQLRequest<TopicLink>(
            literal: """
                SELECT story_topics.story_id, topics.slug, topics.name
                FROM story_topics JOIN topics ON topics.id = story_topics.topic_id
                WHERE story_topics.story_id IN \(storyIDs)
                ORDER BY story_topics.story_id, story_topics.position
                """, cached: storyIDs.count <= 100
        ).fetchAll(db)
        var topicsByStory: [Int64: [Topic]] = [:]
        for link in links {
            guard let slug = Slug(validating: link.slug) else {
                throw StoreError.failed("topic '\(link.name)' has the malformed slug '\(link.slug)'")
            }
            topicsByStory[link.storyID, default: []].append(Topic(name: link.name, slug: slug))
        }
        let authorsByStory = try authors(ofStories: storyIDs, db)
        return try records.map { record in
            guard let id = record.id else { throw StoreError.failed("a story row has no id") }
            guard let section = sections[record.sectionID],
                let sectionSlug = Slug(validating: section.slug)
            else { throw StoreError.failed("story \(id) points at a missing or malformed section") }
            var story = try story(
                from: record, id: id, section: Section(name: section.name, slug: sectionSlug),
                topics: topicsByStory[id] ?? [])
            story.seoTitle = record.seoTitle
            story.seoDescription = record.seoDescription
            story.credit(authorsByStory[id] ?? [])
            return story
        }
    }

    /// One row as a story, checking every stored value that a hand edit could have broken.
    private static func story(from record: StoryRecord, id: Int64, section: Section, topics: [Topic]) throws -> Story {
        func broken(_ what: String) -> StoreError { .failed("story \(id) has \(what); fix or delete the row") }
        guard let slug = Slug(validating: record.slug) else { throw broken("the malformed slug '\(record.slug)'") }
        guard let status = StoryStatus(rawValue: record.status) else {
            throw broken("the unknown status '\(record.status)'")
        }
        guard let highlightsOrigin = SuggestionOrigin(rawValue: record.highlightsOrigin),
            let topicsOrigin = SuggestionOrigin(rawValue: record.topicsOrigin)
        else { throw broken("an unknown highlights or topics origin") }
        guard let body = JSONStringList.decode(record.body) else {
            throw broken("a body that is not a JSON list of paragraphs")
        }
        guard let highlights = JSONStringList.decode(record.highlights) else {
            throw broken("highlights that are not a JSON list")
        }
        var source: StorySource?
        if let url = record.sourceURL {
            source = StorySource(url: url, checksum: record.sourceChecksum ?? "")
        }
        return Story(
            id: id, slug: slug, headline: record.headline, section: section,
            dateline: Dateline(place: record.datelinePlace, source: record.datelineSource), byline: record.byline,
            body: body, highlights: highlights, highlightsOrigin: highlightsOrigin, topics: topics,
            topicsOrigin: topicsOrigin, status: status, publishedAt: record.publishedAt, createdAt: record.createdAt,
            updatedAt: record.updatedAt, source: source, leadImage: record.leadImage)
    }

    // MARK: - Reader-facing lists

    /// `FROM … WHERE …` selecting the published stories `query` asks for.
    private static func publishedStoriesClause(_ query: StoryQuery) -> SQL {
        var clause: SQL = """
            FROM stories JOIN sections ON sections.id = stories.section_id
            WHERE stories.status = \(StoryStatus.published.rawValue)
            """
        if let section = query.section {
            clause += " AND sections.slug = \(section.rawValue)"
        }
        if let author = query.author {
            clause += """
                 AND stories.id IN (SELECT story_authors.story_id FROM story_authors
                 JOIN authors ON authors.id = story_authors.author_id WHERE authors.slug = \(author.rawValue))
                """
        }
        if let topic = query.topic {
            // Driving the search from the topic's links keeps a rare topic's page as cheap as a
            // common one's; a correlated EXISTS would walk every published story.
            clause += """
                 AND stories.id IN (SELECT story_topics.story_id FROM story_topics
                 JOIN topics ON topics.id = story_topics.topic_id WHERE topics.slug = \(topic.rawValue))
                """
        }
        if let since = query.publishedSince {
            clause += " AND stories.published_at >= \(since)"
        }
        if let before = query.publishedBefore {
            clause += " AND stories.published_at < \(before)"
        }
        return clause
    }

    /// Published stories matching `query`, newest first (by id when two share a time).
    static func publishedStories(_ query: StoryQuery, _ db: Database) throws -> [Story] {
        let records = try SQLRequest<StoryRecord>(
            literal: "SELECT stories.* " + publishedStoriesClause(query)
                + " ORDER BY stories.published_at DESC, stories.id DESC LIMIT \(query.limit) OFFSET \(query.offset)",
            cached: true
        ).fetchAll(db)
        return try stories(from: records, db)
    }

    /// How many published stories match `query`, ignoring its window.
    static func countPublished(_ query: StoryQuery, _ db: Database) throws -> Int {
        try SQLRequest<Int>(literal: "SELECT COUNT(*) " + publishedStoriesClause(query), cached: true).fetchOne(db) ?? 0
    }

    /// Published stories with the given slugs, in the order asked, each once.
    static func publishedStories(slugs: [Slug], _ db: Database) throws -> [Story] {
        var order: [String] = []
        var seen = Set<String>()
        for slug in slugs where seen.insert(slug.rawValue).inserted { order.append(slug.rawValue) }
        var found: [String: StoryRecord] = [:]
        // Chunks keep each statement well under SQLite's limit on bound values.
        for start in stride(from: 0, to: order.count, by: 500) {
            let chunk = order[start..<min(start + 500, order.count)]
            let records = try SQLRequest<StoryRecord>(
                literal: publishedBySlugs(Array(chunk)), cached: chunk.count <= 20
            ).fetchAll(db)
            for record in records { found[record.slug] = record }
        }
        return try stories(from: order.compactMap { found[$0] }, db)
    }

    /// The published stories among `slugs` (at most 500). `+status` keeps SQLite on the slug
    /// index: left alone it chose the status index and read every published story (0.18 s per
    /// story page at 100,000 stories).
    static func publishedBySlugs(_ slugs: [String]) -> SQL {
        "SELECT * FROM stories WHERE slug IN \(slugs) AND +status = \(StoryStatus.published.rawValue)"
    }

    /// The story before `story` in its section by publication time, else the section's newest.
    static func nextStory(after story: Story, _ db: Database) throws -> Story? {
        let inSection: SQL = """
            SELECT stories.* FROM stories JOIN sections ON sections.id = stories.section_id
            WHERE stories.status = \(StoryStatus.published.rawValue)
            AND sections.slug = \(story.section.slug.rawValue) AND stories.id <> \(story.id)
            """
        let newestFirst: SQL = " ORDER BY stories.published_at DESC, stories.id DESC LIMIT 1"
        if let time = story.publishedAt {
            let earlier = try SQLRequest<StoryRecord>(
                literal: inSection
                    + " AND (stories.published_at < \(time) OR (stories.published_at = \(time) AND stories.id < \(story.id)))"
                    + newestFirst, cached: true
            ).fetchOne(db)
            if let earlier { return try stories(from: [earlier], db).first }
        }
        guard let newest = try SQLRequest<StoryRecord>(literal: inSection + newestFirst, cached: true).fetchOne(db)
        else {
            return nil
        }
        return try stories(from: [newest], db).first
    }

    /// Published stories sharing topics with `story` (most shared first), then others from its section.
    ///
    /// Only the section's `limit` newest stories can make the list without sharing a topic, so
    /// those and the topic matches are the only candidates; the archive is never walked whole.
    static func relatedStories(to story: Story, limit: Int, _ db: Database) throws -> [Story] {
        let topicSlugs = story.topics.map(\.slug.rawValue)
        let section = story.section.slug.rawValue
        let published = StoryStatus.published.rawValue
        let records = try SQLRequest<StoryRecord>(
            literal: """
                WITH overlap AS (
                    SELECT story_topics.story_id AS story_id, COUNT(*) AS shared
                    FROM story_topics JOIN topics ON topics.id = story_topics.topic_id
                    WHERE topics.slug IN \(topicSlugs)
                    GROUP BY story_topics.story_id
                ),
                candidates AS (
                    SELECT story_id AS id FROM overlap
                    UNION
                    SELECT id FROM (
                        SELECT stories.id AS id FROM stories JOIN sections ON sections.id = stories.section_id
                        WHERE sections.slug = \(section) AND stories.status = \(published) AND stories.id <> \(story.id)
                        ORDER BY stories.published_at DESC, stories.id DESC
                        LIMIT \(limit)
                    )
                )
                SELECT stories.* FROM candidates
                JOIN stories ON stories.id = candidates.id
                JOIN sections ON sections.id = stories.section_id
                LEFT JOIN overlap ON overlap.story_id = stories.id
                WHERE stories.status = \(published) AND stories.id <> \(story.id)
                ORDER BY COALESCE(overlap.shared, 0) DESC, sections.slug = \(section) DESC,
                    stories.published_at DESC, stories.id DESC
                LIMIT \(limit)
                """, cached: topicSlugs.count <= 20
        ).fetchAll(db)
        return try stories(from: records, db)
    }

    /// Sections holding at least one published story, by name.
    static func sectionsWithPublishedStories(_ db: Database) throws -> [Section] {
        try SQLRequest<SectionRecord>(
            literal: """
                SELECT sections.* FROM sections
                WHERE sections.hidden = 0 AND EXISTS (SELECT 1 FROM stories WHERE stories.section_id = sections.id
                    AND stories.status = \(StoryStatus.published.rawValue))
                ORDER BY sections.position = 0, sections.position, sections.name COLLATE NOCASE, sections.slug
                """, cached: true
        ).fetchAll(db).compactMap { record in
            Slug(validating: record.slug).map { Section(name: record.name, slug: $0) }
        }
    }
}
