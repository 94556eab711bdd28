import DatelineText
import Foundation

extension HTMLDocument {
    /// Cuts out of a page, before libxml2 reads it, what the tree would drop anyway: comments,
    /// `<script>` and `<style>` elements (JSON-LD scripts are kept), inline `<svg>` drawings, the
    /// attributes no reader of the tree keeps (``HTMLDocument/keptAttributes``), and all but the
    /// first byte of each run of blanks between tags (every reader folds whitespace). On the
    /// benchmark pages that is half of a modern page's bytes and a third of an older one's, and
    /// libxml2 reads every byte a character at a time.
    ///
    /// The scan follows the document as libxml2's HTML parser does: a comment runs from `<!--` to
    /// the first `-->` after it; a start tag's attributes are a name, then optionally `=` and a
    /// value, quoted (holding `<` or `>` freely) or not; the text of a script or style runs to the
    /// first `</script` or `</style` in any case, and nothing inside it is markup. Whatever the scan
    /// is not sure of — a comment with control characters or "--!>", a self-closed `<script/>`, an
    /// element that never ends — leaves the page as it is from there on (or, for the first two, the
    /// whole page untouched), so the parser sees what it would have seen. Extracted text was
    /// byte-identical with and without the cuts on every development page.
    enum Prefilter {
        /// `bytes` without what the tree would drop (see ``Prefilter``); `bytes` itself when there
        /// is nothing to cut or the page is one the scan does not read with certainty.
        static func stripped(_ bytes: [UInt8]) -> [UInt8] {
            bytes.withUnsafeBufferPointer { page in
                guard let base = page.baseAddress else { return bytes }
                var scan = Scan(base: base, count: page.count)
                return scan.run() ?? bytes
            }
        }

        /// ``HTMLDocument/keptAttributes``, found by their bytes.
        static let keptNames = InternTable(numbering: keptAttributes)

        private struct Scan {
            let base: UnsafePointer<UInt8>
            let count: Int
            /// The page so far, without what was cut; empty until the first cut.
            var out: [UInt8] = []
            /// Where the text not yet copied starts.
            var copyStart = 0
            /// Where the last search for `</svg` started and what it found.
            var lastDrawingEnd: (from: Int, found: Int?)?
            /// The attributes of the start tag being read that are to be cut, as (start, end) offsets.
            var attributeCuts: [(Int, Int)] = []

            init(base: UnsafePointer<UInt8>, count: Int) {
                self.base = base
                self.count = count
            }

            /// The filtered page, or nil when nothing was cut or the scan gave up.
            mutating func run() -> [UInt8]? {
                var position = 0
                scanning: while let open = find(UInt8(ascii: "<"), from: position) {
                    foldBlanks(position, open)
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
                        attributeCuts.removeAll(keepingCapacity: true)
                        guard let tagEnd = endOfTag(from: nameEnd) else { break scanning }
                        position = tagEnd + 1
                        let isScript = matchesIgnoringCase("script", open + 1, nameEnd)
                        if matchesIgnoringCase("svg", open + 1, nameEnd), cutDrawing(open, tagEnd) {
                            position = copyStart
                            continue
                        }
                        guard isScript || matchesIgnoringCase("style", open + 1, nameEnd) else {
                            cutAttributes()
                            continue
                        }
                        // `<script src="…"/>` ends at once in libxml2 (unless the slash belongs to an
                        // unquoted value): too fine a point to follow, so the page is left whole.
                        if base[tagEnd - 1] == UInt8(ascii: "/") { return nil }
                        let closing: StaticString = isScript ? "</script" : "</style"
                        guard let close = findIgnoringCase(closing, from: tagEnd + 1),
                            let closeEnd = find(UInt8(ascii: ">"), from: close + closing.utf8CodeUnitCount)
                        else { break scanning }
                        position = closeEnd + 1
                        if isScript, containsIgnoringCase("ld+json", open, tagEnd) {
                            cutAttributes()
                            continue
                        }
                        cut(open, closeEnd + 1)
                    }
                }
                guard copyStart > 0 || !out.isEmpty else { return nil }
                out.append(contentsOf: UnsafeBufferPointer(start: base + copyStart, count: count - copyStart))
                return out
            }

            /// Drops an inline `<svg>` drawing whose start tag runs from `open` to `tagEnd`, through
            /// its `</svg>`: its shapes are markup libxml2 reads, and the tree drops them. A drawing
            /// that closes itself (`<svg/>`), holds another `<svg>`, or never ends is left alone.
            /// True when it was cut.
            private mutating func cutDrawing(_ open: Int, _ tagEnd: Int) -> Bool {
                guard base[tagEnd - 1] != UInt8(ascii: "/"), let close = drawingEnd(from: tagEnd + 1),
                    let closeEnd = find(UInt8(ascii: ">"), from: close + 5),
                    findIgnoringCase("<svg", from: tagEnd + 1, before: close) == nil
                else { return false }
                cut(open, closeEnd + 1)
                return true
            }

