extension ArchiveRecord {
    /// One saved revision; `content` is the stored JSON of its draft, byte for byte.
    public struct Revision: Sendable, Hashable, Codable {
        public var id: Int64
        public var storyID: Int64
        public var number: Int
        public var authorID: Int64?
        public var createdAt: ArchiveTime
        public var content: String

        public init(id: Int64, storyID: Int64, number: Int, authorID: Int64?, createdAt: ArchiveTime, content: String) {
            self.id = id
            self.storyID = storyID
            self.number = number
            self.authorID = authorID
            self.createdAt = createdAt
            self.content = content
        }

        enum CodingKeys: String, CodingKey {
            case id, number, content
            case storyID = "story_id"
            case authorID = "author_id"
            case createdAt = "created_at"
        }
    }
}
