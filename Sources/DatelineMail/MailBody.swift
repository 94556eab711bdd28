/// The text body of a message, encoded for transport: `7bit` when every line is short printable
/// ASCII, quoted-printable otherwise (non-ASCII text, control characters, long lines), so the
/// encoded body is always plain ASCII in lines of at most 76 characters.
struct MailBody {
    /// The value of `Content-Transfer-Encoding`.
    let transferEncoding: String
    /// The encoded body with CRLF line ends and a final CRLF.
    let encoded: String

    /// Encodes `text`, whose line ends may be LF, CRLF or CR.
    init(text: String) {
        let lines = Self.lines(of: text)
        let isSevenBit = lines.allSatisfy { line in
            line.count <= HeaderField.preferredLineLength
                && line.allSatisfy { ($0 >= 0x20 && $0 <= 0x7E) || $0 == 0x09 }
        }
        if isSevenBit {
            transferEncoding = "7bit"
            encoded = lines.map { String(decoding: $0, as: UTF8.self) + "\r\n" }.joined()
        } else {
            transferEncoding = "quoted-printable"
            encoded = lines.map { Self.quotedPrintable($0) }.joined()
        }
    }

    /// The UTF-8 bytes of each line, whatever the line ends were.
    static func lines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 0x0A && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                lines.append(current)
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// One line in quoted-printable (RFC 2045 §6.7), with soft line breaks keeping every encoded line
    /// within 76 characters, ending in CRLF.
    static func quotedPrintable(_ line: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        var lineLength = 0
        for (index, byte) in line.enumerated() {
            let isLast = index == line.count - 1
            var token: [UInt8]
            switch byte {
            case 0x21...0x3C, 0x3E...0x7E:
                token = [byte]
            case 0x20 where !isLast, 0x09 where !isLast:
                token = [byte]
            default:
                token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
            // Leave room for the "=" of a soft line break unless this token ends the line.
            let limit = isLast ? 76 : 75
            if lineLength + token.count > limit {
                output += Array("=\r\n".utf8)
                lineLength = 0
            }
            output += token
            lineLength += token.count
        }
        return String(decoding: output, as: UTF8.self) + "\r\n"
    }
}
