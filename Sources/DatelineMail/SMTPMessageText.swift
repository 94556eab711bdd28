/// The message text as it travels after DATA (RFC 5321 §4.5.2): every line end made CRLF (bare CR
/// and LF included, so no stray byte can end a line or the data early), every line that starts
/// with `.` given a second `.`, and the `.` CRLF terminator appended.
enum SMTPMessageText {
    /// The line that ends the text: `.` CRLF.
    static let terminator: [UInt8] = [UInt8(ascii: "."), 0x0D, 0x0A]

    static func encode(_ content: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(content.utf8.count + content.utf8.count / 40 + 8)
        var atLineStart = true
        var previousWasCR = false
        for byte in content.utf8 {
            if byte == 0x0A && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 0x0D
            if byte == 0x0D || byte == 0x0A {
                output += [0x0D, 0x0A]
                atLineStart = true
                continue
            }
            if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = false
        }
        if !atLineStart { output += [0x0D, 0x0A] }
        output += terminator
        return output
    }
}
