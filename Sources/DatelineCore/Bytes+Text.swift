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

extension String {
    /// True when `needle`'s UTF-8 bytes occur in this string's. A byte search: `contains(_:)` on
    /// strings compares characters one window at a time, which cost a tenth of an import's writer
    /// thread in `StoryImages.mediaIDs`. For an ASCII needle used as a prefilter (a regex or an
    /// exact rule decides after it) the two differ only where a combining mark joins the needle's
    /// last character, which the byte search counts as a match.
    public func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { wanted in
                guard let first = wanted.first else { return true }
                guard hay.count >= wanted.count else { return false }
                var index = 0
                let last = hay.count - wanted.count
                while index <= last {
                    if hay[index] == first {
                        var offset = 1
                        while offset < wanted.count && hay[index + offset] == wanted[offset] { offset += 1 }
                        if offset == wanted.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }
}
