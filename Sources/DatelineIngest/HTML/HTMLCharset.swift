import Foundation
import Glibc

/// Finds a page's character set the way a browser does (byte-order mark, declared charset, `<meta>`)
/// and turns the bytes into UTF-8, falling back gracefully when the declaration is wrong.
enum HTMLCharset {
    /// The page as UTF-8 and the name of the charset it was read as.
    struct Decoded {
        var utf8: [UInt8]
        var charset: String
    }

    /// How far into the page a `<meta charset>` is looked for; pages put it in the head.
    static let prescanLength = 16 * 1024

    /// Decodes `bytes`, preferring a byte-order mark, then `declared`, then the page's own `<meta>`.
    static func decode(_ bytes: [UInt8], declared: String?) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return utf8(Array(bytes.dropFirst(3)), lossy: true)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return Decoded(utf8: transcodeUTF16(bytes.dropFirst(2), littleEndian: true), charset: "utf-16le")
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return Decoded(utf8: transcodeUTF16(bytes.dropFirst(2), littleEndian: false), charset: "utf-16be")
        }
        var label = declared.flatMap(normalizedLabel) ?? metaCharset(in: bytes).flatMap(normalizedLabel)
        if label == "utf-16le" || label == "utf-16be", !bytes.prefix(1024).contains(0) {
            // UTF-16 markup is full of zero bytes; without them the declaration is wrong.
            label = nil
        }
        switch label {
        case nil, "utf-8":
            return guessUTF8OrLegacy(bytes, declaredUTF8: label != nil)
        case "windows-1252":
            // A page labelled Latin-1 whose bytes are well-formed multi-byte UTF-8 was saved as UTF-8.
            if UTF8Scan(bytes).isCleanWithMultibyte { return utf8(bytes, lossy: false) }
            return Decoded(utf8: transcodeWindows1252(bytes), charset: "windows-1252")
        case "utf-16le", "utf-16be":
            return Decoded(utf8: transcodeUTF16(bytes[...], littleEndian: label == "utf-16le"), charset: label ?? "")
        case let other?:
            // Well-formed multi-byte UTF-8 is almost never valid text in another charset by chance.
            if UTF8Scan(bytes).isCleanWithMultibyte { return utf8(bytes, lossy: false) }
            if let converted = transcodeWithIconv(bytes, from: other) {
                return Decoded(utf8: converted, charset: other)
            }
            return guessUTF8OrLegacy(bytes, declaredUTF8: false)
        }
    }

    /// The WHATWG-style canonical name of a charset label, or nil when the label is empty.
    static func normalizedLabel(_ label: String) -> String? {
        let cleaned = label.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'")))
            .lowercased()
        guard !cleaned.isEmpty, cleaned.count < 40 else { return nil }
        switch cleaned {
        case "utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8":
            return "utf-8"
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252",
            "cp1252", "x-cp1252", "iso_8859-1", "cp819", "ibm819", "iso-ir-100":
            // Browsers read all of these as Windows-1252, which is a superset of Latin-1.
            return "windows-1252"
        case "utf-16", "utf-16le", "unicode", "ucs-2":
            return "utf-16le"
        case "utf-16be":
            return "utf-16be"
        default:
            return cleaned
        }
    }

    /// The charset named by the first `<meta charset=…>` or `<meta http-equiv content="…charset=…">`.
    static func metaCharset(in bytes: [UInt8]) -> String? {
        let end = min(bytes.count, prescanLength)
        var index = 0
        while index + 5 < end {
            guard bytes[index] == UInt8(ascii: "<"), lowercased(bytes[index + 1]) == UInt8(ascii: "m"),
                matches(bytes, at: index + 1, "meta")
            else {
                index += 1
                continue
            }
            var tagEnd = index + 5
            while tagEnd < end, bytes[tagEnd] != UInt8(ascii: ">") { tagEnd += 1 }
            if let charset = charsetValue(in: bytes[(index + 5)..<tagEnd]) { return charset }
            index = tagEnd
        }
        return nil
    }

    private static func charsetValue(in tag: ArraySlice<UInt8>) -> String? {
        var index = tag.startIndex
        while index + 7 <= tag.endIndex {
            if matches(tag, at: index, "charset") {
                var cursor = index + 7
                while cursor < tag.endIndex, tag[cursor] == UInt8(ascii: " ") { cursor += 1 }
                guard cursor < tag.endIndex, tag[cursor] == UInt8(ascii: "=") else {
                    index = cursor
                    continue
                }
                cursor += 1
                while cursor < tag.endIndex,
                    [UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "'")].contains(tag[cursor])
                {
                    cursor += 1
                }
                var valueEnd = cursor
                while valueEnd < tag.endIndex, !isValueTerminator(tag[valueEnd]) { valueEnd += 1 }
                guard valueEnd > cursor else { return nil }
                return String(decoding: tag[cursor..<valueEnd], as: UTF8.self)
            }
            index += 1
        }
        return nil
    }

    private static func isValueTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "/"),
            UInt8(ascii: ">"), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            return true
        default:
            return false
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func matches<C: Collection<UInt8>>(_ bytes: C, at index: C.Index, _ word: String) -> Bool
    where C.Index == Int {
        var cursor = index
        for expected in word.utf8 {
            guard cursor < bytes.endIndex, lowercased(bytes[cursor]) == expected else { return false }
            cursor += 1
        }
        return true
    }

    /// UTF-8 when the bytes are (mostly) UTF-8, else Windows-1252, the web's usual legacy charset.
    private static func guessUTF8OrLegacy(_ bytes: [UInt8], declaredUTF8: Bool) -> Decoded {
        let scan = UTF8Scan(bytes)
        if scan.invalid == 0 { return utf8(bytes, lossy: false) }
        // A few stray bytes among real UTF-8 characters are damage, not a different charset; a page
        // with no UTF-8 characters at all is in a legacy charset, whatever it declares.
        if scan.multibyte >= scan.invalid * (declaredUTF8 ? 1 : 4) {
            return utf8(bytes, lossy: true)
        }
        return Decoded(utf8: transcodeWindows1252(bytes), charset: "windows-1252")
    }

    private static func utf8(_ bytes: [UInt8], lossy: Bool) -> Decoded {
        guard lossy, UTF8Scan(bytes).invalid > 0 else { return Decoded(utf8: bytes, charset: "utf-8") }
        return Decoded(utf8: Array(String(decoding: bytes, as: UTF8.self).utf8), charset: "utf-8")
    }

    /// Counts of well-formed multi-byte sequences and of bytes that break UTF-8.
    struct UTF8Scan {
        var multibyte = 0
        var invalid = 0

        init(_ bytes: [UInt8]) {
            var index = 0
            let count = bytes.count
            while index < count {
                // Most of a page is ASCII: step over it eight bytes at a time.
                while index + 8 <= count {
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index, as: UInt64.self) }
                    guard word & 0x8080_8080_8080_8080 == 0 else { break }
                    index += 8
                }
                guard index < count else { break }
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0...0xEF: length = 3
                case 0xF0...0xF4: length = 4
                default: length = 0
                }
                guard length > 0, index + length <= count else {
                    invalid += 1
                    index += 1
                    continue
                }
                var wellFormed = true
                for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
                    wellFormed = false
                }
                // Overlong forms and surrogates are as broken as a bad continuation byte.
                if wellFormed, length == 3 {
                    let second = bytes[index + 1]
                    if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) { wellFormed = false }
                } else if wellFormed, length == 4 {
                    let second = bytes[index + 1]
                    if (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90) { wellFormed = false }
                }
                if wellFormed {
                    multibyte += 1
                    index += length
                } else {
                    invalid += 1
                    index += 1
                }
            }
        }

        /// True when nothing is broken and at least one non-ASCII character is present.
        var isCleanWithMultibyte: Bool { invalid == 0 && multibyte > 0 }
    }

    /// The characters Windows-1252 puts at 0x80–0x9F, where Latin-1 has control codes.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func transcodeWindows1252(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            let scalar = byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            appendUTF8(scalar, to: &out)
        }
        return out
    }

    private static func transcodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        guard let unicode = Unicode.Scalar(scalar) else { return }
        if let encoded = UTF8.encode(unicode) { out.append(contentsOf: encoded) }
    }

    /// Converts with the C library's iconv, which knows the legacy East Asian and Cyrillic charsets;
    /// nil when iconv does not know the label or the bytes do not fit it.
    private static func transcodeWithIconv(_ bytes: [UInt8], from label: String) -> [UInt8]? {
        let converter = iconv_open("UTF-8", label)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let outputCapacity = output.count
        var succeeded = false
        var written = 0
        input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                inputBuffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: inputBuffer.count) { inputBase in
                    outputBuffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: outputCapacity) {
                        outputBase in
                        var inPointer: UnsafeMutablePointer<CChar>? = inputBase
                        var inLeft = inputBuffer.count
                        var outPointer: UnsafeMutablePointer<CChar>? = outputBase
                        var outLeft = outputCapacity
                        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                        succeeded = result != -1 && inLeft == 0
                        written = outputCapacity - outLeft
                    }
                }
            }
        }
        guard succeeded else { return nil }
        return Array(output[..<written])
    }
}
