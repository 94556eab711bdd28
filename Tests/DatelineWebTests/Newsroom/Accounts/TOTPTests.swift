import Foundation
import Testing

@testable import DatelineWeb

@Suite("TOTP (RFC 6238)")
struct TOTPTests {
    /// RFC 6238 Appendix B, SHA-1 rows: the ASCII secret "12345678901234567890", eight digits.
    @Test(
        "the RFC 6238 Appendix B vectors for HMAC-SHA1",
        arguments: [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ] as [(Int64, String)])
    func rfcVectors(time: Int64, expected: String) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(time)), digits: 8) == expected)
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(time))) == String(expected.suffix(6)))
    }

    @Test("a code matches its own step and one either side, no further, and only in its exact form")
    func window() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = TOTP.step(at: now)
        #expect(totp.matchingStep(for: totp.code(forStep: step), at: now) == step)
        #expect(totp.matchingStep(for: totp.code(forStep: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(for: totp.code(forStep: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(for: totp.code(forStep: step - 2), at: now) == nil)
        #expect(totp.matchingStep(for: totp.code(forStep: step + 2), at: now) == nil)
        let code = totp.code(forStep: step)
        #expect(totp.matchingStep(for: code.prefix(3) + " " + code.dropFirst(3), at: now) == step)
        #expect(totp.matchingStep(for: "12345", at: now) == nil)
        #expect(totp.matchingStep(for: "abcdef", at: now) == nil)
        #expect(totp.matchingStep(for: "١٢٣٤٥٦", at: now) == nil, "only ASCII digits")
    }

    @Test("base32 follows RFC 4648's examples and round-trips a secret")
    func base32() {
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.encode(Array("f".utf8)) == "MY")
        #expect(Base32.decode("mzxw6ytboi") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW 6YTB OI======") == Array("foobar".utf8))
        #expect(Base32.decode("MZ1") == nil)
        let secret = TOTP.random().secret
        #expect(secret.count == 20)
        #expect(Base32.decode(Base32.encode(secret)) == secret)
    }

    @Test("the otpauth URI names the issuer and account and carries the secret")
    func provisioningURI() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let uri = totp.provisioningURI(account: "ann@example.com", issuer: "Daily Planet")
        #expect(
            uri
                == "otpauth://totp/Daily%20Planet:ann@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Daily%20Planet&algorithm=SHA1&digits=6&period=30")
    }
}
