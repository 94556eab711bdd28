import Foundation

extension RawPage {
    /// The page's bytes as text, or an error saying why they are not a readable text page: too
    /// large, empty, binary, or not in the character set they claim (UTF-8 unless declared).
    ///
    /// - Parameter maximumBytes: the largest page accepted; nil accepts any size.
    public func decodedText(maximumBytes: Int? = PageSizeLimit.defaultBytes) throws(IngestError) -> String {
        if let maximumBytes, bytes.count > maximumBytes {
            throw IngestError(
                location: location,
                message: "the page is \(PageSizeLimit.describe(bytes.count)); the limit is "
                    + "\(PageSizeLimit.describe(maximumBytes)). A story page is far smaller: check that this is "
                    + "the right file, or raise the size limit")
        }
        if bytes.isEmpty {
            throw IngestError(location: location, message: "the file is empty (0 bytes); there is no story to read")
        }
        let raw = [UInt8](bytes)
        try rejectBinary(raw)
        let text: String
        switch PageCharset(declared: declaredCharset) {
        case .utf8:
            text = try decodeUTF8(raw)
        case .latin1:
            // Every Latin-1 byte is the Unicode scalar of the same number.
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: raw.map { Unicode.Scalar($0) })
            text = String(scalars)
        case .windows1252:
            guard let decoded = String(data: bytes, encoding: .windowsCP1252) else {
                throw IngestError(
                    location: location,
                    message: "the page is declared as windows-1252 but holds bytes that charset does not define; "
                        + "check the declared character set")
            }
            text = decoded
        case .unsupported(let name):
            throw IngestError(
                location: location,
                message: "the page is declared as '\(name)', a character set Dateline does not read; convert it to "
                    + "UTF-8 (for example with iconv) and import it again")
        }
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw IngestError(
                location: location, message: "the file holds only whitespace; there is no story to read")
        }
        return text
    }

    /// Refuses bytes that are plainly not text, before any attempt to read them as a story.
    private func rejectBinary(_ raw: [UInt8]) throws(IngestError) {
        if let nul = raw.firstIndex(of: 0) {
            throw IngestError(
                location: location, line: Self.lineNumber(of: nul, in: raw),
                message: "the file holds binary data, not text (a NUL byte at byte offset \(nul)); is it an image, "
                    + "an archive or a word-processor file? Export the page as plain text")
        }
        var controls = 0
        for byte in raw where Self.isControlByte(byte) { controls += 1 }
        // A few stray control bytes occur in real scraped text; a page of them is not text.
        if controls > 0, controls * 20 > raw.count {
            throw IngestError(
                location: location,
                message: "the file looks like binary data, not text (\(controls) of \(raw.count) bytes are control "
                    + "characters); export the page as plain text")
        }
    }

    private func decodeUTF8(_ raw: [UInt8]) throws(IngestError) -> String {
        let start = raw.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let bad = UTF8Validation.firstInvalidOffset(in: raw, from: start) {
            let line = Self.lineNumber(of: bad, in: raw)
            let lineStart = raw[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let hex = "0x" + String(raw[bad], radix: 16, uppercase: true)
            throw IngestError(
                location: location, line: line,
                message: "invalid UTF-8: byte \(hex) at byte offset \(bad) (byte \(bad - lineStart + 1) of line "
                    + "\(line)) does not start or continue a character; save the page as UTF-8, or give its "
                    + "character set (such as windows-1252)")
        }
        return String(decoding: raw[start...], as: UTF8.self)
    }

    /// The 1-based line holding byte `offset`.
    static func lineNumber(of offset: Int, in raw: [UInt8]) -> Int {
        var line = 1
        for byte in raw[..<offset] where byte == 0x0A { line += 1 }
        return line
    }

    /// C0 controls other than tab, line feed, vertical tab, form feed and carriage return; and DEL.
    private static func isControlByte(_ byte: UInt8) -> Bool {
        (byte < 0x20 && !(0x09...0x0D).contains(byte)) || byte == 0x7F
    }
}

/// The character sets a text page may be declared in.
enum PageCharset: Equatable {
    case utf8
    case latin1
    case windows1252
    case unsupported(String)

    /// Reads a declared label; no label means UTF-8, the only encoding scraped text comes in today.
    init(declared: String?) {
        guard let declared, !declared.trimmingCharacters(in: .whitespaces).isEmpty else {
            self = .utf8
            return
        }
        switch declared.trimmingCharacters(in: .whitespaces).lowercased() {
        case "utf-8", "utf8", "us-ascii", "ascii": self = .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1": self = .latin1
        case "windows-1252", "cp1252", "x-cp1252": self = .windows1252
        default: self = .unsupported(declared)
        }
    }
}
