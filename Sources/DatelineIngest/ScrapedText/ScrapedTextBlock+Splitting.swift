import DatelineCore

extension ScrapedTextBlock {
    /// Characters that open a list item when followed by a space: text browsers draw `<li>` with
    /// these, and scrapers keep them.
    static let bulletMarkers: [Character] = ["•", "●", "○", "◦", "□", "☆", "▪", "■", "·", "*"]

    /// Splits page text into paragraphs and bullets.
    ///
    /// Paragraphs are separated by blank lines. Within one, a line continues the line above only
    /// when the above was hard-wrapped: a text browser at `columns` columns breaks a line only when
    /// the next word would not fit, so a shorter line followed by a word that would have fitted
    /// ends its element. Bullets continue on lines indented past their marker. A run of three or
    /// more spaces inside a line separates a second column, which is dropped.
    ///
    /// Works on the UTF-8 bytes in one pass, so a page of megabytes splits in linear time.
    static func blocks(in text: String, columns: Int) -> [ScrapedTextBlock] {
        var text = text
        return text.withUTF8 { bytes in
            var splitter = Splitter(columns: columns)
            var lineStart = 0
            var lineNumber = 0
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                lineNumber += 1
                splitter.take(PageLine(bytes, lineStart..<lineEnd), in: bytes, number: lineNumber)
                lineStart = lineEnd + 1
            }
            splitter.flush()
            return splitter.blocks
        }
    }

    /// The length of the whitespace character at `index` (space, tab, carriage return, vertical
    /// tab, form feed, no-break space), or 0 when there is none.
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Int {
        switch bytes[index] {
        case 0x20, 0x09, 0x0B, 0x0C, 0x0D: return 1
        case 0xC2 where index + 1 < end && bytes[index + 1] == 0xA0: return 2
        default: return 0
        }
    }

    /// One physical line, measured in columns (characters as a text browser counts them).
    struct PageLine {
        /// Columns of leading whitespace.
        var indent = 0
        /// The bytes of the line without its indentation, trailing space or second column.
        var content: Range<Int>
        /// Columns of `content`.
        var contentWidth = 0
        /// True when a second column was cut off.
        var hadSideColumn = false
        /// Columns of the first word, to decide whether it would have fitted on the line above.
        var firstWordWidth = 0

        /// The width the line took on the page.
        var width: Int { indent + contentWidth }
        var isBlank: Bool { content.isEmpty }

        init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            var index = range.lowerBound
            while index < range.upperBound {
                let space = ScrapedTextBlock.whitespaceLength(bytes, at: index, end: range.upperBound)
                guard space > 0 else { break }
                indent += 1
                index += space
            }
            let start = index
            var end = start
            var spaceRun = 0
            var inFirstWord = true
            var columns = 0
            while index < range.upperBound {
                let space = ScrapedTextBlock.whitespaceLength(bytes, at: index, end: range.upperBound)
                if space > 0 {
                    inFirstWord = false
                    spaceRun += 1
                    if spaceRun == 3 {
                        // Three spaces are a gap between columns only when text follows them.
                        var rest = index + space
                        while rest < range.upperBound {
                            let more = ScrapedTextBlock.whitespaceLength(bytes, at: rest, end: range.upperBound)
                            if more == 0 {
                                hadSideColumn = true
                                break
                            }
                            rest += more
                        }
                        break
                    }
                    columns += 1
                    index += space
                } else {
                    spaceRun = 0
                    // UTF-8 continuation bytes belong to the character before them.
                    if bytes[index] & 0xC0 != 0x80 {
                        columns += 1
                        if inFirstWord { firstWordWidth += 1 }
                    }
                    index += 1
                    end = index
                    contentWidth = columns
                }
            }
            content = start..<end
        }

        /// Where the item text starts when the line opens a list item ("  • Story Highlights").
        func bulletTextStart(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            for marker in ScrapedTextBlock.bulletMarkerBytes {
                let afterMarker = content.lowerBound + marker.count
                guard afterMarker < content.upperBound,
                    marker.indices.allSatisfy({ bytes[content.lowerBound + $0] == marker[$0] })
                else { continue }
                var index = afterMarker
                guard ScrapedTextBlock.whitespaceLength(bytes, at: index, end: content.upperBound) > 0 else {
                    return nil
                }
                while index < content.upperBound {
                    let space = ScrapedTextBlock.whitespaceLength(bytes, at: index, end: content.upperBound)
                    if space == 0 { return index }
                    index += space
                }
                return nil
            }
            return nil
        }
    }

    /// The UTF-8 bytes of each bullet marker.
    static let bulletMarkerBytes: [[UInt8]] = bulletMarkers.map { Array(String($0).utf8) }

    /// The block being built, and the finished ones.
    private struct Splitter {
        let columns: Int
        var blocks: [ScrapedTextBlock] = []
        private var pending: Pending?

        private struct Pending {
            var kind: Kind
            /// The text so far, whitespace already collapsed.
            var text: [UInt8] = []
            var line: Int
            /// Indentation of the block's first line (a bullet's marker column).
            var indent: Int
            var lastLine: PageLine
            var hadSideColumn: Bool
        }

        init(columns: Int) { self.columns = columns }

        mutating func take(_ line: PageLine, in bytes: UnsafeBufferPointer<UInt8>, number: Int) {
            if line.isBlank {
                flush()
                return
            }
            if let itemStart = line.bulletTextStart(in: bytes) {
                flush()
                var item = Pending(
                    kind: .bullet, line: number, indent: line.indent, lastLine: line, hadSideColumn: line.hadSideColumn)
                Self.append(bytes, itemStart..<line.content.upperBound, to: &item.text)
                pending = item
                return
            }
            if var current = pending, continues(current, with: line) {
                current.text.append(UInt8(ascii: " "))
                Self.append(bytes, line.content, to: &current.text)
                current.lastLine = line
                pending = current
                return
            }
            flush()
            var paragraph = Pending(
                kind: .paragraph, line: number, indent: line.indent, lastLine: line, hadSideColumn: line.hadSideColumn)
            Self.append(bytes, line.content, to: &paragraph.text)
            pending = paragraph
        }

        private func continues(_ current: Pending, with line: PageLine) -> Bool {
            guard !current.hadSideColumn, !line.hadSideColumn else { return false }
            switch current.kind {
            case .bullet:
                return line.indent > current.indent
            case .paragraph:
                let previous = current.lastLine
                let word = line.firstWordWidth
                // Left-aligned text wraps on the full width; centred text (later CNN layouts) on the
                // width of its content, whatever its indentation.
                let wrappedAligned =
                    line.indent == previous.indent && previous.width < columns && previous.width + 1 + word >= columns
                let wrappedCentred =
                    previous.contentWidth < columns && previous.contentWidth + 1 + word >= columns
                return wrappedAligned || wrappedCentred
            }
        }

        /// Appends `range` with each run of whitespace as one space.
        private static func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to text: inout [UInt8]) {
            var index = range.lowerBound
            var pendingSpace = false
            while index < range.upperBound {
                let space = ScrapedTextBlock.whitespaceLength(bytes, at: index, end: range.upperBound)
                if space > 0 {
                    pendingSpace = true
                    index += space
                } else {
                    if pendingSpace { text.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    text.append(bytes[index])
                    index += 1
                }
            }
        }

        mutating func flush() {
            guard let current = pending else { return }
            pending = nil
            var text = String(decoding: current.text, as: UTF8.self)
            // Rarer spaces (em space, ideographic space, line separator) are folded the slow way.
            if text.unicodeScalars.contains(where: { $0.value > 0xA0 && $0.properties.isWhitespace }) {
                text = text.collapsingWhitespace()
            }
            blocks.append(
                ScrapedTextBlock(
                    kind: current.kind, text: text, line: current.line, hadSideColumn: current.hadSideColumn))
        }
    }
}
