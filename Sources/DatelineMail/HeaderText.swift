/// The one gate every piece of header input passes: text that could end a header line, start a new
/// header, or hide what a reader sees is rejected here, never cleaned up and passed on.
enum HeaderText {
    /// Whether a character may never appear in header input: C0 and C1 controls (CR, LF, NUL, TAB,
    /// NEL, …), DEL, the Unicode line and paragraph separators, and the bidirectional overrides
    /// that can make a display name read differently from what it contains.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        case 0xFEFF: return true
        default: return false
        }
    }

    /// Checks `text` for the header `field`: no forbidden character and at most `maximumLength`
    /// characters.
    static func check(_ text: String, field: String, maximumLength: Int) throws(MailError) {
        for scalar in text.unicodeScalars where isForbidden(scalar) {
            throw .unsafeHeader(
                field: field,
                reason: "contains \(name(of: scalar)); line breaks and control characters are never allowed in headers")
        }
        let length = text.count
        if length > maximumLength {
            throw .unsafeHeader(field: field, reason: "is \(length) characters long; the limit is \(maximumLength)")
        }
    }

    /// A readable name for a forbidden character, for error messages.
    static func name(of scalar: Unicode.Scalar) -> String {
        let code = "U+" + String(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))
        switch scalar.value {
        case 0x0D: return "a carriage return (\(code))"
        case 0x0A: return "a line feed (\(code))"
        case 0x00: return "a NUL character (\(code))"
        case 0x09: return "a tab (\(code))"
        case 0x85: return "a next-line character (\(code))"
        case 0x2028: return "a Unicode line separator (\(code))"
        case 0x2029: return "a Unicode paragraph separator (\(code))"
        case 0x202A...0x202E, 0x2066...0x2069: return "a bidirectional text control (\(code))"
        case 0xFEFF: return "a zero-width no-break space (\(code))"
        default: return "a control character (\(code))"
        }
    }

    /// Whether a byte is RFC 5322 `atext`: a letter, digit or one of ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    /// Whether every character is printable ASCII (space through tilde).
    static func isPrintableASCII(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
