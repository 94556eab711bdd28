import Crypto
import Foundation

/// The key that seals TOTP secrets before they are stored, so a copy of the database alone does
/// not give them away. Made from any passphrase (its SHA-256 is the AES-256 key); every server
/// sharing a database needs the same one.
public struct TwoFactorKey: Sendable {
    private let bytes: [UInt8]

    /// A key from the configured text; nil when the text is empty.
    public init?(passphrase: String) {
        let trimmed = passphrase.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        bytes = Array(SHA256.hash(data: Data(trimmed.utf8)))
    }

    /// The AES-256 key.
    var key: SymmetricKey { SymmetricKey(data: bytes) }
}

/// Seals and opens TOTP secrets for the store: `aesgcm:<base64>` with a key, `plain:<base32>`
/// without one (and the README says what that means).
struct TwoFactorSecretSealer: Sendable {
    let key: TwoFactorKey?

    func seal(_ secret: [UInt8], userID: Int64) throws -> String {
        guard let key else { return "plain:" + Base32.encode(secret) }
        // The account's key is bound in, so a sealed secret copied to another account does not open.
        let box = try AES.GCM.seal(secret, using: key.key, authenticating: Self.context(userID))
        guard let combined = box.combined else { throw NewsroomError.badRequest("The secret could not be sealed.") }
        return "aesgcm:" + combined.base64EncodedString()
    }

    /// The secret, or nil when it was sealed with another key (or the key is missing).
    func open(_ sealed: String, userID: Int64) -> [UInt8]? {
        if sealed.hasPrefix("plain:") { return Base32.decode(String(sealed.dropFirst("plain:".count))) }
        guard let key, sealed.hasPrefix("aesgcm:"),
            let data = Data(base64Encoded: String(sealed.dropFirst("aesgcm:".count))),
            let box = try? AES.GCM.SealedBox(combined: data),
            let secret = try? AES.GCM.open(box, using: key.key, authenticating: Self.context(userID))
        else { return nil }
        return Array(secret)
    }

    private static func context(_ userID: Int64) -> Data { Data("dateline-totp-\(userID)".utf8) }
}
