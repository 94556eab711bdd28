import DatelineCore
import Foundation

/// An invitation to join the newsroom, sent by e-mail as a one-time link; the store keeps only
/// the SHA-256 digest of the link's secret.
public struct Invitation: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// The invited address, normalised as account addresses are.
    public var email: String
    /// The name the account will get.
    public var name: String
    /// The role the account will get.
    public var role: Role
    /// The admin who sent it; nil once that account is removed.
    public var invitedBy: Int64?
    /// When it was last sent.
    public var sentAt: Date
    /// When its link stops working.
    public var expiresAt: Date
    /// When the invitee used it.
    public var acceptedAt: Date?
    /// When an admin withdrew it.
    public var revokedAt: Date?

    public init(
        id: Int64, email: String, name: String, role: Role, invitedBy: Int64?, sentAt: Date, expiresAt: Date,
        acceptedAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.invitedBy = invitedBy
        self.sentAt = sentAt
        self.expiresAt = expiresAt
        self.acceptedAt = acceptedAt
        self.revokedAt = revokedAt
    }

    /// What the invitation is at `now`.
    public func state(at now: Date) -> State {
        if acceptedAt != nil { return .accepted }
        if revokedAt != nil { return .revoked }
        return now < expiresAt ? .pending : .expired
    }

    /// Where an invitation stands.
    public enum State: Sendable, Hashable {
        /// Its link works.
        case pending
        /// Its link has run out; an admin can send it again.
        case expired
        /// The invitee has made their account with it.
        case accepted
        /// An admin withdrew it.
        case revoked
    }
}

/// What using an invitation link came to.
public enum InvitationAcceptance: Sendable, Hashable {
    /// The new account, made with the invitation's name, address and role.
    case accepted(User)
    /// The link is unknown (nil) or the invitation is no longer pending.
    case unusable(Invitation.State?)
    /// An account with the invited address exists already.
    case accountExists
}
