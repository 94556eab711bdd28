/// Finds the first byte that breaks UTF-8, so an error can point at it instead of saying
/// "not UTF-8" about a whole file.
enum UTF8Validation {
    /// The offset of the first byte of the first ill-formed sequence at or after `start`, or nil
    /// when the bytes are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
    static func firstInvalidOffset(in bytes: [UInt8], from start: Int = 0) -> Int? {
        let count = bytes.count
        var index = start
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The allowed range of the second byte depends on the lead byte (RFC 3629, table 3-7).
            let length: Int
            var secondLow: UInt8 = 0x80
            var secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                secondHigh = 0x9F
            case 0xF0:
                length = 4
                secondLow = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                secondHigh = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            guard (secondLow...secondHigh).contains(bytes[index + 1]) else { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
