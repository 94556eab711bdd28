extension ArchiveRecord {
    /// A correction note on a story.
    public struct Correction: Sendable, Hashable, Codable {
        public var id: Int64
        public var storyID: Int64
        public var authorID: Int64?
        public var note: String
        public var createdAt: ArchiveTime

        public init(id: Int64, storyID: Int64, authorID: Int64?, note: String, createdAt: ArchiveTime) {
            self.id = id
            self.storyID = storyID
            self.authorID = authorID
            self.note = note
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, note
            case storyID = "story_id"
            case authorID = "author_id"
            case createdAt = "created_at"
        }
    }
}
