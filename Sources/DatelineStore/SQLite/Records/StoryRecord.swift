import Foundation
import GRDB

/// A row of the `stories` table, with lists kept as JSON array text and enums as their raw values.
struct StoryRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "stories"

    var id: Int64?
    var slug: String
    var headline: String
    var sectionID: Int64
    var datelinePlace: String?
    var datelineSource: String?
    var byline: String?
    var body: String
    var highlights: String
    var highlightsOrigin: String
    var topicsOrigin: String
    var status: String
    var publishedAt: Date?
    var createdAt: Date
    var updatedAt: Date
    var sourceURL: String?
    var sourceChecksum: String?
    var leadImage: Int64? = nil
    var seoTitle: String?
    var seoDescription: String?
    /// Set while a write links the story's topics, so the full-text index is written once
    /// afterwards (``SQLiteSchema/indexSearchAfterTopics(_:)``); NULL at rest.
    var searchPending: Bool? = nil

    enum CodingKeys: String, CodingKey {
        case id, slug, headline, byline, body, highlights, status
        case sectionID = "section_id"
        case datelinePlace = "dateline_place"
        case datelineSource = "dateline_source"
        case highlightsOrigin = "highlights_origin"
        case topicsOrigin = "topics_origin"
        case publishedAt = "published_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case sourceURL = "source_url"
        case sourceChecksum = "source_checksum"
        case leadImage = "lead_image"
        case seoTitle = "seo_title"
        case seoDescription = "seo_description"
        case searchPending = "search_pending"
    }

    /// Column names for query-interface filters, kept beside the coding keys they mirror.
    enum Columns {
        static let slug = Column(CodingKeys.slug)
        static let sourceURL = Column(CodingKeys.sourceURL)
        static let sourceChecksum = Column(CodingKeys.sourceChecksum)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
