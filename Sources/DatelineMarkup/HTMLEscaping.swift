/// HTML escaping done on UTF-8 bytes, never on Swift `Character`s.
///
/// A combining mark after a quote makes one `Character` of the two ("\"\u{301}"), which a
/// per-Character lookup does not recognise as a quote, so the quote was written bare: inside an
/// attribute that ends the value, and what follows becomes attributes of its own
/// (`value="…"́ autofocus onfocus=…`). swift-mustache 2.1 escapes that way, and so did the
/// sanitiser and the dashboard chart. Browsers tokenise code points; the five characters escaped
/// are ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII, so escaping bytes escapes
/// exactly the code points.
public enum HTMLEscaping {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as character references, the same ones
    /// the page templates use, so escaped text reads the same wherever it was escaped.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: needsEscaping) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            append(escaping: bytes, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends `bytes` (UTF-8) to `out` with the five characters written as references.
    public static func append(escaping bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var run = 0
        for index in 0..<bytes.count {
            let entity: StaticString
            switch bytes[index] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&#39;"
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            entity.withUTF8Buffer { out.append(contentsOf: $0) }
            run = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }
}
