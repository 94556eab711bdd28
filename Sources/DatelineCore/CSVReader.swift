/// Reads comma-separated values as RFC 4180 writes them (quoted fields, doubled quotes, line
/// breaks inside quotes, CRLF or LF), one record at a time, so a broken record is reported with
/// its line number and skipped while every other record is still read.
///
/// Written here rather than taken from SwiftCSV or CSV.swift (both on the offline list): those
/// stop at the first malformed record, and an import must report that line and carry on.
public struct CSVReader: Sequence, IteratorProtocol {
    /// One record: its fields and the line it starts on (1-based).
    public struct Record: Sendable, Hashable {
        public let line: Int
        public let fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// A record that could not be read, and why, in words for the person who made the file.
    public struct Problem: Error, Sendable, Hashable {
        public let line: Int
        public let reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    private let bytes: [UInt8]
    private let fieldLimit: Int
    private var index: Int
    private var line = 1

    /// - Parameter fieldLimit: the longest field accepted, in bytes; a longer one makes its record
    ///   a ``Problem`` (so a stray quote cannot swallow the rest of the file into one field).
    public init(_ bytes: [UInt8], fieldLimit: Int = 1000) {
        self.bytes = bytes
        self.fieldLimit = fieldLimit
        // A UTF-8 byte order mark, as spreadsheet programs write, is not part of the first field.
        index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next record or problem; nil at the end. Empty lines are skipped.
    public mutating func next() -> Result<Record, Problem>? {
        while index < bytes.count {
            let start = index
            let startLine = line
            switch readRecord() {
            case .success(let fields):
                if fields == [""] { continue }
                return .success(Record(line: startLine, fields: fields))
            case .failure(let broken):
                // Carry on after the first physical line of the broken record: a quote opened and
                // never closed must not take the lines after it with it.
                index = start
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                if index < bytes.count { index += 1 }
                line = startLine + 1
                return .failure(Problem(line: startLine, reason: broken.reason))
            }
        }
        return nil
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Whether a line ends at `index` (LF or CRLF); moves past it when it does.
    private mutating func consumeLineEnd() -> Bool {
        if bytes[index] == Self.newline {
            index += 1
            line += 1
            return true
        }
        if bytes[index] == Self.carriageReturn, index + 1 < bytes.count, bytes[index + 1] == Self.newline {
            index += 2
            line += 1
            return true
        }
        return false
    }

    private func endsLine(at position: Int) -> Bool {
        bytes[position] == Self.newline
            || (bytes[position] == Self.carriageReturn && position + 1 < bytes.count
                && bytes[position + 1] == Self.newline)
    }

    private mutating func readRecord() -> Result<[String], Problem> {
        var fields: [String] = []
        while true {
            var field: [UInt8] = []
            if index < bytes.count, bytes[index] == Self.quote {
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == Self.quote {
                        guard index < bytes.count, bytes[index] == Self.quote else {
                            closed = true
                            break
                        }
                        index += 1
                    } else if byte == Self.newline {
                        line += 1
                    }
                    field.append(byte)
                    if field.count > fieldLimit {
                        // Running on over line breaks, this is far more likely a quote left open.
                        let reason =
                            field.contains(Self.newline)
                            ? "a quote is opened and never closed within \(fieldLimit) bytes"
                            : "a field is longer than \(fieldLimit) bytes"
                        return .failure(Problem(line: 0, reason: reason))
                    }
                }
                guard closed else { return .failure(Problem(line: 0, reason: "a quote is opened and never closed")) }
            } else {
                while index < bytes.count, bytes[index] != Self.comma, !endsLine(at: index) {
                    if bytes[index] == Self.quote {
                        return .failure(
                            Problem(
                                line: 0,
                                reason: "a quote inside an unquoted field (quote the whole field and double the quote)")
                        )
                    }
                    field.append(bytes[index])
                    index += 1
                    if field.count > fieldLimit {
                        return .failure(Problem(line: 0, reason: "a field is longer than \(fieldLimit) bytes"))
                    }
                }
            }
            guard let text = String(validating: field, as: UTF8.self) else {
                return .failure(Problem(line: 0, reason: "the line is not valid UTF-8"))
            }
            fields.append(text)
            if index >= bytes.count { return .success(fields) }
            if bytes[index] == Self.comma {
                index += 1
                continue
            }
            if consumeLineEnd() { return .success(fields) }
            return .failure(
                Problem(line: 0, reason: "text follows a closing quote (write a quote inside a quoted field as \"\")"))
        }
    }
}
