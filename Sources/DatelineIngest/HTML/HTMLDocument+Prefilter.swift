import Foundation

extension HTMLDocument {
    /// Cuts out of a page, before libxml2 reads it, what the tree would drop anyway: comments and
    /// `<script>` and `<style>` elements (JSON-LD scripts are kept). They are a fifth to a quarter of
    /// a typical page's bytes, and libxml2 reads every one of them a character at a time.
    ///
    /// The scan follows the document as libxml2's HTML parser does: a comment runs from `<!--` to
    /// the first `-->` after it; a start tag's attribute values may be quoted and hold `<` or `>`;
    /// the text of a script or style runs to the first `</script` or `</style` in any case, and
    /// nothing inside it is markup. Whatever the scan is not sure of — a comment with control
    /// characters or "--!>", a self-closed `<script/>`, an element that never ends — leaves the page as it
    /// is from there on (or, for the first two, the whole page untouched), so the parser sees what
    /// it would have seen.
    enum Prefilter {
        /// `bytes` without comments, scripts (other than JSON-LD) and style sheets; `bytes` itself
        /// when there is nothing to cut or the page is one the scan does not read with certainty.
        static func stripped(_ bytes: [UInt8]) -> [UInt8] {
            bytes.withUnsafeBufferPointer { page in
                guard let base = page.baseAddress else { return bytes }
                var scan = Scan(base: base, count: page.count)
                return scan.run() ?? bytes
            }
        }

        private struct Scan {
            let base: UnsafePointer<UInt8>
            let count: Int
            /// The kept ranges, as (start, end) byte offsets.
            var kept: [(Int, Int)] = []
            /// Where the text not yet copied starts.
            var copyStart = 0

            init(base: UnsafePointer<UInt8>, count: Int) {
                self.base = base
                self.count = count
            }

            /// The filtered page, or nil when nothing was cut or the scan gave up.
            mutating func run() -> [UInt8]? {
                var position = 0
                scanning: while let open = find(UInt8(ascii: "<"), from: position) {
                    position = open + 1
                    if startsWith("<!--", at: open) {
                        guard let close = find("-->", from: open + 4) else { break scanning }
                        // libxml2 stops a comment at a character XML does not allow; then it is not
                        // the comment this scan would cut.
                        for offset in (open + 4)..<close where !Self.isCommentByte(base[offset]) { return nil }
                        // Newer libxml2 also ends a comment at "--!>"; whichever this one does, a
                        // page with one is left whole.
                        if find("--!>", from: open + 4, before: close) != nil { return nil }
                        cut(open, close + 3)
                        position = close + 3
                    } else if open + 1 < count, Self.isNameStart(base[open + 1]) {
                        var nameEnd = open + 1
                        while nameEnd < count, Self.isNameByte(base[nameEnd]) { nameEnd += 1 }
                        guard let tagEnd = endOfTag(from: nameEnd) else { break scanning }
                        position = tagEnd + 1
                        let isScript = matchesIgnoringCase("script", open + 1, nameEnd)
                        guard isScript || matchesIgnoringCase("style", open + 1, nameEnd) else { continue }
                        // `<script src="…"/>` ends at once in libxml2 (unless the slash belongs to an
                        // unquoted value): too fine a point to follow, so the page is left whole.
                        if base[tagEnd - 1] == UInt8(ascii: "/") { return nil }
                        let closing: StaticString = isScript ? "</script" : "</style"
                        guard let close = findIgnoringCase(closing, from: tagEnd + 1),
                            let closeEnd = find(UInt8(ascii: ">"), from: close + closing.utf8CodeUnitCount)
                        else { break scanning }
                        position = closeEnd + 1
                        if isScript, containsIgnoringCase("ld+json", open, tagEnd) { continue }
                        cut(open, closeEnd + 1)
                    }
                }
                guard !kept.isEmpty else { return nil }
                kept.append((copyStart, count))
                var out: [UInt8] = []
                out.reserveCapacity(kept.reduce(0) { $0 + $1.1 - $1.0 })
                for (start, end) in kept where end > start {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                }
                return out
            }

