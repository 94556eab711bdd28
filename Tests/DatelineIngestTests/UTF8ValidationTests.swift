import Testing

@testable import DatelineIngest

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    @Test(
        arguments: [
            ([UInt8](), nil),
            (Array("plain ASCII".utf8), nil),
            (Array("Beşiktaş — “quoted” 𝄞".utf8), nil),
            ([0x80], 0),
            (Array("ab".utf8) + [0xFF], 2),
            ([0xC0, 0x80], 0),
            ([0xE0, 0x80, 0x80], 0),
            ([0xED, 0xA0, 0x80], 0),
            ([0xF4, 0x90, 0x80, 0x80], 0),
            (Array("ok".utf8) + [0xE2, 0x82], 2),
            (Array("x".utf8) + [0xE2, 0x28, 0xA1], 1),
        ] as [([UInt8], Int?)])
    func findsTheFirstBadByte(bytes: [UInt8], expected: Int?) {
        #expect(UTF8Validation.firstInvalidOffset(in: bytes) == expected)
    }
}
