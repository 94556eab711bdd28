import Foundation

/// A bearer token for the admin API, as stored: never the secret itself, only its digest.
public struct APIToken: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The account the token acts for.
    public var userID: Int64
    /// What its owner called it ("CMS sync").
    public var name: String
    /// The first characters of the secret, shown in lists.
    public var prefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: Int64, userID: Int64, name: String, prefix: String, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// Whether the token still authenticates.
    public var isLive: Bool { revokedAt == nil }

    /// The longest token name accepted.
    public static let nameLength = 100
}
