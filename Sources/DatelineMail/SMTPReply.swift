/// One reply from an SMTP server: a three-digit code and one or more lines of text
/// (`250-first` … `250 last` for a multi-line reply).
struct SMTPReply: Sendable, Equatable {
    /// The reply code, e.g. 250.
    var code: Int
    /// The text of each line, without the code and separator.
    var lines: [String]

    /// All lines joined, for messages.
    var text: String { lines.joined(separator: " / ") }

    /// 2xx: the command succeeded.
    var isPositive: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (354 after DATA, 334 during AUTH).
    var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: a temporary failure.
    var isTransientFailure: Bool { (400..<500).contains(code) }
}

/// Assembles replies from the server's lines, tolerating bare LF line ends and rejecting anything
/// that is not a reply, so a misbehaving peer cannot make the client read garbage as success.
struct SMTPReplyParser {
    /// The longest reply line accepted (RFC 5321 allows 512 octets; servers sometimes exceed it).
    static let maximumLineLength = 4096
    /// The most lines one reply may have.
    static let maximumLines = 200

    private var pendingCode: Int?
    private var pendingLines: [String] = []

    /// A line that does not parse as part of a reply.
    struct Malformed: Error, Equatable {
        var reason: String
    }

    /// Feeds one line (without its line end); returns a reply when the line completed one.
    mutating func consume(line: String) throws(Malformed) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let code = Int(String(decoding: bytes[0...2], as: UTF8.self)), (200...599).contains(code)
        else {
            throw Malformed(
                reason: "the server sent a line that is not an SMTP reply: \(line.escapedForDisplay(limit: 80))")
        }
        if let pendingCode, pendingCode != code {
            throw Malformed(reason: "a multi-line reply changed its code from \(pendingCode) to \(code)")
        }
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw Malformed(
                reason: "the server sent a reply line with an unknown separator: \(line.escapedForDisplay(limit: 80))")
        }
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        pendingLines.append(text)
        if separator == UInt8(ascii: "-") {
            pendingCode = code
            guard pendingLines.count <= Self.maximumLines else {
                throw Malformed(reason: "the server sent a reply of more than \(Self.maximumLines) lines")
            }
            return nil
        }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        return reply
    }

    /// Whether a multi-line reply has started but not finished.
    var isInsideReply: Bool { pendingCode != nil }
}
