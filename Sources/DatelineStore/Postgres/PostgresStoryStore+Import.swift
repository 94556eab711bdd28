import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore {
    public func importStories(_ drafts: [StoryDraft]) async throws(StoreError)
        -> [Result<ImportedStory, StoreError>]
    {
        var answers: [Result<ImportedStory, StoreError>?] = Array(repeating: nil, count: drafts.count)
        var pages: [ImportPage] = []
        for (index, draft) in drafts.enumerated() {
            do {
                let (checked, source) = try StoreInput.validateImport(draft)
                pages.append(ImportPage(index: index, draft: checked, source: source))
            } catch {
                answers[index] = .failure(error)
            }
        }
        if !pages.isEmpty {
            let valid = pages
            let stored = try await writeStories { [self] connection, now in
                try await Self.importBatch(valid, now: now, on: connection, logger: logger)
            }
            for (page, receipt) in zip(pages, stored) { answers[page.index] = .success(receipt) }
        }
        return answers.map { $0 ?? .failure(.failed("the import lost track of a page")) }
    }

    /// One checked page of a batch and its place in the caller's list.
    struct ImportPage: Sendable {
        var index: Int
        var draft: StoryDraft
        var source: StorySource
    }

    /// Stores `pages` in order inside the caller's transaction (the content lock held), with the
    /// same outcome for each as ``importPage(_:source:now:on:logger:)`` would give one at a time.
    ///
    /// One statement finds the stories the pages came from: a page whose story has not changed
    /// is answered from it. A page that is new (no story came from its URL or checksum) and
    /// names no pictures or authors joins a run of such pages stored with a few statements for
    /// the whole run. Any other page (an update, or one sharing its URL or checksum with an
    /// earlier page of the batch) is stored on its own after the run before it, so every page
    /// sees what the pages before it wrote.
    static func importBatch(
        _ pages: [ImportPage], now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> [ImportedStory] {
        let urls = pages.map(\.source.url)
        let checksums = pages.map(\.source.checksum)
        // Every story the batch's pages could have come from, in one statement.
        var byURL: [String: (id: Int64, slug: String, checksum: String?)] = [:]
        var byChecksum: [String: (id: Int64, slug: String)] = [:]
        let rows = try await connection.query(
            """
            SELECT id, slug, source_url, source_checksum FROM stories
            WHERE source_url = ANY(\(urls)::text[]) OR source_checksum = ANY(\(checksums)::text[])
            ORDER BY id
            """, logger: logger
        ).decode((Int64, String, String?, String?).self).collected()
        for (id, slug, url, checksum) in rows {
            if let url { byURL[url] = (id, slug, checksum) }
            if let checksum, byChecksum[checksum] == nil { byChecksum[checksum] = (id, slug) }
        }
        var receipts: [ImportedStory?] = Array(repeating: nil, count: pages.count)
        var run: [(place: Int, page: ImportPage)] = []
        var sections: [Slug: Int64] = [:]
        var touchedURLs = Set<String>()
        var touchedChecksums = Set<String>()
        func flush() async throws {
            let stored = try await insertRun(
                run.map(\.page), now: now, sections: &sections, on: connection, logger: logger)
            for (entry, receipt) in zip(run, stored) { receipts[entry.place] = receipt }
            run = []
        }
        for (place, page) in pages.enumerated() {
            let url = page.source.url
            let checksum = page.source.checksum
            // A page sharing its URL or checksum with an earlier page of the batch sees what that
            // page wrote: it is stored on its own, after everything before it.
            let touched = touchedURLs.contains(url) || touchedChecksums.contains(checksum)
            touchedURLs.insert(url)
            touchedChecksums.insert(checksum)
            if !touched {
                if let known = byURL[url] {
                    if known.checksum == checksum, let slug = Slug(validating: known.slug) {
                        receipts[place] = ImportedStory(kind: .unchanged, id: known.id, slug: slug)
                        continue
                    }
                } else if let known = byChecksum[checksum], let slug = Slug(validating: known.slug) {
                    receipts[place] = ImportedStory(kind: .unchanged, id: known.id, slug: slug)
                    continue
                } else if page.draft.mediaIDs.isEmpty, (page.draft.authorIDs ?? []).isEmpty {
                    run.append((place, page))
                    continue
                }
            }
            try await flush()
            let outcome = try await importPage(
                page.draft, source: page.source, now: now, on: connection, logger: logger)
            receipts[place] = ImportedStory(outcome)
        }
        try await flush()
        return try receipts.map { receipt in
            guard let receipt else { throw StoreError.failed("the import lost track of a page") }
            return receipt
        }
    }

    /// Inserts new stories for `run` (pages known to be new, without pictures or authors) with a
    /// handful of statements for the whole run: their rows, topics, search vectors and first
    /// revisions, as ``insertStory(_:status:now:author:on:logger:)`` stores each.
    private static func insertRun(
        _ run: [ImportPage], now: Date, sections: inout [Slug: Int64], on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [ImportedStory] {
        guard !run.isEmpty else { return [] }
        // Sections, each once per batch.
        var sectionIDs: [Int64] = []
        for page in run {
            guard let name = page.draft.section, let slug = Slug(from: name) else {
                throw StoreError.invalid(
                    StoryValidationError(problems: [
                        .init(field: "section", message: "choose the section the story belongs to")
                    ]))
            }
            if let id = sections[slug] {
                sectionIDs.append(id)
            } else {
                let id = try await sectionID(for: page.draft, on: connection, logger: logger)
                sections[slug] = id
                sectionIDs.append(id)
            }
        }
        let slugs = try await freeSlugs(for: run.map(\.draft), on: connection, logger: logger)

        // The stories, in one statement.
        var statement = PostgresStatement(
            """
            INSERT INTO stories (slug, headline, section_id, dateline_place, dateline_source, byline, body, highlights,
                highlights_origin, topics_origin, status, published_at, created_at, updated_at, source_url,
                source_checksum, lead_image, seo_title, seo_description)
            VALUES
            """)
        let published = StoryStatus.published.rawValue
        for (number, page) in run.enumerated() {
            let draft = page.draft
            let values = [
                try statement.bind(slugs[number].rawValue), try statement.bind(draft.headline),
                try statement.bind(sectionIDs[number]), try statement.bind(draft.dateline.place),
                try statement.bind(draft.dateline.source), try statement.bind(draft.byline),
                try statement.bind(draft.body), try statement.bind(draft.highlights),
                try statement.bind(draft.highlightsOrigin.rawValue), try statement.bind(draft.topicsOrigin.rawValue),
                try statement.bind(published), try statement.bind((draft.publishedAt ?? now).postgres),
                try statement.bind(now.postgres), try statement.bind(now.postgres), try statement.bind(page.source.url),
                try statement.bind(page.source.checksum), try statement.bind(draft.leadImage),
                try statement.bind(draft.seoTitle), try statement.bind(draft.seoDescription),
            ]
            statement.append((number == 0 ? "\n(" : ",\n(") + values.joined(separator: ", ") + ")")
        }
        statement.append("\nRETURNING id, slug")
        var idBySlug: [String: Int64] = [:]
        for try await (id, slug) in try await connection.query(statement.query, logger: logger).decode(
            (Int64, String).self)
        {
            idBySlug[slug] = id
        }
        let ids = try slugs.map { slug -> Int64 in
            guard let id = idBySlug[slug.rawValue] else {
                throw StoreError.failed("PostgreSQL gave the new story '\(slug)' no id")
            }
            return id
        }

        try await linkTopics(of: run.map(\.draft), toStories: ids, on: connection, logger: logger)

        try await refreshSearch(ofStories: ids, on: connection, logger: logger)

        // Each new story's first revision, as recordRevision writes it.
        let encoder = JSONEncoder()
        let contents = try run.map { String(decoding: try encoder.encode($0.draft), as: UTF8.self) }
        try await connection.query(
            """
            INSERT INTO story_revisions (story_id, number, author_id, created_at, content, autosave)
            SELECT revision.story_id, 1, NULL, \(now.postgres), revision.content, false
            FROM unnest(\(ids)::bigint[], \(contents)::text[]) AS revision(story_id, content)
            """, logger: logger)

        return zip(ids, slugs).map { ImportedStory(kind: .created, id: $0, slug: $1) }
    }

    /// Free slugs for new stories with these headlines, in order, as
    /// ``freeSlug(from:on:logger:)`` gives each (the content lock is held): one statement reads
    /// every slug the batch's bases could collide with, and slugs given earlier in the batch
    /// count as taken.
    private static func freeSlugs(
        for drafts: [StoryDraft], on connection: PostgresConnection, logger: Logger
    ) async throws -> [Slug] {
        let bases = try drafts.map { draft -> Slug in
            guard let base = Slug(from: draft.headline) else {
                throw StoreError.invalid(
                    StoryValidationError(problems: [
                        .init(field: "headline", message: "the headline needs at least one letter or digit")
                    ]))
            }
            return base
        }
        let distinct = Array(Set(bases.map(\.rawValue)))
        // A slug is letters, digits and hyphens: those starting with `base` and sorting below
        // `base.` are `base` itself and `base-…`; the range reads the prefix index.
        var taken = Set(
            try await connection.query(
                """
                SELECT found.slug FROM unnest(\(distinct)::text[]) AS base(slug)
                CROSS JOIN LATERAL (
                    SELECT stories.slug FROM stories
                    WHERE stories.slug ~>=~ base.slug AND stories.slug ~<~ (base.slug || '.')
                ) AS found
                """, logger: logger
            ).decode(String.self).collected())
        var slugs: [Slug] = []
        for base in bases {
            var slug = base
            if taken.contains(base.rawValue) {
                guard
                    let free = (2...100_000).lazy.map({ base.numbered($0) }).first(where: {
                        !taken.contains($0.rawValue)
                    })
                else {
                    throw StoreError.failed("more than 100,000 stories share the slug '\(base)'; change the headline")
                }
                slug = free
            }
            taken.insert(slug.rawValue)
            slugs.append(slug)
        }
        return slugs
    }

    /// Tags each new story with its draft's topics in order, as ``linkTopics(_:toStory:on:logger:)``
    /// does one story: a topic found by slug (the first name seen stays canonical), else by an old
    /// slug, else added.
    private static func linkTopics(
        of drafts: [StoryDraft], toStories ids: [Int64], on connection: PostgresConnection, logger: Logger
    ) async throws {
        var perStory: [[Slug]] = []
        var firstNames: [(slug: String, name: String)] = []
        var named = Set<Slug>()
        for draft in drafts {
            var seen: [Slug] = []
            for name in draft.topics {
                guard let slug = Slug(from: name), !seen.contains(slug) else { continue }
                seen.append(slug)
                if named.insert(slug).inserted { firstNames.append((slug.rawValue, name)) }
            }
            perStory.append(seen)
        }
        guard !firstNames.isEmpty else { return }
        let allSlugs = firstNames.map(\.slug)
        // Old slugs first: they count only while no topic has the slug itself.
        var topicIDs: [String: Int64] = [:]
        for try await (slug, id) in try await connection.query(
            """
            SELECT old.slug, old.topic_id FROM topic_old_slugs AS old
            WHERE old.slug = ANY(\(allSlugs)::text[])
                AND NOT EXISTS (SELECT 1 FROM topics WHERE topics.slug = old.slug)
            """, logger: logger
        ).decode((String, Int64).self) {
            topicIDs[slug] = id
        }
        let fresh = firstNames.filter { topicIDs[$0.slug] == nil }
        if !fresh.isEmpty {
            let freshSlugs = fresh.map(\.slug)
            let freshNames = fresh.map(\.name)
            try await connection.query(
                """
                INSERT INTO topics (slug, name)
                SELECT topic.slug, topic.name FROM unnest(\(freshSlugs)::text[], \(freshNames)::text[])
                    WITH ORDINALITY AS topic(slug, name, number)
                ORDER BY topic.number
                ON CONFLICT (slug) DO NOTHING
                """, logger: logger)
            for try await (slug, id) in try await connection.query(
                "SELECT slug, id FROM topics WHERE slug = ANY(\(freshSlugs)::text[])", logger: logger
            ).decode((String, Int64).self) {
                topicIDs[slug] = id
            }
        }
        var storyColumn: [Int64] = []
        var topicColumn: [Int64] = []
        var positionColumn: [Int64] = []
        for (storyID, slugs) in zip(ids, perStory) {
            var linked = Set<Int64>()
            for (position, slug) in slugs.enumerated() {
                guard let topicID = topicIDs[slug.rawValue] else {
                    throw StoreError.failed("PostgreSQL gave the topic '\(slug)' no id")
                }
                // Two names for one topic (a name and an old one) tag it once, at the first.
                guard linked.insert(topicID).inserted else { continue }
                storyColumn.append(storyID)
                topicColumn.append(topicID)
                positionColumn.append(Int64(position))
            }
        }
        guard !storyColumn.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO story_topics (story_id, topic_id, position)
            SELECT * FROM unnest(\(storyColumn)::bigint[], \(topicColumn)::bigint[], \(positionColumn)::bigint[])
            """, logger: logger)
    }
}
