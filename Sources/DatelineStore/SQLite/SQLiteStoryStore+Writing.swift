import DatelineCore
import Foundation
import GRDB

extension SQLiteStoryStore {
    /// Inserts a validated draft as a new story with a fresh slug, its section and its topics.
    static func insertStory(
        _ draft: StoryDraft, status: StoryStatus, now: Date, author: Int64? = nil, _ db: Database
    ) throws -> Story {
        try story(id: try insertStoryRow(draft, status: status, now: now, author: author, db), db)
    }

    /// ``insertStory(_:status:now:author:_:)`` without reading the story back: its key.
    static func insertStoryRow(
        _ draft: StoryDraft, status: StoryStatus, now: Date, author: Int64? = nil, _ db: Database
    ) throws -> Int64 {
        guard let base = Slug(from: draft.headline) else {
            throw StoreError.invalid(
                StoryValidationError(problems: [
                    .init(field: "headline", message: "the headline needs at least one letter or digit")
                ]))
        }
        var record = StoryRecord(
            id: nil, slug: try freeSlug(from: base, db).rawValue, headline: draft.headline,
            sectionID: try sectionID(for: draft, db), datelinePlace: draft.dateline.place,
            datelineSource: draft.dateline.source, byline: draft.byline, body: try jsonText(draft.body),
            highlights: try jsonText(draft.highlights), highlightsOrigin: draft.highlightsOrigin.rawValue,
            topicsOrigin: draft.topicsOrigin.rawValue, status: status.rawValue,
            publishedAt: draft.publishedAt ?? (status == .published ? now : nil), createdAt: now, updatedAt: now,
            sourceURL: draft.source?.url, sourceChecksum: draft.source?.checksum, leadImage: draft.leadImage,
            seoTitle: draft.seoTitle, seoDescription: draft.seoDescription, searchPending: true)
        try checkImages(of: draft, goingTo: status, db)
        try record.insert(db)
        guard let id = record.id else { throw StoreError.failed("SQLite gave the new story no id") }
        try linkTopics(draft.topics, toStory: id, db)
        try indexForSearch(id, db)
        try recordMediaUses(of: draft, story: id, db)
        try linkAuthors(draft.authorIDs ?? [], toStory: id, db)
        try recordRevision(of: id, content: draft, author: author, now: now, db)
        return id
    }

    /// Replaces a story's content with a validated draft, keeping its id, slug, status and creation time.
    ///
    /// A draft without a publication time or source keeps the story's own, so an edit made from
    /// ``Story/draft`` or from a form that does not carry them loses nothing.
    static func replaceContent(
        ofStory id: Int64, with draft: StoryDraft, now: Date, author: Int64? = nil, autosave: Bool = false,
        _ db: Database
    ) throws -> Story {
        // A story in the trash takes no edits until it is restored.
        guard var record = try StoryRecord.fetchOne(db, key: id), try !isTrashed(id, db) else {
            throw StoreError.notFound(id: id)
        }
        // The images the story holds now answer only for themselves (see StoryMediaRules).
        let holding = try story(id: id, db).draft.mediaIDs
        record.headline = draft.headline
        record.sectionID = try sectionID(for: draft, db)
        record.datelinePlace = draft.dateline.place
        record.datelineSource = draft.dateline.source
        record.byline = draft.byline
        record.body = try jsonText(draft.body)
        record.highlights = try jsonText(draft.highlights)
        record.highlightsOrigin = draft.highlightsOrigin.rawValue
        record.topicsOrigin = draft.topicsOrigin.rawValue
        record.publishedAt = draft.publishedAt ?? record.publishedAt
        if let source = draft.source {
            record.sourceURL = source.url
            record.sourceChecksum = source.checksum
        }
        record.leadImage = draft.leadImage
        record.seoTitle = draft.seoTitle
        record.seoDescription = draft.seoDescription
        record.updatedAt = now
        // A live story stays fit for readers: the images an edit adds must be ready, as when it was published.
        if let status = StoryStatus(rawValue: record.status) {
            try checkImages(of: draft, goingTo: status, keeping: holding, db)
        }
        record.searchPending = true
        try record.update(db)
        try StoryTopicRecord.filter(Column(StoryTopicRecord.CodingKeys.storyID) == id).deleteAll(db)
        try linkTopics(draft.topics, toStory: id, db)
        try indexForSearch(id, db)
        try recordMediaUses(of: draft, story: id, db)
        if let authorIDs = draft.authorIDs {
            try db.execute(sql: "DELETE FROM story_authors WHERE story_id = ?", arguments: [id])
            try linkAuthors(authorIDs, toStory: id, db)
        }
        try recordRevision(of: id, content: draft, author: author, now: now, autosave: autosave, db)
        return try story(id: id, db)
    }

