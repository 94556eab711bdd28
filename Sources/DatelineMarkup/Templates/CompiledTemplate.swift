/// A parsed page template in the Mustache subset the site's templates use: text, `{{name}}`
/// (escaped for HTML), `{{{name}}}` and `{{&name}}` (as they are), sections `{{#name}}…{{/name}}`,
/// inverted sections `{{^name}}…{{/name}}`, partials `{{>name}}`, comments `{{!…}}`, dotted names
/// and `{{.}}`. Parsed once at start-up into nodes whose text is already UTF-8 bytes and whose
/// names are already split, so rendering only looks values up and copies bytes.
///
/// Whitespace follows the Mustache specification as swift-mustache 2.1 implements it (a tag alone
/// on its line takes the line with it; a partial alone on its line is indented like the tag), so
/// pages come out byte for byte as they did with that library: TemplateEngineTests renders every
/// template both ways.
public struct CompiledTemplate: Sendable {
    let nodes: [Node]

    /// Parses `source`, throwing ``TemplateSyntaxError`` with the line and column at fault.
    public init(_ source: String) throws(TemplateSyntaxError) {
        var parser = TemplateParser(Array(source.utf8))
        nodes = try parser.parseAll()
    }

    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(TemplatePath, escaped: Bool)
        case section(TemplatePath, [Node], inverted: Bool)
        /// A partial (`{{>name}}`) or a parent (`{{<name}}…{{/name}}`, `overrides` holding the
        /// blocks it redefines); `indentation` is set when the tag stood alone on its line.
        case partial(String, indentation: [UInt8]?, overrides: [String: [Node]]?)
        /// `{{$name}}default{{/name}}`: a block a child template may override.
        case block(String, [Node], indentation: [UInt8])
        /// A block's new content inside a `{{<parent}}`; only ever found there.
        case definition(String, [Node])
    }
}

/// A name as a template writes it: `.` (the current value), `a.b.c` (a looked up anywhere on the
/// stack, then b and c inside it), or `.a` (a in the current value only).
struct TemplatePath: Sendable {
    let names: [String]
    let currentOnly: Bool

    init(_ text: String) {
        if text == "." {
            names = []
            currentOnly = true
        } else {
            names = text.split(separator: ".").map(String.init)
            currentOnly = text.first == "."
        }
    }
}

/// A template that cannot be parsed: what is wrong and where.
public struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Reads a template's bytes. The rules for whitespace mirror swift-mustache's parser so output
/// stays the same: each line of text is its own node, a section, inverted section, closing,
/// comment or partial tag alone on its line (only spaces and tabs around it) removes the line.
struct TemplateParser {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private static let open: [UInt8] = Array("{{".utf8)
    private static let close: [UInt8] = Array("}}".utf8)
    private static let newline = UInt8(ascii: "\n")

    mutating func parseAll() throws(TemplateSyntaxError) -> [CompiledTemplate.Node] {
        try parse(ParseState())
    }

    private var atEnd: Bool { position >= bytes.count }
    private var current: UInt8 { bytes[position] }

