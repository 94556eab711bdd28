import Foundation

/// Runs the suggester over a JSON Lines file of stories, `{"id": …, "article": "…"}` a line, and
/// writes `{"entities": [{"kind": …, "name": …}, …], "highlights": […], "id": …, "topics": […]}` a line in the same order: the engine
/// behind `dateline highlights --jsonl`.
///
/// A line that is not valid UTF-8 or JSON, or lacks an id or article, is reported with its line
/// number and skipped; nothing in the input stops the run.
public struct HighlightBatch: Sendable {
    /// The result of a run: how many stories were written and which lines were skipped.
    public struct Summary: Hashable, Sendable {
        /// Stories written.
        public var written: Int
        /// One message per skipped line: "line 4: not valid JSON; skipped".
        public var problems: [String]
    }

    /// The suggester applied to every story.
    public var suggester: StorySuggester
    /// When true, writes each story's scored sentences instead (for bench/highlights/fit.py).
    public var writesFeatures: Bool
    /// When true, each entity also lists every form the story writes it in (for bench/topics).
    public var writesEntityForms: Bool
    /// When true, writes each story's candidate names with their features instead (for
    /// bench/topics/fit.py).
    public var writesEntityFeatures = false

    /// Makes a batch runner.
    public init(
        suggester: StorySuggester = StorySuggester(), writesFeatures: Bool = false, writesEntityForms: Bool = false
    ) {
        self.suggester = suggester
        self.writesFeatures = writesFeatures
        self.writesEntityForms = writesEntityForms
    }

    /// The ranges of `input`'s lines, "\n" left out; as many as the text has newlines, plus one.
    static func lineRanges(of input: Data) -> [Range<Data.Index>] {
        let base = input.startIndex
        return input.withUnsafeBytes { buffer in
            var ranges: [Range<Data.Index>] = []
            var start = 0
            // memchr finds each line feed far faster than a loop over the bytes.
            while start < buffer.count, let base0 = buffer.baseAddress,
                let found = memchr(base0 + start, Int32(UInt8(ascii: "\n")), buffer.count - start)
            {
                let index = base0.distance(to: UnsafeRawPointer(found))
                ranges.append((base + start)..<(base + index))
                start = index + 1
            }
            ranges.append((base + start)..<(base + buffer.count))
            return ranges
        }
    }

    /// Processes every line of `input`, handing output in chunks to `write` and each problem to
    /// `report` as it is found.
    @discardableResult
    public func run(_ input: Data, write: (Data) -> Void, report: (String) -> Void = { _ in }) -> Summary {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var summary = Summary(written: 0, problems: [])
        var buffer = Data()
        for (offset, range) in Self.lineRanges(of: input).enumerated() {
            var bytes = input[range]
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                let story = try StoryLine.decode(bytes)
                if writesEntityFeatures {
                    let candidates = suggester.topicExtractor.candidates(in: story.article).map {
                        EntityFeatureLine.Candidate(forms: $0.forms, features: $0.features)
                    }
                    buffer += try encoder.encode(EntityFeatureLine(id: story.id, candidates: candidates))
                } else if writesFeatures {
                    buffer += try encoder.encode(
                        FeatureLine(id: story.id, candidates: suggester.candidates(for: story.article)))
                } else {
                    let suggestions = suggester.suggestions(for: story.article)
                    try ResultLine.write(
                        suggestions, id: story.id, forms: writesEntityForms, to: &buffer, encoder: encoder)
                }
                buffer.append(UInt8(ascii: "\n"))
                summary.written += 1
            } catch let problem as StoryLine.Problem {
                let message = "line \(offset + 1): \(problem.message); skipped"
                summary.problems.append(message)
                report(message)
            } catch {
                let message = "line \(offset + 1): the result could not be written as JSON (\(error)); skipped"
                summary.problems.append(message)
                report(message)
            }
            if buffer.count > 1 << 16 {
                write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { write(buffer) }
        return summary
    }
}

/// A story's id as the input gave it: a string or a number, echoed back unchanged.
enum StoryID: Codable, Hashable {
    case text(String)
    case integer(Int64)
    case number(Double)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .integer(let integer): try container.encode(integer)
        case .number(let number): try container.encode(number)
        }
    }
}

/// One input line: `{"id": …, "article": "…"}`.
struct StoryLine: Decodable {
    /// Why a line was skipped, in words for the person running the command.
    struct Problem: Error {
        var message: String
    }

    var id: StoryID?
    var article: String?

    enum CodingKeys: String, CodingKey {
        case id, article
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(StoryID.self, forKey: .id)
        article = try container.decodeIfPresent(String.self, forKey: .article)
    }