            /// Drops the bytes `start..<end`.
            private mutating func cut(_ start: Int, _ end: Int) {
                kept.append((copyStart, start))
                copyStart = end
            }

            /// The offset of the `>` ending the start tag whose attributes begin at `start`, with
            /// quoted attribute values skipped whole; nil when the tag never ends.
            private func endOfTag(from start: Int) -> Int? {
                var index = start
                while index < count {
                    let byte = base[index]
                    if byte == UInt8(ascii: ">") { return index }
                    if byte == UInt8(ascii: "=") {
                        index += 1
                        while index < count, Self.isBlank(base[index]) { index += 1 }
                        guard index < count else { return nil }
                        let quote = base[index]
                        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                            guard let end = find(quote, from: index + 1) else { return nil }
                            index = end + 1
                        }
                        continue
                    }
                    index += 1
                }
                return nil
            }

            private func find(_ byte: UInt8, from start: Int) -> Int? {
                guard start < count, let hit = memchr(base + start, Int32(byte), count - start) else { return nil }
                return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            }

            /// The first `needle` that starts at or after `start` and ends by `end` (the page's end by default).
            private func find(_ needle: StaticString, from start: Int, before end: Int? = nil) -> Int? {
                let limit = min(end ?? count, count)
                var position = start
                while let hit = find(needle.utf8Start[0], from: position), hit + needle.utf8CodeUnitCount <= limit {
                    if startsWith(needle, at: hit) { return hit }
                    position = hit + 1
                }
                return nil
            }

            /// The first `needle` (lower-case ASCII, starting with `<`) at or after `start`, in any case.
            private func findIgnoringCase(_ needle: StaticString, from start: Int) -> Int? {
                var position = start
                while let hit = find(needle.utf8Start[0], from: position) {
                    if hit + needle.utf8CodeUnitCount <= count, matchesIgnoringCase(needle, hit) { return hit }
                    position = hit + 1
                }
                return nil
            }

            private func startsWith(_ needle: StaticString, at start: Int) -> Bool {
                let length = needle.utf8CodeUnitCount
                guard start + length <= count else { return false }
                return memcmp(base + start, needle.utf8Start, length) == 0
            }

            /// True when the bytes from `start` are `word` (lower-case ASCII) in any case.
            private func matchesIgnoringCase(_ word: StaticString, _ start: Int) -> Bool {
                for offset in 0..<word.utf8CodeUnitCount
                where Self.lowered(base[start + offset]) != word.utf8Start[offset] {
                    return false
                }
                return true
            }

            /// True when the bytes `start..<end` are exactly `word` (lower-case ASCII) in any case.
            private func matchesIgnoringCase(_ word: StaticString, _ start: Int, _ end: Int) -> Bool {
                end - start == word.utf8CodeUnitCount && matchesIgnoringCase(word, start)
            }

            /// True when `needle` (lower-case ASCII) occurs in the bytes `start..<end` in any case.
            private func containsIgnoringCase(_ needle: StaticString, _ start: Int, _ end: Int) -> Bool {
                let length = needle.utf8CodeUnitCount
                var index = start
                while index + length <= end {
                    if matchesIgnoringCase(needle, index) { return true }
                    index += 1
                }
                return false
            }

            private static func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

            /// The bytes libxml2 starts an element name with.
            private static func isNameStart(_ byte: UInt8) -> Bool {
                (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
            }

            /// The bytes libxml2 reads as part of an element name.
            private static func isNameByte(_ byte: UInt8) -> Bool {
                isNameStart(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-")
            }

            private static func isBlank(_ byte: UInt8) -> Bool {
                byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            }

            /// Bytes XML allows in a comment (every UTF-8 byte but the C0 controls other than tab,
            /// line feed and carriage return).
            private static func isCommentByte(_ byte: UInt8) -> Bool { byte >= 0x20 || isBlank(byte) }
        }
    }
}
