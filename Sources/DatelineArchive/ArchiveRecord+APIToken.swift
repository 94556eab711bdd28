extension ArchiveRecord {
    /// An API token as stored: the digest of its secret, never the secret.
    public struct APIToken: Sendable, Hashable, Codable {
        public var id: Int64
        public var userID: Int64
        public var name: String
        public var digest: String
        public var prefix: String
        public var createdAt: ArchiveTime
        public var lastUsedAt: ArchiveTime?
        public var revokedAt: ArchiveTime?

        public init(
            id: Int64, userID: Int64, name: String, digest: String, prefix: String, createdAt: ArchiveTime,
            lastUsedAt: ArchiveTime?, revokedAt: ArchiveTime?
        ) {
            self.id = id
            self.userID = userID
            self.name = name
            self.digest = digest
            self.prefix = prefix
            self.createdAt = createdAt
            self.lastUsedAt = lastUsedAt
            self.revokedAt = revokedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, name, digest, prefix
            case userID = "user_id"
            case createdAt = "created_at"
            case lastUsedAt = "last_used_at"
            case revokedAt = "revoked_at"
        }
    }
}
