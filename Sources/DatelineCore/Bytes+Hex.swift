extension Sequence where Element == UInt8 {
    /// The bytes as lower-case hexadecimal, two digits each ("0a1f…"): digests in ETags, tokens
    /// and asset names. Written out because `String(format: "%02x")` per byte cost 3% of a
    /// rendered story page.
    public var lowercaseHex: String {
        let digits: StaticString = "0123456789abcdef"
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        digits.withUTF8Buffer { table in
            for byte in self {
                out.append(table[Int(byte >> 4)])
                out.append(table[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
