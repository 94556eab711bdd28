import DatelineCore
import Foundation

/// How the newsroom signs people in and keeps them signed in; part of ``WebConfiguration``.
public struct NewsroomConfiguration: Sendable {
    /// The bcrypt work factor for new password hashes: 12 in production; tests use 4 (bcrypt's minimum).
    public var bcryptCost: UInt8
    /// A session ends after this long without a request.
    public var sessionIdleLimit: TimeInterval
    /// A session ends this long after sign-in, however busy.
    public var sessionAbsoluteLimit: TimeInterval
    /// Failed sign-ins naming one account, within ``failureWindow``, before it is refused.
    public var accountFailureLimit: Int
    /// Failed sign-ins from one client address, within ``failureWindow``, before it is refused.
    public var addressFailureLimit: Int
    /// How far back failed sign-ins count.
    public var failureWindow: TimeInterval
    /// True behind a reverse proxy that sets `X-Forwarded-For`; then its last entry is the client.
    /// Leave false otherwise, or anyone could pick the address they are throttled under.
    public var trustsForwardedFor: Bool
    /// The time now; tests replace it to move through expiry and throttling windows.
    public var now: @Sendable () -> Date
    /// Accounts with this role or a higher one must turn on two-factor sign-in before they can
    /// use the newsroom; nil requires it of nobody.
    public var twoFactorRequiredFrom: Role? = nil
    /// The key TOTP secrets are sealed with (AES-GCM) before they reach the database; nil keeps
    /// them unsealed, so anyone who can read the database can read them.
    public var twoFactorKey: TwoFactorKey? = nil

    /// Makes a configuration; the defaults suit production.
    public init(
        bcryptCost: UInt8 = 12, sessionIdleLimit: TimeInterval = 2 * 3_600,
        sessionAbsoluteLimit: TimeInterval = 12 * 3_600,
        accountFailureLimit: Int = 5, addressFailureLimit: Int = 20, failureWindow: TimeInterval = 15 * 60,
        trustsForwardedFor: Bool = false, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.bcryptCost = bcryptCost
        self.sessionIdleLimit = sessionIdleLimit
        self.sessionAbsoluteLimit = sessionAbsoluteLimit
        self.accountFailureLimit = accountFailureLimit
        self.addressFailureLimit = addressFailureLimit
        self.failureWindow = failureWindow
        self.trustsForwardedFor = trustsForwardedFor
        self.now = now
    }
}
