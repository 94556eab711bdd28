/// Splits an mbox file into messages as its bytes arrive, so a file of any size is read in
/// bounded memory: a message is kept only up to a size limit, past which only its size is counted.
///
/// A message starts after a `From ` line at the start of the file or after an empty line (the
/// postmark every mbox writer puts there). Body lines that writers escaped as `>From ` (mboxrd:
/// any number of `>`) lose one `>`. Text before the first `From ` line is a message too, so a
/// single saved message (`.eml`) reads as a one-message mbox.
public struct MboxSplitter: Sendable {
    /// One message found in the file.
    public enum Entry: Sendable, Equatable {
        /// A message within the limit: its bytes, the postmark line taken off.
        case message(index: Int, bytes: [UInt8])
        /// A message over the limit: how many bytes it had.
        case oversized(index: Int, size: Int)
    }

    /// The largest message kept, in bytes.
    public let maximumMessageBytes: Int

    /// How many bytes of a line are looked at to decide whether it starts a message.
    private static let lineHeadLimit = 80

    private var current: [UInt8] = []
    private var currentSize = 0
    private var currentHasText = false
    private var index = 0
    private var head: [UInt8] = []
    /// Whether the bytes of the current line are still being collected to decide what it is.
    private var deciding = true
    /// Whether the rest of the current line is a postmark's, to be dropped.
    private var droppingLine = false
    private var previousLineEmpty = true

    /// A splitter keeping messages up to `maximumMessageBytes`.
    public init(maximumMessageBytes: Int) {
        self.maximumMessageBytes = max(1, maximumMessageBytes)
    }

    /// Takes the next bytes of the file; returns the messages they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Entry] {
        var entries: [Entry] = []
        for byte in bytes {
            if deciding {
                head.append(byte)
                if byte == UInt8(ascii: "\n") {
                    decide(complete: true, into: &entries)
                } else if head.count >= Self.lineHeadLimit {
                    decide(complete: false, into: &entries)
                }
            } else {
                if !droppingLine { append(byte) }
                if byte == UInt8(ascii: "\n") {
                    deciding = true
                    droppingLine = false
                    previousLineEmpty = false
                }
            }
        }
        return entries
    }

    /// Ends the file; returns the last message, if any.
    public mutating func finish() -> [Entry] {
        var entries: [Entry] = []
        if !head.isEmpty { decide(complete: true, into: &entries) }
        emit(into: &entries)
        return entries
    }

    private mutating func decide(complete: Bool, into entries: inout [Entry]) {
        let line = head
        head.removeAll(keepingCapacity: true)
        let isEmpty = line.allSatisfy { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        if previousLineEmpty && line.starts(with: Array("From ".utf8)) {
            emit(into: &entries)
            droppingLine = !complete
            deciding = complete
            previousLineEmpty = false
            return
        }
        var kept = line[...]
        if let firstOther = line.firstIndex(where: { $0 != UInt8(ascii: ">") }), firstOther > 0,
            line[firstOther...].starts(with: Array("From ".utf8))
        {
            kept = line.dropFirst()
        }
        for byte in kept { append(byte) }
        deciding = complete
        previousLineEmpty = complete && isEmpty
    }

    private mutating func append(_ byte: UInt8) {
        currentSize += 1
        if currentSize <= maximumMessageBytes {
            current.append(byte)
        } else if !current.isEmpty {
            current = []
        }
        if ![UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: " "), UInt8(ascii: "\t")].contains(byte) {
            currentHasText = true
        }
    }

    private mutating func emit(into entries: inout [Entry]) {
        defer {
            current = []
            currentSize = 0
            currentHasText = false
        }
        // Blank space before the first postmark, or a postmark with nothing after it, is no message.
        guard currentHasText else { return }
        index += 1
        if currentSize > maximumMessageBytes {
            entries.append(.oversized(index: index, size: currentSize))
        } else {
            entries.append(.message(index: index, bytes: current))
        }
    }
}
