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
            for index in 0..<buffer.count where buffer[index] == UInt8(ascii: "\n") {
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
