import DatelineCore
import Foundation
import Testing

@Suite("Bytes as text: hexadecimal, byte search")
struct BytesTextTests {
    @Test("every byte value is two lower-case digits, as %02x writes it")
    func everyByte() {
        let bytes = (0...255).map { UInt8($0) }
        let expected = bytes.map { String(format: "%02x", $0) }.joined()
        #expect(bytes.lowercaseHex == expected)
        #expect([UInt8]().lowercaseHex.isEmpty)
        #expect([0x0A, 0xFF, 0x00].lowercaseHex == "0aff00")
    }

    @Test("a byte search finds what a plain search finds")
    func containsBytes() {
        let text = "See ![the harbour](media:12 \"At dawn\") and café"
        for needle in ["media:", "See", "café", "dawn\")", "e", "media:13", "harbour)", "x"] {
            #expect(text.containsBytes(needle) == text.contains(needle), "\(needle)")
        }
        #expect(!"".containsBytes("a"))
        #expect("".containsBytes(""))
        #expect("aaab".containsBytes("aab"))
        #expect(!"media".containsBytes("media:"))
    }
}
