import Crypto
import Foundation

/// The random value behind the double-submit defence against cross-site form posts: it sits in
/// an HttpOnly cookie and in a hidden field of every form, and a post counts only when both agree.
struct CSRFToken: Hashable, Sendable {
    /// The token text: 32 random bytes in URL-safe Base64 without padding (43 characters).
    let value: String

    /// A fresh token from the system's secure random source.
    static func random() -> CSRFToken {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        return CSRFToken(trusted: Self.base64URL(bytes))
    }

    /// Accepts a token read back from a cookie or form only when it has the exact shape this
    /// type produces, so junk never reaches the comparison or the page.
    init?(validating text: String) {
        guard text.utf8.count == 43, text.utf8.allSatisfy(Self.isTokenByte) else { return nil }
        value = text
    }

    private init(trusted: String) { value = trusted }

    /// Compares two tokens in time that does not depend on where they differ, so an attacker
    /// cannot learn the cookie's value byte by byte from response timing.
    func matches(_ other: String) -> Bool {
        let mine = Array(value.utf8)
        let theirs = Array(other.utf8)
        guard mine.count == theirs.count else { return false }
        var difference: UInt8 = 0
        for index in mine.indices { difference |= mine[index] ^ theirs[index] }
        return difference == 0
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }

    private static let base64URLAlphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// URL-safe Base64 without padding, written directly: this runs for every request, and
    /// going through Foundation's Base64 and three string replacements cost a tenth of a
    /// cached page's time.
    static func base64URL(_ data: Data) -> String {
        let alphabet = base64URLAlphabet
        var output: [UInt8] = []
        output.reserveCapacity((data.count * 4 + 2) / 3)
        var index = data.startIndex
        while index < data.endIndex {
            let remaining = data.endIndex - index
            let first = data[index]
            let second = remaining > 1 ? data[index + 1] : 0
            let third = remaining > 2 ? data[index + 2] : 0
            output.append(alphabet[Int(first >> 2)])
            output.append(alphabet[Int((first & 0x03) << 4 | second >> 4)])
            if remaining > 1 { output.append(alphabet[Int((second & 0x0F) << 2 | third >> 6)]) }
            if remaining > 2 { output.append(alphabet[Int(third & 0x3F)]) }
            index += min(3, remaining)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
