import Foundation

/// Substring search on UTF-8 bytes, many times faster than `String.contains` for the extractor's
/// many small look-ups.
enum ByteSearch {
    /// True when `haystack` contains `needle`, byte for byte.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin in find(pin, in: hay, foldingCase: false) }
        }
    }

    /// True when `haystack`, with ASCII letters lower-cased, contains the lower-case ASCII `needle`.
    static func containsIgnoringASCIICase(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin in find(pin, in: hay, foldingCase: true) }
        }
    }

    /// True when `haystack`, with ASCII letters lower-cased, contains any of the lower-case ASCII
    /// `needles`: the haystack is lowered once and each needle found with the C library's `memchr`
    /// and `memcmp`, much faster than folding every byte again for each needle.
    static func containsAnyIgnoringASCIICase(_ haystack: String, _ needles: [StaticString]) -> Bool {
        var haystack = haystack
        return haystack.withUTF8 { hay in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(hay.count, 1)) { lowered in
                for (offset, byte) in hay.enumerated() { lowered[offset] = fold(byte, true) }
                guard let base = lowered.baseAddress else { return false }
                return needles.contains { needle in
                    occurs(needle, in: UnsafeRawPointer(base), count: hay.count)
                }
            }
        }
    }

    /// True when the bytes of `needle` occur in the `count` bytes at `base`.
    private static func occurs(_ needle: StaticString, in base: UnsafeRawPointer, count: Int) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard length > 0 else { return true }
        let first = Int32(needle.utf8Start[0])
        var offset = 0
        while count - offset >= length {
            guard let hit = memchr(base + offset, first, count - offset - length + 1) else { return false }
            let position = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(hit, needle.utf8Start, length) == 0 { return true }
            offset = position + 1
        }
        return false
    }

    private static func find(
        _ pin: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>, foldingCase: Bool
    ) -> Bool {
        guard let first = pin.first else { return true }
        guard hay.count >= pin.count else { return false }
        let last = hay.count - pin.count
        var start = 0
        while start <= last {
            if fold(hay[start], foldingCase) == first {
                var matched = 1
                while matched < pin.count, fold(hay[start + matched], foldingCase) == pin[matched] { matched += 1 }
                if matched == pin.count { return true }
            }
            start += 1
        }
        return false
    }

    @inline(__always)
    private static func fold(_ byte: UInt8, _ foldingCase: Bool) -> UInt8 {
        foldingCase && (0x41...0x5A).contains(byte) ? byte + 32 : byte
    }
}