    private func failure(_ message: String, at offset: Int? = nil) -> TemplateSyntaxError {
        let end = min(offset ?? position, bytes.count)
        var line = 1
        var column = 1
        for byte in bytes[..<end] {
            if byte == Self.newline {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return TemplateSyntaxError(message: message, line: line, column: column)
    }

    /// Where the parser is: inside which section, at the start of a line or not, and inside the
    /// body of a `{{<parent}}` (whose top level holds only `{{$block}}` definitions).
    private struct ParseState {
        var section: String?
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var partialDefinitionIndent: [UInt8]?

        func entering(_ name: String, newLine: Bool) -> ParseState {
            var state = self
            state.section = name
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func enteringParent(_ name: String) -> ParseState {
            var state = self
            state.section = name
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    private mutating func parse(_ entry: ParseState) throws(TemplateSyntaxError) -> [CompiledTemplate.Node] {
        var nodes: [CompiledTemplate.Node] = []
        var state = entry
        var whiteSpaceBefore: [UInt8] = []
        while !atEnd {
            if state.newLine {
                let blanks = readBlanks()
                if state.isPartialDefinition && !state.isPartialDefinitionTopLevel {
                    // Inside a block definition the first line's indentation is the block's own.
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = Array(blanks.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = blanks
                    }
                } else {
                    whiteSpaceBefore = blanks
                }
            }
            let text = readTextUntilTagOrNewline()
            if !atEnd && current == Self.newline {
                nodes.append(.text(whiteSpaceBefore + text + [Self.newline]))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = []
                state.newLine = false
            }
            if atEnd { break }
            // Just after "{{".
            var setNewLine = false
            let tagStart = position - 2
            switch current {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = current == UInt8(ascii: "^")
                position += 1
                let name = try readName()
                if state.newLine && lineFinished() {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                let body = try parse(state.entering(name, newLine: setNewLine))
                nodes.append(.section(TemplatePath(name), body, inverted: inverted))
            case UInt8(ascii: "/"):
                position += 1
                let name = try readName()
                guard name == state.section else {
                    throw failure(
                        state.section.map { "{{/\(name)}} closes {{#\($0)}}" } ?? "{{/\(name)}} closes no section",
                        at: tagStart)
                }
                if !(state.newLine && lineFinished()) && !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                }
                return nodes
            case UInt8(ascii: "!"):
                position += 1
                guard let end = find(Self.close) else { throw failure("comment is not closed", at: tagStart) }
                position = end + 2
                setNewLine = state.newLine && lineFinished()
            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                let triple = current == UInt8(ascii: "{")
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                position += 1
                let name = try readName()
                if triple {
                    guard !atEnd && current == UInt8(ascii: "}") else {
                        throw failure("{{{\(name)}} needs a third }", at: tagStart)
                    }
                    position += 1
                }
                nodes.append(.variable(TemplatePath(name), escaped: false))
            case UInt8(ascii: ">"):
                position += 1
                let name = try readName(partial: true)
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                }
                if state.newLine && lineFinished() {
                    setNewLine = true
                    nodes.append(.partial(name, indentation: whiteSpaceBefore, overrides: nil))
                } else {
                    nodes.append(.partial(name, indentation: nil, overrides: nil))
                }
                whiteSpaceBefore = []
            case UInt8(ascii: "<"):
                // A parent template, its blocks overridden by the definitions inside.
                position += 1
                let name = try readName(partial: true)
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                }
                if state.newLine && lineFinished() {
                    setNewLine = true
                }
                var overrides: [String: [CompiledTemplate.Node]] = [:]
                for node in try parse(state.enteringParent(name)) {
                    switch node {
                    case .definition(let block, let body): overrides[block] = body
                    case .text: break
                    default: throw failure("{{<\(name)}} may hold only {{$block}} definitions", at: tagStart)
                    }
                }
                nodes.append(.partial(name, indentation: whiteSpaceBefore, overrides: overrides))
                whiteSpaceBefore = []
            case UInt8(ascii: "$"):
                position += 1
                let name = try readName()
                if state.isPartialDefinitionTopLevel {
                    setNewLine = state.newLine && lineFinished()
                    let body = try parse(state.entering(name, newLine: setNewLine))
                    nodes.append(.definition(name, body))
                } else {
                    if !whiteSpaceBefore.isEmpty {
                        nodes.append(.text(whiteSpaceBefore))
                    }
                    if state.newLine && lineFinished() {
                        setNewLine = true
                    }
                    let body = try parse(state.entering(name, newLine: setNewLine))
                    nodes.append(.block(name, body, indentation: whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
            case UInt8(ascii: "="), UInt8(ascii: "%"):
                throw failure("this kind of tag is not supported by Dateline's templates", at: tagStart)
            default:
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                let name = try readName()
                nodes.append(.variable(TemplatePath(name), escaped: true))
            }
            state.newLine = setNewLine
        }
        if let section = state.section {
            throw failure("{{#\(section)}} is not closed")
        }
        return nodes
    }

    private func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private mutating func readBlanks() -> [UInt8] {
        let start = position
        while !atEnd && isBlank(current) { position += 1 }
        return Array(bytes[start..<position])
    }

    /// Text up to a newline (not consumed) or "{{" (consumed), or to the end.
    private mutating func readTextUntilTagOrNewline() -> [UInt8] {
        let start = position
        while !atEnd {
            if current == Self.newline { return Array(bytes[start..<position]) }
            if current == UInt8(ascii: "{") && position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "{") {
                let text = Array(bytes[start..<position])
                position += 2
                return text
            }
            position += 1
        }
        return Array(bytes[start..<position])
    }

    /// After a tag: when only blanks remain on the line, takes them and the newline.
    private mutating func lineFinished() -> Bool {
        if atEnd { return true }
        var probe = position
        while probe < bytes.count && isBlank(bytes[probe]) { probe += 1 }
        guard probe < bytes.count, bytes[probe] == Self.newline else { return false }
        position = probe + 1
        return true
    }

    private func find(_ needle: [UInt8]) -> Int? {
        var index = position
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0] && bytes[index + 1] == needle[1] { return index }
            index += 1
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8, partial: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "?"), UInt8(ascii: "*"):
            return true
        case UInt8(ascii: "/"):
            return partial
        default:
            return false
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// A tag's name and its closing "}}".
    private mutating func readName(partial: Bool = false) throws(TemplateSyntaxError) -> String {
        while !atEnd && Self.isSpace(current) { position += 1 }
        let start = position
        while !atEnd && Self.isNameByte(current, partial: partial) { position += 1 }
        let name = String(decoding: bytes[start..<position], as: UTF8.self)
        while !atEnd && Self.isSpace(current) { position += 1 }
        guard position + 1 < bytes.count, current == Self.close[0], bytes[position + 1] == Self.close[1] else {
            throw failure(
                name.isEmpty ? "a tag has no name or is not closed with }}" : "{{\(name) is not closed with }}",
                at: start)
        }
        guard !name.isEmpty else { throw failure("a tag has no name", at: start) }
        position += 2
        return name
    }
}