    /// Reads one line; the JSON is parsed once, whatever the line holds.
    static func decode(_ bytes: Data.SubSequence) throws(Problem) -> (id: StoryID, article: String) {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw Problem(message: "not valid UTF-8") }
        if let quick = bytes.withUnsafeBytes({ QuickStoryLine.read($0) }) { return quick }
        let line: StoryLine
        do {
            line = try JSONDecoder().decode(StoryLine.self, from: Data(bytes))
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw Problem(message: "not a JSON object")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.first?.stringValue ?? "a field"
            throw Problem(
                message: field == "id" ? "\"id\" must be a string or a number" : "\"\(field)\" must be a string")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            throw Problem(message: "\"id\" must be a string or a number")
        } catch {
            throw Problem(message: "not valid JSON")
        }
        guard let id = line.id else { throw Problem(message: "no \"id\"") }
        guard let article = line.article else { throw Problem(message: "no \"article\" text") }
        return (id, article)
    }
}

/// Reads the usual input line, `{"id": "…" or 123, "article": "…"}` in either order, straight
/// from its bytes; any other shape (more keys, a fractional id, a lone surrogate, anything
/// unusual) gives nil and goes to `JSONDecoder`, which also words the errors. The line must be
/// valid UTF-8 (``StoryLine/decode(_:)`` checks that first).
enum QuickStoryLine {
    static func read(_ bytes: UnsafeRawBufferPointer) -> (id: StoryID, article: String)? {
        var reader = Reader(bytes: bytes)
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        var id: StoryID?
        var article: String?
        var keys = Set<String>()
        var first = true
        while !reader.take(UInt8(ascii: "}")) {
            if !first, !reader.take(UInt8(ascii: ",")) { return nil }
            first = false
            // A key given twice is left to JSONDecoder's rules.
            guard let key = reader.string(), keys.insert(key).inserted, reader.take(UInt8(ascii: ":")) else {
                return nil
            }
            switch key {
            case "id":
                if reader.peek == UInt8(ascii: "\"") {
                    guard let text = reader.string() else { return nil }
                    id = .text(text)
                } else {
                    guard let integer = reader.integer() else { return nil }
                    id = .integer(integer)
                }
            case "article":
                guard let text = reader.string() else { return nil }
                article = text
            default:
                guard reader.skipValue(depth: 0) else { return nil }
            }
        }
        guard reader.atEnd, let id, let article else { return nil }
        return (id, article)
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var peek: UInt8? {
            mutating get {
                skipSpace()
                return index < bytes.count ? bytes[index] : nil
            }
        }

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return index == bytes.count
            }
        }

        mutating func skipSpace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
            {
                index += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        /// A JSON integer that fits 64 bits, with no fraction or exponent.
        mutating func integer() -> Int64? {
            skipSpace()
            let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            let start = index
            var value: Int64 = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(Int64(bytes[index] - 48))
                guard !overflowTimes, !overflowSum else { return nil }
                value = sum
                index += 1
            }
            let digits = index - start
            guard digits > 0, digits == 1 || bytes[start] != 48 else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") {
                return nil
            }
            return negative ? -value : value
        }

        /// Passes over any JSON value (strings without decoding them); false when it is not one
        /// this reader is sure of, or nests deeper than 32.
        mutating func skipValue(depth: Int) -> Bool {
            guard depth < 32, let next = peek else { return false }
            switch next {
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") {
                        index += 1
                        return true
                    }
                    if byte < 0x20 { return false }
                    index += byte == UInt8(ascii: "\\") ? 2 : 1
                }
                return false
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let isObject = next == UInt8(ascii: "{")
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                var first = true
                while !take(close) {
                    if !first, !take(UInt8(ascii: ",")) { return false }
                    first = false
                    if isObject {
                        guard peek == UInt8(ascii: "\""), skipValue(depth: depth + 1), take(UInt8(ascii: ":")) else {
                            return false
                        }
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                }
                return true
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                for literal in ["true", "false", "null"] where literal.utf8.first == next {
                    let end = index + literal.utf8.count
                    guard end <= bytes.count, bytes[index..<end].elementsEqual(literal.utf8) else { return false }
                    index = end
                    return true
                }
                return false
            default:
                // A number: the characters a JSON number is made of (its exact form is not needed).
                let start = index
                while index < bytes.count, (48...57).contains(bytes[index]) || "+-.eE".utf8.contains(bytes[index]) {
                    index += 1
                }
                return index > start
            }
        }

        /// A JSON string, escapes decoded; nil for anything a strict reader would question.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var text: [UInt8] = []
            var runStart = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    text.append(contentsOf: bytes[runStart..<index])
                    index += 1
                    // The line was checked as UTF-8 before it came here, and escapes add only
                    // whole scalars, so the bytes need no second check.
                    return String(decoding: text, as: UTF8.self)
                }
                if byte < 0x20 { return nil }
                guard byte == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
                text.append(contentsOf: bytes[runStart..<index])
                guard index + 1 < bytes.count else { return nil }
                let escaped = bytes[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(scalar) {
                        // A high surrogate must be followed by an escaped low one.
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { return nil }
                        index += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    text.append(contentsOf: UTF8.encode(unicode)!)
                default:
                    return nil
                }
                runStart = index
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case 48...57: digit = byte - 48
                case 97...102: digit = byte - 87
                case 65...70: digit = byte - 55
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
    }
}

