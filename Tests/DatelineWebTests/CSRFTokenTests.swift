import Foundation
import Testing

@testable import DatelineWeb

@Suite("Form tokens")
struct CSRFTokenTests {
    @Test("random tokens are well-formed and differ")
    func random() {
        let tokens = (0..<20).map { _ in CSRFToken.random() }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens { #expect(CSRFToken(validating: token.value) == token) }
    }

    @Test("matching needs the exact value")
    func matching() {
        let token = CSRFToken.random()
        #expect(token.matches(token.value))
        #expect(!token.matches(""))
        #expect(!token.matches(String(token.value.dropLast())))
        #expect(!token.matches(token.value + "x"))
        #expect(!token.matches(String(token.value.reversed())) || String(token.value.reversed()) == token.value)
    }

    @Test(
        "malformed token text is refused",
        arguments: [
            "", "short", String(repeating: "a", count: 42),
            String(repeating: "a", count: 44), String(repeating: "a", count: 42) + "=",
            String(repeating: "é", count: 43),
        ])
    func malformed(text: String) {
        #expect(CSRFToken(validating: text) == nil)
    }

    @Test("the URL-safe Base64 agrees with Foundation's for every length and byte")
    func base64URL() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            let data = Data((0..<length).map { index in length == 40 ? UInt8(index * 6 + 3) : generator.next() })
            let expected = data.base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(CSRFToken.base64URL(data) == expected, "length \(length)")
        }
        // Every byte value, in every position of a three-byte group.
        for shift in 0..<3 {
            let all = Data((shift..<(256 + shift)).map { UInt8(truncatingIfNeeded: $0) })
            let expected = all.base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(CSRFToken.base64URL(all) == expected)
        }
    }
}
