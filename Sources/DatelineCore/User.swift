import Foundation

/// A newsroom account: who someone is, what they may do, and whether they may still sign in.
public struct User: Hashable, Sendable, Codable, Identifiable {
    /// The store's key for the account.
    public var id: Int64
    /// The sign-in address, lower-cased; unique among accounts.
    public var email: String
    /// The name shown in the newsroom ("Jane Arden").
    public var name: String
    /// What the account may do.
    public var role: Role
    /// When the account was made.
    public var createdAt: Date
    /// When an admin turned the account off; nil while it may sign in.
    public var deactivatedAt: Date?

    /// Makes an account value; stores build these, callers read them.
    public init(id: Int64, email: String, name: String, role: Role, createdAt: Date, deactivatedAt: Date? = nil) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.deactivatedAt = deactivatedAt
    }

    /// True while the account may sign in and its sessions and API tokens work.
    public var isActive: Bool { deactivatedAt == nil }

    /// An address in the form accounts are kept and looked up by: trimmed and lower-cased.
    public static func normalizedEmail(_ text: String) -> String {
        text.trimmingWhitespace().lowercased()
    }

    /// True when `text` looks enough like an e-mail address to be a sign-in name.
    public static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.count <= 254 else { return false }
        return !text.contains(where: { $0.isWhitespace || $0.isNewline })
    }
}
