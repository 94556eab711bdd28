import Crypto
import Foundation

/// The secret of an admin-API token: `dl_` and 32 random bytes in base64url. The store keeps only
/// its SHA-256 digest, so the secret is shown once, when it is made, and never again.
public struct APITokenSecret: Sendable, Hashable {
    /// The whole secret, as the client sends it after `Bearer `.
    public let value: String

    /// Every secret starts with this, so leaked tokens are easy to recognise in logs and scanners.
    public static let marker = "dl_"
    /// How many leading characters lists show.
    public static let prefixLength = 8

    /// A fresh secret.
    public static func random() -> APITokenSecret {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return APITokenSecret(trusted: marker + SessionToken.base64URL(bytes))
    }

    /// A secret as a client presented it; nil when it cannot be one of ours (so no store lookup).
    public init?(presented text: String) {
        let body = text.dropFirst(Self.marker.count)
        guard text.hasPrefix(Self.marker), body.count == 43,
            body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        value = text
    }

    private init(trusted: String) { value = trusted }

    /// What the store keeps: the SHA-256 of the secret, in lowercase hex.
    public var digest: String { SessionToken.hexDigest(value) }

    /// The leading characters lists show, enough to tell tokens apart and nothing to guess from.
    public var prefix: String { String(value.prefix(Self.prefixLength)) }
}
