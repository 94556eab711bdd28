import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238): HMAC-SHA1 over the count of 30-second steps since
/// 1970, truncated as HOTP does (RFC 4226) to six digits. Authenticator apps use exactly this.
struct TOTP: Sendable {
    /// Seconds per step.
    static let step: Int64 = 30
    /// Digits in a code.
    static let digits = 6
    /// Steps either side of now that are also accepted, for clocks that drift.
    static let window: Int64 = 1

    /// The shared secret (20 random bytes for new ones).
    let secret: [UInt8]

    /// A fresh 160-bit secret, as RFC 4226 recommends.
    static func random() -> TOTP {
        TOTP(secret: SymmetricKey(size: .init(bitCount: 160)).withUnsafeBytes { Array($0) })
    }

    /// The step `date` falls in.
    static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(step)).rounded(.down))
    }

    /// The code for one step, with `digits` digits (RFC 6238's test vectors use eight).
    func code(forStep counter: Int64, digits: Int = TOTP.digits) -> String {
        var bigEndian = UInt64(bitPattern: counter).bigEndian
        let message = withUnsafeBytes(of: &bigEndian) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The code at `date`.
    func code(at date: Date, digits: Int = TOTP.digits) -> String {
        code(forStep: Self.step(at: date), digits: digits)
    }

    /// The step whose code `typed` is, within ``window`` steps of `date`; nil when none matches.
    /// Spaces are ignored; the comparison does not stop early on a mismatch.
    func matchingStep(for typed: String, at date: Date) -> Int64? {
        let digitsOnly = typed.filter { !$0.isWhitespace }
        guard digitsOnly.count == Self.digits, digitsOnly.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        let now = Self.step(at: date)
        var found: Int64?
        for counter in (now - Self.window)...(now + Self.window) {
            let expected = Array(code(forStep: counter).utf8)
            var difference: UInt8 = 0
            for (a, b) in zip(expected, Array(digitsOnly.utf8)) { difference |= a ^ b }
            if difference == 0, found == nil { found = counter }
        }
        return found
    }

    /// The secret in base32, as people type it into an app.
    var base32Secret: String { Base32.encode(secret) }

    /// The `otpauth://` URI authenticator apps read (often from a QR code).
    func provisioningURI(account: String, issuer: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        let label = encode(issuer) + ":" + encode(account)
        return
            "otpauth://totp/\(label)?secret=\(base32Secret)&issuer=\(encode(issuer))&algorithm=SHA1&digits=6&period=30"
    }
}

/// RFC 4648 base32 without padding, the alphabet authenticator apps use for secrets.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of base32 text (any case, spaces and padding ignored); nil for other characters.
    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: " ") && character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
