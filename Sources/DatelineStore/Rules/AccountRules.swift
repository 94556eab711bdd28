import Crypto
import DatelineCore
import Foundation

/// Rules for accounts that every backend applies the same way.
public enum AccountRules {
    /// How long a password-reset link works.
    public static let passwordResetLifetime: TimeInterval = 3_600
    /// How long an invitation link works.
    public static let invitationLifetime: TimeInterval = 7 * 86_400

    /// The refusal when an account has the address already.
    static let accountExists = "an account with this address exists"
    /// The refusal when an open invitation has the address already.
    static let alreadyInvited = "this address has an open invitation; send that one again instead"

    /// A store refusal naming one field.
    static func refusal(_ field: String, _ message: String) -> StoreError {
        .invalid(StoryValidationError(problems: [.init(field: field, message: message)]))
    }

    /// What a reset link remembers of the password it was issued against: a digest of the
    /// account's password hash, so a changed password voids the link without the link table
    /// holding the hash itself.
    static func passwordFingerprint(_ passwordHash: String) -> String {
        SHA256.hash(data: Data(passwordHash.utf8)).lowercaseHex
    }
}
