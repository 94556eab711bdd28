import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore {
    /// The select list every story read uses: the row, its section, and its topics in order, so
    /// one statement reads whole stories. Pair it with ``storyFrom``.
    static let storyColumns = """
        stories.id, stories.slug, stories.headline, sections.slug AS section_slug, sections.name AS section_name,
        stories.dateline_place, stories.dateline_source, stories.byline, stories.body, stories.highlights,
        stories.highlights_origin, stories.topics_origin, stories.status, stories.published_at, stories.created_at,
        stories.updated_at, stories.source_url, stories.source_checksum, stories.lead_image,
        ARRAY(SELECT topics.slug FROM story_topics JOIN topics ON topics.id = story_topics.topic_id
            WHERE story_topics.story_id = stories.id ORDER BY story_topics.position) AS topic_slugs,
        ARRAY(SELECT topics.name FROM story_topics JOIN topics ON topics.id = story_topics.topic_id
            WHERE story_topics.story_id = stories.id ORDER BY story_topics.position) AS topic_names,
        stories.seo_title, stories.seo_description,
        ARRAY(SELECT authors.id FROM story_authors JOIN authors ON authors.id = story_authors.author_id
            WHERE story_authors.story_id = stories.id ORDER BY story_authors.position) AS author_ids,
        ARRAY(SELECT authors.slug FROM story_authors JOIN authors ON authors.id = story_authors.author_id
            WHERE story_authors.story_id = stories.id ORDER BY story_authors.position) AS author_slugs,
        ARRAY(SELECT authors.name FROM story_authors JOIN authors ON authors.id = story_authors.author_id
            WHERE story_authors.story_id = stories.id ORDER BY story_authors.position) AS author_names
        """

    /// `FROM` clause matching ``storyColumns``.
    static let storyTables = "stories JOIN sections ON sections.id = stories.section_id"

    /// Runs a statement selecting ``storyColumns`` and reads every row as a story, in order.
    static func fetchStories(
        _ query: PostgresQuery, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Story] {
        var stories: [Story] = []
        for try await row in try await connection.query(query, logger: logger) {
            stories.append(try story(from: row.makeRandomAccess()))
        }
        return stories
    }

    /// The story with this key, read in the current transaction; ``StoreError/notFound(id:)`` when absent.
    static func story(id: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Story {
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(storyColumns) FROM \(storyTables) WHERE stories.id = $1",
            binds: try bindings(id))
        guard let story = try await fetchStories(query, on: connection, logger: logger).first else {
            throw StoreError.notFound(id: id)
        }
        return story
    }

    /// Bind values for a statement written with `$1`, `$2`… placeholders.
    static func bindings(_ values: any PostgresEncodable...) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { try bindings.append(value) }
        return bindings
    }

    /// One row as a story, checking every stored value a hand edit could have broken.
    static func story(from row: PostgresRandomAccessRow) throws -> Story {
        let id = try row["id"].decode(Int64.self)
        func broken(_ what: String) -> StoreError { .failed("story \(id) has \(what); fix or delete the row") }
        let rawSlug = try row["slug"].decode(String.self)
        guard let slug = Slug(validating: rawSlug) else { throw broken("the malformed slug '\(rawSlug)'") }
        let sectionName = try row["section_name"].decode(String.self)
        guard let sectionSlug = Slug(validating: try row["section_slug"].decode(String.self)) else {
            throw broken("a malformed section")
        }
        let rawStatus = try row["status"].decode(String.self)
        guard let status = StoryStatus(rawValue: rawStatus) else { throw broken("the unknown status '\(rawStatus)'") }
        guard let highlightsOrigin = SuggestionOrigin(rawValue: try row["highlights_origin"].decode(String.self)),
            let topicsOrigin = SuggestionOrigin(rawValue: try row["topics_origin"].decode(String.self))
        else { throw broken("an unknown highlights or topics origin") }
        let topicSlugs = try row["topic_slugs"].decode([String].self)
        let topicNames = try row["topic_names"].decode([String].self)
        var topics: [Topic] = []
        for (rawTopicSlug, name) in zip(topicSlugs, topicNames) {
            guard let topicSlug = Slug(validating: rawTopicSlug) else {
                throw StoreError.failed("topic '\(name)' has the malformed slug '\(rawTopicSlug)'")
            }
            topics.append(Topic(name: name, slug: topicSlug))
        }
        var source: StorySource?
        if let url = try row["source_url"].decode(String?.self) {
            source = StorySource(url: url, checksum: try row["source_checksum"].decode(String?.self) ?? "")
        }
        var authors: [Author] = []
        let authorIDs = try row["author_ids"].decode([Int64].self)
        let authorSlugs = try row["author_slugs"].decode([String].self)
        let authorNames = try row["author_names"].decode([String].self)
        for (index, authorID) in authorIDs.enumerated() where index < authorSlugs.count && index < authorNames.count {
            guard let authorSlug = Slug(validating: authorSlugs[index]) else {
                throw StoreError.failed("author '\(authorNames[index])' has a malformed slug; fix the row")
            }
            authors.append(Author(id: authorID, name: authorNames[index], slug: authorSlug))
        }
        var story = Story(
            id: id, slug: slug, headline: try row["headline"].decode(String.self),
            section: Section(name: sectionName, slug: sectionSlug),
            dateline: Dateline(
                place: try row["dateline_place"].decode(String?.self),
                source: try row["dateline_source"].decode(String?.self)),
            byline: try row["byline"].decode(String?.self), body: try row["body"].decode([String].self),
            highlights: try row["highlights"].decode([String].self), highlightsOrigin: highlightsOrigin,
            topics: topics, topicsOrigin: topicsOrigin, status: status,
            publishedAt: try row["published_at"].decode(Date?.self), createdAt: try row["created_at"].decode(Date.self),
            updatedAt: try row["updated_at"].decode(Date.self), source: source,
            leadImage: try row["lead_image"].decode(Int64?.self))
        story.seoTitle = try row["seo_title"].decode(String?.self)
        story.seoDescription = try row["seo_description"].decode(String?.self)
        story.credit(authors)
        return story
    }
}

/// Builds a statement from pieces, binding every value as a `$n` parameter as it is added.
struct PostgresStatement {
    private(set) var sql: String
    private(set) var bindings = PostgresBindings()

    init(_ sql: String = "") {
        self.sql = sql
    }

    /// Appends SQL text written by the store (never reader input).
    mutating func append(_ text: String) {
        sql += text
    }

    /// Binds `value` and returns its placeholder.
    mutating func bind(_ value: some PostgresEncodable) throws -> String {
        try bindings.append(value)
        return "$\(bindings.count)"
    }

    /// Binds `value` (NULL when nil) and returns its placeholder.
    mutating func bind<Value: PostgresEncodable>(_ value: Value?) throws -> String {
        try bindings.append(value)
        return "$\(bindings.count)"
    }

    /// The statement, ready to run.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