    /// Clears the story's `search_pending` mark, which writes its full-text row once, now that its
    /// text and topics are stored (``SQLiteSchema/indexSearchAfterTopics(_:)``).
    static func indexForSearch(_ id: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE stories SET search_pending = NULL WHERE id = ?").execute(arguments: [id])
    }

    /// The first of `base`, `base-2`, `base-3`… that no story uses yet.
    static func freeSlug(from base: Slug, _ db: Database) throws -> Slug {
        // Cached statements here and below: an import stores hundreds of stories a second, and
        // preparing each query again (with GRDB's authorizer called per column) was a fifth of its
        // writer's time.
        let taken = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM stories WHERE slug = ?)")
        func isTaken(_ slug: Slug) throws -> Bool {
            try Bool.fetchOne(taken, arguments: [slug.rawValue]) ?? false
        }
        if try !isTaken(base) { return base }
        for number in 2...100_000 {
            let candidate = base.numbered(number)
            if try !isTaken(candidate) { return candidate }
        }
        throw StoreError.failed("more than 100,000 stories share the slug '\(base)'; change the headline")
    }

    /// The key of the draft's section, adding the section the first time its slug is seen.
    static func sectionID(for draft: StoryDraft, _ db: Database) throws -> Int64 {
        guard let name = draft.section, let slug = Slug(from: name) else {
            throw StoreError.invalid(
                StoryValidationError(problems: [
                    .init(field: "section", message: "choose the section the story belongs to")
                ]))
        }
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM sections WHERE slug = ?"), arguments: [slug.rawValue])
        {
            return id
        }
        // A section's old name (from before a rename, or in an old revision) files into it.
        if let renamed = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT section_id FROM section_old_slugs WHERE slug = ?"),
            arguments: [slug.rawValue])
        {
            return renamed
        }
        var section = SectionRecord(id: nil, slug: slug.rawValue, name: name)
        try section.insert(db)
        guard let id = section.id else { throw StoreError.failed("SQLite gave the new section no id") }
        return id
    }

    /// Tags a story with topics in order; a topic is found by slug, so the first name seen stays canonical.
    static func linkTopics(_ names: [String], toStory storyID: Int64, _ db: Database) throws {
        guard !names.isEmpty else { return }
        var seen = Set<Slug>()
        var linked = Set<Int64>()
        let known = try db.cachedStatement(sql: "SELECT id FROM topics WHERE slug = ?")
        let oldSlug = try db.cachedStatement(sql: "SELECT topic_id FROM topic_old_slugs WHERE slug = ?")
        let link = try db.cachedStatement(
            sql: "INSERT INTO story_topics (story_id, topic_id, position) VALUES (?, ?, ?)")
        for name in names {
            guard let slug = Slug(from: name), seen.insert(slug).inserted else { continue }
            let topicID: Int64
            if let id = try Int64.fetchOne(known, arguments: [slug.rawValue]) {
                topicID = id
            } else if let renamed = try Int64.fetchOne(oldSlug, arguments: [slug.rawValue]) {
                // A topic's old name (before a rename or merge, or in an old revision) tags it.
                topicID = renamed
            } else {
                var topic = TopicRecord(id: nil, slug: slug.rawValue, name: name)
                try topic.insert(db)
                guard let id = topic.id else { throw StoreError.failed("SQLite gave the new topic no id") }
                topicID = id
            }
            guard linked.insert(topicID).inserted else { continue }
            try link.execute(arguments: [storyID, topicID, linked.count - 1])
        }
    }

    /// A list of strings as compact JSON array text.
    static func jsonText(_ list: [String]) throws -> String {
        String(decoding: try listEncoder.encode(list), as: UTF8.self)
    }

    /// JSONEncoder is safe to share once configured (its settings are not changed again).
    nonisolated(unsafe) private static let listEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}
