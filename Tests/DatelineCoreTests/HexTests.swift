import DatelineCore
import Foundation
import Testing

@Suite("Bytes as hexadecimal")
struct HexTests {
    @Test("every byte value is two lower-case digits, as %02x writes it")
    func everyByte() {
        let bytes = (0...255).map { UInt8($0) }
        let expected = bytes.map { String(format: "%02x", $0) }.joined()
        #expect(bytes.lowercaseHex == expected)
        #expect([UInt8]().lowercaseHex.isEmpty)
        #expect([0x0A, 0xFF, 0x00].lowercaseHex == "0aff00")
    }
}
