/// Decoding the two MIME transfer encodings that change bytes (RFC 2045 §6): base64 and
/// quoted-printable. Both are lenient, as mail readers are: characters that cannot appear are
/// skipped rather than failing the whole part.
enum TransferEncoding {
    /// The bytes `encoded` stands for under `Content-Transfer-Encoding: name`; 7bit, 8bit, binary
    /// and unknown names leave the bytes as they are.
    static func decode(_ encoded: [UInt8], name: String?) -> [UInt8] {
        switch name?.trimmingSpace().lowercased() {
        case "base64": return base64Decoded(encoded) ?? []
        case "quoted-printable": return quotedPrintableDecoded(encoded, underscoreIsSpace: false)
        default: return encoded
        }
    }

    /// Base64 with white space and stray characters skipped; padding is optional. Nil only when
    /// what is left cannot be base64 (a single character left over).
    static func base64Decoded(_ encoded: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count * 3 / 4)
        var accumulator: UInt32 = 0
        var count = 0
        for byte in encoded {
            if byte == UInt8(ascii: "=") { break }
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            default: continue
            }
            accumulator = accumulator << 6 | value
            count += 1
            if count == 4 {
                output += [UInt8(accumulator >> 16 & 0xFF), UInt8(accumulator >> 8 & 0xFF), UInt8(accumulator & 0xFF)]
                accumulator = 0
                count = 0
            }
        }
        switch count {
        case 0: break
        case 2: output.append(UInt8(accumulator >> 4 & 0xFF))
        case 3: output += [UInt8(accumulator >> 10 & 0xFF), UInt8(accumulator >> 2 & 0xFF)]
        default: return nil
        }
        return output
    }

    /// Quoted-printable: `=XX` is a byte, `=` at a line end is a soft break; anything malformed
    /// is kept as written. In an encoded-word's Q form, `_` is a space.
    static func quotedPrintableDecoded(_ encoded: [UInt8], underscoreIsSpace: Bool) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count)
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            if byte == UInt8(ascii: "="), index + 1 < encoded.count {
                let next = encoded[index + 1]
                if next == UInt8(ascii: "\n") {
                    index += 2
                    continue
                }
                if next == UInt8(ascii: "\r"), index + 2 < encoded.count, encoded[index + 2] == UInt8(ascii: "\n") {
                    index += 3
                    continue
                }
                if index + 2 < encoded.count, let high = hexValue(next), let low = hexValue(encoded[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
            }
            output.append(underscoreIsSpace && byte == UInt8(ascii: "_") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Turning a part's bytes into text by its charset. UTF-8 (and ASCII) and the Latin-1 family cover
/// the mail this site sends and the reports servers write; anything else is read as UTF-8 with
/// bad sequences replaced, which shows the ASCII in it.
enum Charset {
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        switch charset?.trimmingSpace().lowercased() {
        case "iso-8859-1", "latin1", "iso8859-1", "iso-8859-15", "windows-1252", "cp1252":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
