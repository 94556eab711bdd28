import Foundation

/// One person to add to a list, who consented elsewhere (a sign-up sheet, another mailing tool).
public struct NewsletterImportEntry: Sendable, Hashable {
    /// The address, trimmed and lower case.
    public var email: String
    /// When they subscribed; nil for now.
    public var subscribedAt: Date?

    public init(email: String, subscribedAt: Date? = nil) {
        self.email = email
        self.subscribedAt = subscribedAt
    }
}

/// What one import did.
public struct NewsletterImportTally: Sendable, Hashable {
    /// Put on the list.
    public var added = 0
    /// On the list already (or a second time in the same import).
    public var alreadySubscribed = 0
    /// On the suppression list, so not added.
    public var suppressed = 0

    public init(added: Int = 0, alreadySubscribed: Int = 0, suppressed: Int = 0) {
        self.added = added
        self.alreadySubscribed = alreadySubscribed
        self.suppressed = suppressed
    }

    /// Both tallies together.
    public static func + (left: Self, right: Self) -> Self {
        Self(
            added: left.added + right.added, alreadySubscribed: left.alreadySubscribed + right.alreadySubscribed,
            suppressed: left.suppressed + right.suppressed)
    }
}
