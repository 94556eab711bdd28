import Foundation
import Testing

@testable import DatelineMail

@Suite struct EncodedWordTests {
    @Test(arguments: [
        "é", "Zoë", String(repeating: "日本", count: 40), "👩‍👩‍👧‍👦 family " + String(repeating: "🇽🇰", count: 20), "",
    ])
    func wordsDecodeBackToTheTextAndStayShort(_ text: String) {
        let words = EncodedWord.encode(text)
        #expect(!words.isEmpty)
        var bytes: [UInt8] = []
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?="))
            let payload = String(word.dropFirst(10).dropLast(2))
            let decoded = Data(base64Encoded: payload)
            #expect(decoded != nil)
            // Each word must be valid UTF-8 on its own (no character split across words).
            #expect(String(validating: decoded ?? Data(), as: UTF8.self) != nil)
            bytes += decoded ?? Data()
        }
        #expect(String(decoding: bytes, as: UTF8.self) == text)
    }
}