/// One output line, `{"entities": [{"forms"?, "kind", "name"}, …], "highlights": […], "id": …,
/// "topics": […]}`, written by hand: the bytes `JSONEncoder` writes with sorted keys and slashes
/// unescaped (the tests compare the two), in a fraction of its time.
enum ResultLine {
    static func write(
        _ suggestions: StorySuggestions, id: StoryID, forms: Bool, to buffer: inout Data, encoder: JSONEncoder
    ) throws {
        var line: [UInt8] = []
        line.reserveCapacity(1024)
        line += #"{"entities":["#.utf8
        for (index, entity) in suggestions.entities.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            line.append(UInt8(ascii: "{"))
            if forms {
                line += #""forms":"#.utf8
                JSONText.append(entity.forms, to: &line)
                line.append(UInt8(ascii: ","))
            }
            line += #""kind":"#.utf8
            JSONText.append(entity.kind.entityLabel, to: &line)
            line += #","name":"#.utf8
            JSONText.append(entity.name, to: &line)
            line.append(UInt8(ascii: "}"))
        }
        line += #"],"highlights":"#.utf8
        JSONText.append(suggestions.highlights, to: &line)
        line += #","id":"#.utf8
        switch id {
        case .text(let text): JSONText.append(text, to: &line)
        case .integer(let integer): line += String(integer).utf8
        case .number: line += try encoder.encode(id)
        }
        line += #","topics":"#.utf8
        JSONText.append(suggestions.topics.map(\.name), to: &line)
        line.append(UInt8(ascii: "}"))
        buffer.append(contentsOf: line)
    }
}

/// JSON strings as `JSONEncoder` writes them without escaping slashes: `"` and `\` escaped, the
/// control characters as `\b \t \n \f \r` or `\u00xx`, everything else as its UTF-8.
enum JSONText {
    static func append(_ strings: [String], to line: inout [UInt8]) {
        line.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            append(string, to: &line)
        }
        line.append(UInt8(ascii: "]"))
    }

    static func append(_ string: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): line += #"\""#.utf8
            case UInt8(ascii: "\\"): line += #"\\"#.utf8
            case 0x08: line += #"\b"#.utf8
            case 0x09: line += #"\t"#.utf8
            case 0x0A: line += #"\n"#.utf8
            case 0x0C: line += #"\f"#.utf8
            case 0x0D: line += #"\r"#.utf8
            case 0..<0x20:
                line += #"\u00"#.utf8
                line.append(hexDigits[Int(byte >> 4)])
                line.append(hexDigits[Int(byte & 0x0F)])
            default: line.append(byte)
            }
        }
        line.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

extension TopicKind {
    /// The CoNLL label of a person, place or organisation: "PER", "LOC", "ORG"; "MISC" otherwise.
    public var entityLabel: String {
        switch self {
        case .person: return "PER"
        case .place: return "LOC"
        case .organisation: return "ORG"
        case .other: return "MISC"
        }
    }
}

/// One line of the `--entity-features` output that bench/topics/fit.py reads.
private struct EntityFeatureLine: Encodable {
    struct Candidate: Encodable {
        var forms: [String]
        var features: [String]
    }

    var id: StoryID
    var candidates: [Candidate]
}

/// One line of the `--features` output that bench/highlights/fit.py reads.
private struct FeatureLine: Encodable {
    struct Candidate: Encodable {
        var text: String
        var trimmed: String
        var features: [Double]
        var eligible: Bool
    }

    var id: StoryID
    var sentences: [Candidate]

    init(id: StoryID, candidates: [HighlightCandidate]) {
        self.id = id
        sentences = candidates.map {
            Candidate(text: $0.text, trimmed: $0.trimmed, features: $0.features, eligible: $0.isEligible)
        }
    }
}
