import CLibXML2
import DatelineCore
import Foundation

/// A small, safe XML reader for agency copy: the document as a tree of elements with their
/// namespaces, attributes and text.
///
/// Hostile input is refused before libxml2 sees it or bounded while it reads: a document type
/// declaration (where entity bombs and external entities live) is refused outright, so no entity
/// is ever expanded and no file or network address is ever opened; the parser runs with network
/// access off and without entity substitution or DTD loading; documents larger than the limit
/// and elements nested deeper than ``maximumDepth`` are refused.
struct XMLTree {
    /// One element: its local name, namespace URI, attributes by (local) name, and children.
    final class Element {
        let name: String
        let namespace: String?
        let attributes: [String: String]
        fileprivate(set) var children: [Node] = []

        init(name: String, namespace: String?, attributes: [String: String]) {
            self.name = name
            self.namespace = namespace
            self.attributes = attributes
        }

        /// The child elements, in order.
        var elements: [Element] {
            children.compactMap { if case .element(let element) = $0 { element } else { nil } }
        }

        /// The child elements called `name`.
        func children(_ name: String) -> [Element] { elements.filter { $0.name == name } }

        /// The first child element called `name`.
        func child(_ name: String) -> Element? { elements.first { $0.name == name } }

        /// All text inside, in document order, whitespace as written.
        var text: String {
            children.map { node in
                switch node {
                case .text(let text): text
                case .element(let element): element.text
                }
            }.joined()
        }

        /// The text inside with whitespace collapsed; nil when empty.
        var trimmedText: String? { text.collapsingWhitespace().nilIfEmpty }
    }

    enum Node {
        case element(Element)
        case text(String)
    }

    /// The deepest nesting accepted.
    static let maximumDepth = 200

    let root: Element

    /// Parses `bytes`, or throws a message a person can act on.
    /// `kind` names what the document should be in messages ("NewsML-G2", "an RSS or Atom feed").
    init(bytes: [UInt8], maximumBytes: Int, kind: String = "NewsML-G2") throws(WireReadError) {
        guard bytes.count <= maximumBytes else {
            throw WireReadError("the file is \(bytes.count) bytes, over the \(maximumBytes)-byte limit for wire items")
        }
        guard !bytes.isEmpty else { throw WireReadError("the file is empty") }
        // Read as UTF-8 whatever the declaration says, so the checks below see what the parser sees.
        guard !bytes.contains(0) else {
            throw WireReadError("the XML holds NUL bytes or is not UTF-8 (UTF-16, say); send NewsML-G2 as UTF-8")
        }
        if Self.contains(bytes, "<!doctype") || Self.contains(bytes, "<!entity") {
            throw WireReadError(
                "the XML has a document type declaration (<!DOCTYPE or <!ENTITY); \(kind) needs none, and Dateline "
                    + "refuses them because they can expand entities without bound or reach for files and addresses")
        }
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NOCDATA.rawValue)
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
                }
            }
        }
        guard let document else {
            let detail = xmlGetLastError().flatMap { error in
                error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
                    .map { "line \(error.pointee.line): \($0)" }
            }
            throw WireReadError("not well-formed XML" + (detail.map { " (\($0))" } ?? ""))
        }
        defer { xmlFreeDoc(document) }
        guard document.pointee.intSubset == nil, document.pointee.extSubset == nil else {
            throw WireReadError("the XML has a document type declaration; Dateline refuses them")
        }
        guard let top = xmlDocGetRootElement(document) else { throw WireReadError("the XML has no root element") }
        root = try Self.convert(top, depth: 0)
    }

    /// True when `bytes` hold `needle` (lower-case ASCII), ignoring ASCII case.
    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return false }
        let last = bytes.count - pattern.count
        for index in 0...last {
            var matched = true
            for offset in 0..<pattern.count {
                let byte = bytes[index + offset]
                let folded = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                if folded != pattern[offset] {
                    matched = false
                    break
                }
            }
            if matched { return true }
        }
        return false
    }

    private static func convert(_ node: xmlNodePtr, depth: Int) throws(WireReadError) -> Element {
        guard depth < maximumDepth else {
            throw WireReadError("the XML nests elements more than \(maximumDepth) deep")
        }
        let name = node.pointee.name.map { String(cString: $0) } ?? ""
        let namespace = node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let rawName = current.pointee.name {
                var key = String(cString: rawName)
                if let prefix = current.pointee.ns?.pointee.prefix { key = String(cString: prefix) + ":" + key }
                // An attribute's value is the text nodes under it (entity references are never
                // substituted, and without a DTD none but the predefined ones can occur).
                var value = ""
                var part = current.pointee.children
                while let text = part {
                    if let content = text.pointee.content { value += String(cString: content) }
                    part = text.pointee.next
                }
                attributes[key] = value
            }
            attribute = current.pointee.next
        }
        let element = Element(name: name, namespace: namespace, attributes: attributes)
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(.element(try convert(current, depth: depth + 1)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { element.children.append(.text(String(cString: content))) }
            case XML_ENTITY_REF_NODE:
                // Only the five predefined entities and character references can occur without a
                // DTD, and libxml2 resolves those itself; anything else is dropped.
                break
            default:
                break
            }
            child = current.pointee.next
        }
        return element
    }
}

/// Why a wire file could not be read, in words a person can act on.
public struct WireReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
