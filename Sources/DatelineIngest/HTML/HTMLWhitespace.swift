/// Whitespace handling at the speed the extractor needs: working on UTF-8 bytes instead of
/// grapheme clusters, with the same notion of whitespace as Swift's `Character.isWhitespace`
/// for the characters web pages use (ASCII spaces, no-break space, the Unicode space block).
enum HTMLWhitespace {
    /// `text` with runs of whitespace folded into one space and none at either end.
    static func collapse(_ text: String) -> String {
        var collapsed = Collapsed(capacity: text.utf8.count)
        collapsed.append(text)
        return collapsed.string
    }

    /// Text built up piece by piece with whitespace folded on the way in, so a block of many text
    /// nodes is read once: runs of whitespace become one space, none at either end.
    struct Collapsed {
        private var bytes: [UInt8] = []
        /// True when whitespace was met after some text: a space goes before the next text.
        private var pendingSpace = false

        init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

        /// True when no visible character has been added.
        var isEmpty: Bool { bytes.isEmpty }

        /// The text so far.
        var string: String { String(decoding: bytes, as: UTF8.self) }

        /// Adds `text`; returns how many non-whitespace Unicode scalars it has.
        @discardableResult
        mutating func append(_ text: String) -> Int {
            var text = text
            return text.withUTF8 { source in
                var count = 0
                var index = 0
                while index < source.count {
                    // A run of visible ASCII, most of any text, is copied whole.
                    if source[index] > 0x20, source[index] < 0x80 {
                        var end = index + 1
                        while end < source.count, source[end] > 0x20, source[end] < 0x80 { end += 1 }
                        if pendingSpace {
                            bytes.append(0x20)
                            pendingSpace = false
                        }
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[index..<end]))
                        count += end - index
                        index = end
                        continue
                    }
                    let width = whitespaceWidth(source, at: index)
                    if width > 0 {
                        pendingSpace = !bytes.isEmpty
                        index += width
                        continue
                    }
                    if pendingSpace {
                        bytes.append(0x20)
                        pendingSpace = false
                    }
                    let byte = source[index]
                    // Count scalars by their lead bytes only.
                    if byte & 0xC0 != 0x80 { count += 1 }
                    bytes.append(byte)
                    index += 1
                }
                return count
            }
        }

        /// Adds a break between words (a `<br>`, a block's edge).
        mutating func appendSpace() { pendingSpace = !bytes.isEmpty }

        /// Empties the text, keeping its storage.
        mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
    }

    /// The byte length of the whitespace character at `index`, or 0 when it is not whitespace.
    @inline(__always)
    static func whitespaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || (0x09...0x0D).contains(byte) { return 1 }
        if byte < 0x80 { return 0 }
        let count = bytes.count
        if byte == 0xC2, index + 1 < count, bytes[index + 1] == 0xA0 || bytes[index + 1] == 0x85 { return 2 }
        if byte == 0xE2, index + 2 < count {
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            // U+2000…U+200A, U+2028, U+2029, U+202F, U+205F.
            if second == 0x80, (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF {
                return 3
            }
            if second == 0x81, third == 0x9F { return 3 }
        }
        if byte == 0xE3, index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 { return 3 }
        if byte == 0xE1, index + 2 < count, bytes[index + 1] == 0x9A, bytes[index + 2] == 0x80 { return 3 }
        return 0
    }
}
