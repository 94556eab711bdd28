import Foundation

/// One person as a list's administrators see them: where they stand on that list and whether
/// their address may be mailed at all.
public struct NewsletterMember: Sendable, Hashable {
    /// The address as stored: trimmed, lower case.
    public var email: String
    public var status: NewsletterMemberStatus
    /// Why the address is never mailed, when it is on the suppression list.
    public var suppression: SuppressionReason?
    /// When they joined this list (for a pending person: when they asked).
    public var subscribedAt: Date
    public var confirmedAt: Date?
    /// When they left this list, for someone who did and has not come back.
    public var leftAt: Date?

    public init(
        email: String, status: NewsletterMemberStatus, suppression: SuppressionReason?, subscribedAt: Date,
        confirmedAt: Date?, leftAt: Date? = nil
    ) {
        self.email = email
        self.status = status
        self.suppression = suppression
        self.subscribedAt = subscribedAt
        self.confirmedAt = confirmedAt
        self.leftAt = leftAt
    }
}

/// Where a person stands on one list.
public enum NewsletterMemberStatus: String, Sendable, Hashable, CaseIterable {
    /// Asked for the list and has not opened the confirmation link.
    case pending
    /// Gets the list.
    case confirmed
    /// On the list, but has paused all mail.
    case paused
    /// Left this list (by the preference page, one-click unsubscribe, a suppression or an
    /// administrator) and has not come back.
    case unsubscribed
}

/// An address on the suppression list.
public struct NewsletterSuppression: Sendable, Hashable {
    public var email: String
    public var reason: SuppressionReason
    public var createdAt: Date

    public init(email: String, reason: SuppressionReason, createdAt: Date) {
        self.email = email
        self.reason = reason
        self.createdAt = createdAt
    }
}
