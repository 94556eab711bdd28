import Foundation

/// Small, independent decoders for checking what the module encodes (the real-server tests also
/// check with Python's e-mail package).
enum MailText {
    /// Decodes a header value made of `=?utf-8?B?…?=` words (white space between words dropped, as
    /// RFC 2047 says); plain text is kept as it is.
    static func decodeEncodedWords(_ value: String) -> String {
        var output = ""
        for (index, token) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if token.hasPrefix("=?utf-8?B?") && token.hasSuffix("?=") {
                let payload = token.dropFirst(10).dropLast(2)
                let bytes = Data(base64Encoded: String(payload)) ?? Data()
                output += String(decoding: bytes, as: UTF8.self)
            } else {
                if index > 0 { output += " " }
                output += token
            }
        }
        return output
    }

    /// Decodes quoted-printable text with CRLF line ends into a string with LF line ends.
    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let lines = text.components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            var chars = Array(line.utf8)
            var soft = false
            if chars.last == UInt8(ascii: "=") {
                soft = true
                chars.removeLast()
            }
            var position = 0
            while position < chars.count {
                if chars[position] == UInt8(ascii: "="), position + 2 < chars.count,
                    let value = UInt8(
                        String(decoding: chars[(position + 1)...(position + 2)], as: UTF8.self), radix: 16)
                {
                    bytes.append(value)
                    position += 3
                } else {
                    bytes.append(chars[position])
                    position += 1
                }
            }
            if !soft && index < lines.count - 1 { bytes.append(UInt8(ascii: "\n")) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The header section of a rendered message, unfolded, as name/value pairs.
    static func headers(of message: String) -> [(name: String, value: String)] {
        let head = message.components(separatedBy: "\r\n\r\n").first ?? ""
        var fields: [(String, String)] = []
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" "), !fields.isEmpty {
                fields[fields.count - 1].1 += line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...].dropFirst())))
            }
        }
        return fields
    }

    /// The body of a rendered message.
    static func body(of message: String) -> String {
        guard let range = message.range(of: "\r\n\r\n") else { return "" }
        return String(message[range.upperBound...])
    }
}
