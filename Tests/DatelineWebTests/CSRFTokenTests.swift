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
}
