extension ArchiveRecord {
    /// An account with its bcrypt password hash; `deactivated_at` is absent for an active account
    /// (and in archives written before accounts could be turned off).
    public struct User: Sendable, Hashable, Codable {
        public var id: Int64
        public var email: String
        public var name: String
        public var role: String
        public var passwordHash: String
        public var createdAt: ArchiveTime
        public var deactivatedAt: ArchiveTime?

        public init(
            id: Int64, email: String, name: String, role: String, passwordHash: String, createdAt: ArchiveTime,
            deactivatedAt: ArchiveTime? = nil
        ) {
            self.id = id
            self.email = email
            self.name = name
            self.role = role
            self.passwordHash = passwordHash
            self.createdAt = createdAt
            self.deactivatedAt = deactivatedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, email, name, role
            case passwordHash = "password_hash"
            case createdAt = "created_at"
            case deactivatedAt = "deactivated_at"
        }
    }
}
