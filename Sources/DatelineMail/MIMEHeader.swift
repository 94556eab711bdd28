/// The header fields of a received message or MIME part, in order, with folded lines joined.
public struct MIMEHeader: Sendable, Equatable {
    /// One field as received.
    public struct Field: Sendable, Equatable {
        /// The field name as written (compare without regard to case).
        public var name: String
        /// The field body with folding removed and surrounding white space trimmed; encoded-words
        /// are left as they are (see ``MIMEHeader/decoded(_:)``).
        public var value: String

        /// The value with RFC 2047 encoded-words decoded, for showing to a person.
        public var decodedValue: String { EncodedWord.decode(value) }

        /// A field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Every field, in order.
    public var fields: [Field]

    /// A header of these fields.
    public init(fields: [Field]) { self.fields = fields }

    /// The first field called `name` (any case), nil when there is none.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.equalsIgnoringCase(name) }?.value
    }

    /// Every field called `name` (any case), in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringCase(name) }.map(\.value)
    }

    /// The first field called `name` with RFC 2047 encoded-words decoded, for showing to a person.
    public func decoded(_ name: String) -> String? {
        self[name].map(EncodedWord.decode)
    }

    /// Reads header fields from `bytes[range]` up to the first empty line; returns them and where
    /// the body starts (the end of `range` when there is no empty line). Lines that are not fields
    /// are skipped, so one broken line does not lose the rest.
    static func parse(
        _ bytes: [UInt8], in range: Range<Int>, limits: MIMELimits
    ) throws(MailParseError) -> (header: MIMEHeader, bodyStart: Int) {
        var fields: [Field] = []
        var current: (name: String, value: [UInt8])?
        var position = range.lowerBound
        var bodyStart = range.upperBound
        func finish() {
            if let field = current {
                let value = String(decoding: field.value, as: UTF8.self).trimmingSpace()
                fields.append(Field(name: field.name, value: value))
            }
            current = nil
        }
        while position < range.upperBound {
            let line = MIMELines.line(in: bytes, from: position, before: range.upperBound)
            position = line.next
            if line.content.isEmpty {
                bodyStart = line.next
                break
            }
            let first = bytes[line.content.lowerBound]
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                // A folded continuation: the line break is removed, the white space kept.
                current?.value.append(contentsOf: bytes[line.content])
                continue
            }
            finish()
            guard let colon = bytes[line.content].firstIndex(of: UInt8(ascii: ":")), colon > line.content.lowerBound
            else { continue }
            let name = String(decoding: bytes[line.content.lowerBound..<colon], as: UTF8.self)
            guard name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { continue }
            guard fields.count < limits.maximumHeaderFields else {
                throw MailParseError("a part has more than \(limits.maximumHeaderFields) header fields")
            }
            current = (name, Array(bytes[(colon + 1)..<line.content.upperBound]))
        }
        finish()
        return (MIMEHeader(fields: fields), bodyStart)
    }
}

extension String {
    fileprivate func equalsIgnoringCase(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }

    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingSpace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !Self.isSpace($0) }) ?? start
        return String(scalars[start...end])
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
    }
}

/// Lines in a byte buffer, ended by LF or CRLF.
enum MIMELines {
    /// The line starting at `start`: its content (without the line end) and where the next begins.
    static func line(in bytes: [UInt8], from start: Int, before end: Int) -> (content: Range<Int>, next: Int) {
        var index = start
        while index < end && bytes[index] != UInt8(ascii: "\n") { index += 1 }
        let next = index < end ? index + 1 : end
        var contentEnd = index
        if contentEnd > start && bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
        return (start..<contentEnd, next)
    }
}
