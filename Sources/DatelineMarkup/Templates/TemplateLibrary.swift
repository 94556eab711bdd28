/// A set of parsed templates that can name each other as partials, and the renderer.
///
/// Every `{{name}}` is HTML-escaped (the five characters `& < > " '`, as ``HTMLEscaping`` does);
/// the output is built in one byte buffer, so a page is one allocation that grows, not a string
/// per section joined up the tree.
public struct TemplateLibrary: Sendable {
    private let templates: [String: CompiledTemplate]

    public init(templates: [String: CompiledTemplate]) {
        self.templates = templates
    }

    /// Parses each source, throwing with the template's name, line and column at fault.
    public init(sources: [String: String]) throws(TemplateLibraryError) {
        var templates: [String: CompiledTemplate] = [:]
        for (name, source) in sources {
            do {
                templates[name] = try CompiledTemplate(source)
            } catch {
                throw TemplateLibraryError(template: name, syntax: error)
            }
        }
        self.init(templates: templates)
    }

    public func hasTemplate(named name: String) -> Bool { templates[name] != nil }

    /// `value` rendered with the template called `name`; nil when there is no such template.
    /// A partial that does not exist renders as nothing, as Mustache specifies.
    public func render(_ value: Any, withTemplate name: String) -> String? {
        renderUTF8(value, withTemplate: name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// ``render(_:withTemplate:)`` as UTF-8 bytes, for a response body: the text is valid UTF-8
    /// by construction (template text and Swift strings), so it need not be checked again.
    public func renderUTF8(_ value: Any, withTemplate name: String) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = TemplateRenderer(library: self, root: .reflecting(value))
        renderer.render(template.nodes, in: Frame())
        return renderer.output
    }

    fileprivate func template(named name: String) -> CompiledTemplate? { templates[name] }
}

/// A template of a library that does not parse.
public struct TemplateLibraryError: Error, Sendable, CustomStringConvertible {
    public let template: String
    public let syntax: TemplateSyntaxError

    public var description: String { "\(template): \(syntax)" }
}

/// What a partial passes on to what it renders: its indentation and the blocks overridden by
/// the parents it sits in (an outer parent's definition wins over an inner one's).
private struct Frame {
    var indentation: [UInt8]?
    var overrides: [String: [CompiledTemplate.Node]]?
}

private struct TemplateRenderer {
    let library: TemplateLibrary
    var output: [UInt8] = []
    var stack: [TemplateValue]

    init(library: TemplateLibrary, root: TemplateValue) {
        self.library = library
        stack = [root]
        output.reserveCapacity(16_384)
    }

    /// Renders `nodes`. With an indentation (inside a partial that stood alone on its line), a
    /// node that prints something right after a newline this call printed is indented first —
    /// swift-mustache's rule, kept so pages do not change by a byte.
    mutating func render(_ nodes: [CompiledTemplate.Node], in frame: Frame) {
        guard let indentation = frame.indentation, !indentation.isEmpty else {
            for node in nodes { render(node, in: frame) }
            return
        }
        let start = output.count
        for node in nodes {
            let mark = output.count
            let afterNewline = mark > start && output[mark - 1] == UInt8(ascii: "\n")
            render(node, in: frame)
            if afterNewline && output.count > mark {
                output.insert(contentsOf: indentation, at: mark)
            }
        }
    }

    private mutating func render(_ node: CompiledTemplate.Node, in frame: Frame) {
        switch node {
        case .text(let bytes):
            output.append(contentsOf: bytes)
        case .variable(let path, let escaped):
            let value = lookUp(path)
            if case .text(let text) = value {
                append(text, escaped: escaped)
            } else if case .missing = value {
                return
            } else {
                append(value.printed, escaped: escaped)
            }
        case .section(let path, let body, let inverted):
            let value = lookUp(path)
            if inverted {
                switch value {
                case .missing, .bool(false): render(body, in: frame)
                case .list(let list) where list.count == 0: renderInside(value, body, in: frame)
                default: break
                }
                return
            }
            switch value {
            case .missing, .bool(false):
                break
            case .bool(true):
                render(body, in: frame)
            case .list(let list):
                for index in 0..<list.count {
                    renderInside(list.element(at: index), body, in: frame)
                }
            default:
                renderInside(value, body, in: frame)
            }
        case .partial(let name, let indented, let overrides):
            guard let template = library.template(named: name) else { return }
            var inner = frame
            if let indented { inner.indentation = (frame.indentation ?? []) + indented }
            if let overrides {
                inner.overrides = frame.overrides.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(template.nodes, in: inner)
        case .block(let name, let body, let indented):
            var inner = frame
            inner.indentation = (frame.indentation ?? []) + indented
            render(frame.overrides?[name] ?? body, in: inner)
        case .definition:
            // Only inside a parent's body, which the parser turns into overrides.
            break
        }
    }

    private mutating func renderInside(_ value: TemplateValue, _ body: [CompiledTemplate.Node], in frame: Frame) {
        stack.append(value)
        render(body, in: frame)
        stack.removeLast()
    }

    /// A name's value: its first part looked up from the innermost value outwards (a value that
    /// lacks the name, or holds nil for it, passes the lookup on), the rest inside what was found.
    private func lookUp(_ path: TemplatePath) -> TemplateValue {
        guard let first = path.names.first else { return stack.last ?? .missing }
        var value = TemplateValue.missing
        if path.currentOnly {
            value = stack.last?.child(named: first) ?? .missing
        } else {
            for candidate in stack.reversed() {
                let found = candidate.child(named: first)
                if case .missing = found { continue }
                value = found
                break
            }
        }
        for name in path.names.dropFirst() {
            if case .missing = value { return .missing }
            value = value.child(named: name)
        }
        return value
    }

    private mutating func append(_ text: String, escaped: Bool) {
        var text = text
        text.withUTF8 { bytes in
            guard escaped else {
                output.append(contentsOf: bytes)
                return
            }
            HTMLEscaping.append(escaping: bytes, to: &output)
        }
    }
}