            /// The first `</svg` at or after `start`. The last answer is kept: a page of many drawings
            /// that never close (or close far away) would otherwise be searched to its end once per
            /// drawing.
            private mutating func drawingEnd(from start: Int) -> Int? {
                if let (from, found) = lastDrawingEnd, from <= start, found.map({ $0 >= start }) ?? true {
                    return found
                }
                let found = findIgnoringCase("</svg", from: start)
                lastDrawingEnd = (start, found)
                return found
            }

            /// Drops the attributes of the last start tag read that no reader of the tree keeps.
            private mutating func cutAttributes() {
                for (start, end) in attributeCuts { cut(start, end) }
            }

            /// Shortens each run of ASCII blanks in the text `start..<end` (between tags) to its first
            /// byte: every reader of the tree folds whitespace runs anyway, and indentation is a
            /// tenth of a page's bytes.
            private mutating func foldBlanks(_ start: Int, _ end: Int) {
                var index = start
                while index + 1 < end {
                    guard Self.isBlank(base[index]), Self.isBlank(base[index + 1]) else {
                        index += 1
                        continue
                    }
                    var runEnd = index + 2
                    while runEnd < end, Self.isBlank(base[runEnd]) { runEnd += 1 }
                    cut(index + 1, runEnd)
                    index = runEnd
                }
            }

            /// Drops the bytes `start..<end`.
            private mutating func cut(_ start: Int, _ end: Int) {
                if out.isEmpty { out.reserveCapacity(count) }
                if start > copyStart {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + copyStart, count: start - copyStart))
                }
                copyStart = end
            }

            /// The offset of the `>` ending the start tag whose attributes begin at `start`, read as
            /// libxml2 reads them: a name, then optionally `=` and a value, quoted (to the matching
            /// quote, `<` and `>` included) or not (to a blank or `>`); anything else up to the next
            /// blank is skipped. Attributes no reader keeps (``HTMLDocument/keptAttributes``) are
            /// noted in `attributeCuts`, with all but one of the blanks before them. Nil when the tag
            /// never ends.
            private mutating func endOfTag(from start: Int) -> Int? {
                var index = start
                while index < count {
                    let blankStart = index
                    while index < count, Self.isBlank(base[index]) { index += 1 }
                    guard index < count else { return nil }
                    let byte = base[index]
                    if byte == UInt8(ascii: ">") { return index }
                    if byte == UInt8(ascii: "/"), index + 1 < count, base[index + 1] == UInt8(ascii: ">") {
                        return index + 1
                    }
                    guard Self.isNameStart(byte) else {
                        // Not an attribute: libxml2 skips it to the next blank or the tag's end.
                        while index < count, !Self.isBlank(base[index]), base[index] != UInt8(ascii: ">"),
                            !(base[index] == UInt8(ascii: "/") && index + 1 < count
                                && base[index + 1] == UInt8(ascii: ">"))
                        {
                            index += 1
                        }
                        continue
                    }
                    let nameStart = index
                    while index < count, Self.isNameByte(base[index]) { index += 1 }
                    let nameEnd = index
                    var valueEnd = nameEnd
                    var cursor = nameEnd
                    while cursor < count, Self.isBlank(base[cursor]) { cursor += 1 }
                    if cursor < count, base[cursor] == UInt8(ascii: "=") {
                        cursor += 1
                        while cursor < count, Self.isBlank(base[cursor]) { cursor += 1 }
                        guard cursor < count else { return nil }
                        let quote = base[cursor]
                        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                            guard let end = find(quote, from: cursor + 1) else { return nil }
                            cursor = end + 1
                        } else {
                            while cursor < count, !Self.isBlank(base[cursor]), base[cursor] != UInt8(ascii: ">") {
                                cursor += 1
                            }
                        }
                        valueEnd = cursor
                    }
                    index = valueEnd
                    // libxml2 reads at most 100 bytes of a name; a longer one is left to it.
                    if nameEnd - nameStart < 100, !isKeptAttribute(nameStart, nameEnd) {
                        // One blank stays, so what follows ("title=\"\"href=…") is not joined to
                        // what went before.
                        attributeCuts.append((min(blankStart + 1, nameStart), valueEnd))
                    }
                }
                return nil
            }

            /// True when the name in the bytes `start..<end` is one the tree keeps, in any case.
            private func isKeptAttribute(_ start: Int, _ end: Int) -> Bool {
                let page = UnsafeBufferPointer(start: base, count: count)
                return Prefilter.keptNames.find(
                    lowering: page, start..<end, hash: InternTable.hashLowered(page, start..<end)) != nil
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
            private func findIgnoringCase(_ needle: StaticString, from start: Int, before end: Int? = nil) -> Int? {
                let limit = min(end ?? count, count)
                var position = start
                while let hit = find(needle.utf8Start[0], from: position), hit + needle.utf8CodeUnitCount <= limit {
                    if matchesIgnoringCase(needle, hit) { return hit }
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
