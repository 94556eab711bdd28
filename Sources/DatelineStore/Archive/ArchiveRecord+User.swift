extension ArchiveRecord {
    /// An account with its bcrypt password hash.
    public struct User: Sendable, Hashable, Codable {
        public var id: Int64
        public var email: String
        public var name: String
        public var role: String
        public var passwordHash: String
        public var createdAt: ArchiveTime

        public init(id: Int64, email: String, name: String, role: String, passwordHash: String, createdAt: ArchiveTime)
        {
            self.id = id
            self.email = email
            self.name = name
            self.role = role
            self.passwordHash = passwordHash
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, email, name, role
            case passwordHash = "password_hash"
            case createdAt = "created_at"
        }
    }
}
