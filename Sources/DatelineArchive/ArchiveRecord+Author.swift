extension ArchiveRecord {
    /// An author profile with its former addresses (which redirect to it).
    public struct Author: Sendable, Hashable, Codable {
        public var id: Int64
        public var slug: String
        public var name: String
        public var bio: String?
        public var userID: Int64?
        public var oldSlugs: [String]

        public init(id: Int64, slug: String, name: String, bio: String?, userID: Int64?, oldSlugs: [String]) {
            self.id = id
            self.slug = slug
            self.name = name
            self.bio = bio
            self.userID = userID
            self.oldSlugs = oldSlugs
        }

        enum CodingKeys: String, CodingKey {
            case id, slug, name, bio
            case userID = "user_id"
            case oldSlugs = "old_slugs"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(Int64.self, forKey: .id)
            slug = try container.decode(String.self, forKey: .slug)
            name = try container.decode(String.self, forKey: .name)
            bio = try container.decodeIfPresent(String.self, forKey: .bio)
            userID = try container.decodeIfPresent(Int64.self, forKey: .userID)
            oldSlugs = try container.decodeIfPresent([String].self, forKey: .oldSlugs) ?? []
        }
    }
}
