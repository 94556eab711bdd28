extension ArchiveRecord {
    /// A story row with its section and topics by slug (topics in order) and its owner.
    public struct Story: Sendable, Hashable, Codable {
        public var id: Int64
        public var slug: String
        public var headline: String
        public var section: String
        public var datelinePlace: String?
        public var datelineSource: String?
        public var byline: String?
        public var body: [String]
        public var highlights: [String]
        public var highlightsOrigin: String
        public var topicsOrigin: String
        public var status: String
        public var publishedAt: ArchiveTime?
        public var createdAt: ArchiveTime
        public var updatedAt: ArchiveTime
        public var sourceURL: String?
        public var sourceChecksum: String?
        public var ownerID: Int64?
        public var topics: [String]
        /// The lead image's media id; absent in archives written before stories had one.
        public var leadImage: Int64?
        /// The credited authors' keys in order; nil (left out) when there are none, as in
        /// archives written before authors existed.
        public var authors: [Int64]?
        public var seoTitle: String?
        public var seoDescription: String?

        public init(
            id: Int64, slug: String, headline: String, section: String, datelinePlace: String?,
            datelineSource: String?, byline: String?, body: [String], highlights: [String], highlightsOrigin: String,
            topicsOrigin: String, status: String, publishedAt: ArchiveTime?, createdAt: ArchiveTime,
            updatedAt: ArchiveTime, sourceURL: String?, sourceChecksum: String?, ownerID: Int64?, topics: [String],
            leadImage: Int64? = nil
        ) {
            self.id = id
            self.slug = slug
            self.headline = headline
            self.section = section
            self.datelinePlace = datelinePlace
            self.datelineSource = datelineSource
            self.byline = byline
            self.body = body
            self.highlights = highlights
            self.highlightsOrigin = highlightsOrigin
            self.topicsOrigin = topicsOrigin
            self.status = status
            self.publishedAt = publishedAt
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.sourceURL = sourceURL
            self.sourceChecksum = sourceChecksum
            self.ownerID = ownerID
            self.topics = topics
            self.leadImage = leadImage
        }

        enum CodingKeys: String, CodingKey {
            case id, slug, headline, section, byline, body, highlights, status, topics
            case datelinePlace = "dateline_place"
            case datelineSource = "dateline_source"
            case highlightsOrigin = "highlights_origin"
            case topicsOrigin = "topics_origin"
            case publishedAt = "published_at"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
            case sourceURL = "source_url"
            case sourceChecksum = "source_checksum"
            case ownerID = "owner_id"
            case leadImage = "lead_image"
            case authors
            case seoTitle = "seo_title"
            case seoDescription = "seo_description"
        }
    }
}
