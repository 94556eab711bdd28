import Crypto
import DatelineCore
import Foundation

/// The secret in a newsroom browser's session cookie: 256 random bits. The store keeps only its
/// SHA-256 digest, so a leaked database does not sign anyone in; forms carry a token derived
/// from it, so a form from one session is worthless in another.
struct SessionToken: Hashable, Sendable {
    /// The token as the cookie holds it: URL-safe Base64 without padding (43 characters).
    let value: String

    /// A fresh token from the system's secure random source.
    static func random() -> SessionToken {
        SessionToken(trusted: base64URL(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }))
    }

    /// Accepts cookie text only in the exact shape ``random()`` makes.
    init?(validating text: String) {
        guard let token = CSRFToken(validating: text) else { return nil }
        value = token.value
    }

    private init(trusted: String) { value = trusted }

    /// Hex SHA-256 of the token: the session's key in the store.
    var digest: String { Self.hexDigest(value) }

    /// The form token bound to this session: an HMAC of a fixed label under the session secret.
    var formToken: String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data("dateline-newsroom-form".utf8), using: SymmetricKey(data: Data(value.utf8)))
        return Self.base64URL(Data(code))
    }

    /// True when `posted` is this session's form token, compared in constant time.
    func acceptsFormToken(_ posted: String?) -> Bool {
        guard let posted, let expected = CSRFToken(validating: formToken) else { return false }
        return expected.matches(posted)
    }

    /// Hex SHA-256 of any text (used for set-up links too).
    static func hexDigest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).lowercaseHex
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
