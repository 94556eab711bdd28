import DatelineCore
import Foundation

/// Managing accounts beyond creating them: turning an account off and on again, one-time
/// password-reset links, invitations by e-mail, and two-factor sign-in.
///
/// Link secrets never reach the store: it keeps the SHA-256 digest the caller computes, and
/// judges expiry and single use itself, in the transaction that uses the link, so two instances
/// cannot both use one link.
public protocol AccountStore: NewsroomStore {
    // MARK: Deactivation

    /// Turns an account off at `time` (ending its sessions at once) or back on.
    ///
    /// Refuses, changing nothing, to turn off the last active admin.
    func setActive(_ active: Bool, userID: Int64, at time: Date) async throws(StoreError) -> AccountActivation

    // MARK: Password reset

    /// Stores a reset link for an active account, valid for ``AccountRules/passwordResetLifetime``
    /// from `time` and only while the account's password stays what it is now.
    ///
    /// Returns false, storing nothing, when there is no such active account.
    @discardableResult
    func createPasswordReset(digest: String, userID: Int64, at time: Date) async throws(StoreError) -> Bool

    /// The active account a reset link is for, when the link is unused, unexpired at `now` and
    /// was issued against the account's current password; nil otherwise.
    func passwordResetUser(digest: String, now: Date) async throws(StoreError) -> User?

    /// Uses a reset link: in one transaction checks it as ``passwordResetUser(digest:now:)`` does,
    /// marks it used, replaces the password hash, ends every session of the account and voids
    /// its other reset links. Returns nil, changing nothing, when the link is not usable.
    func completePasswordReset(digest: String, passwordHash: String, now: Date) async throws(StoreError) -> User?

    // MARK: Invitations

    /// Stores an invitation whose link (by `digest`) works for ``AccountRules/invitationLifetime``
    /// from `time`. Throws ``StoreError/invalid(_:)`` naming the field when the address or name is
    /// malformed, an account has the address, or an invitation to it is still open.
    func createInvitation(
        email: String, name: String, role: Role, invitedBy: Int64, digest: String, at time: Date
    ) async throws(StoreError) -> Invitation

    /// Invitations neither accepted nor withdrawn (expired ones included), newest first.
    func openInvitations() async throws(StoreError) -> [Invitation]

    /// The invitation a link is for, in whatever state.
    func invitation(digest: String) async throws(StoreError) -> Invitation?

    /// Gives an open invitation a new link (`digest`) valid for the full lifetime from `time`; the
    /// old link stops working. Nil when there is no such open invitation.
    func renewInvitation(id: Int64, digest: String, at time: Date) async throws(StoreError) -> Invitation?

    /// Withdraws an open invitation; false when there is no such open invitation.
    @discardableResult
    func revokeInvitation(id: Int64, at time: Date) async throws(StoreError) -> Bool

    /// Uses an invitation link: in one transaction checks it is pending at `now`, makes the
    /// account with the invitation's address, name and role, and marks it accepted.
    func acceptInvitation(digest: String, passwordHash: String, now: Date) async throws(StoreError)
        -> InvitationAcceptance

    // MARK: Two-factor sign-in

    /// The account's TOTP set-up, confirmed or not; nil when it has none.
    func twoFactor(userID: Int64) async throws(StoreError) -> TwoFactorSetup?

    /// Keeps a new, unconfirmed TOTP secret (sealed by the caller) for the account, replacing an
    /// unconfirmed one; false, changing nothing, when two-factor sign-in is already on.
    @discardableResult
    func startTwoFactorSetup(userID: Int64, sealedSecret: String) async throws(StoreError) -> Bool

    /// Turns two-factor sign-in on once the person has typed a code from `step`, recording that
    /// step as used and replacing the account's recovery codes with these digests; false when
    /// there is no unconfirmed set-up.
    func enableTwoFactor(userID: Int64, step: Int64, recoveryCodeDigests: [String], at time: Date)
        async throws(StoreError) -> Bool

    /// Turns two-factor sign-in off and forgets the secret and recovery codes.
    func disableTwoFactor(userID: Int64) async throws(StoreError)

    /// Records that a code from `step` was used, when no code from that step or a later one has
    /// been; false otherwise, so a code cannot be replayed within its window.
    func useTwoFactorStep(_ step: Int64, userID: Int64) async throws(StoreError) -> Bool

    /// Uses up one unused recovery code of the account; false when there is no such code.
    func useRecoveryCode(digest: String, userID: Int64, at time: Date) async throws(StoreError) -> Bool

    /// How many recovery codes the account has left.
    func unusedRecoveryCodes(userID: Int64) async throws(StoreError) -> Int

    /// Stores the half-signed-in state between a right password and a code, by the digest of
    /// its cookie token.
    func createSignInChallenge(digest: String, userID: Int64, expiresAt: Date) async throws(StoreError)

    /// The active account a half-signed-in token belongs to, while it has not expired.
    func signInChallengeUser(digest: String, now: Date) async throws(StoreError) -> User?

    /// Ends a half-signed-in state (after the code, or on giving up), and any that have expired.
    func deleteSignInChallenge(digest: String, now: Date) async throws(StoreError)
}

/// An account's TOTP secret as the store keeps it.
public struct TwoFactorSetup: Sendable, Hashable {
    /// The secret, sealed by the caller (the store never sees it in the clear when a key is set).
    public var sealedSecret: String
    /// When the person confirmed it with a code; nil while set-up is unfinished.
    public var enabledAt: Date?
    /// The latest step whose code was used.
    public var lastUsedStep: Int64?

    public init(sealedSecret: String, enabledAt: Date?, lastUsedStep: Int64?) {
        self.sealedSecret = sealedSecret
        self.enabledAt = enabledAt
        self.lastUsedStep = lastUsedStep
    }

    /// True once confirmed: sign-in then asks for a code.
    public var isEnabled: Bool { enabledAt != nil }
}

/// What asking to turn an account off or on came to.
public enum AccountActivation: Sendable, Hashable {
    /// The account as it is now.
    case changed(User)
    /// There is no account with that key.
    case unknownAccount
    /// It is the only active admin; turning it off would lock everyone out of account management.
    case lastActiveAdmin
}
