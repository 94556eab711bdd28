import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML document parsed with Foundation's `XMLParser` into a small tree, so tests can check
/// that feeds and sitemaps are well-formed and read what they say.
final class XMLTree {
    /// An element with its attributes, children and text.
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// Direct children called `name`.
        func all(_ name: String) -> [Element] { children.filter { $0.name == name } }
        /// The first direct child called `name`.
        func first(_ name: String) -> Element? { children.first { $0.name == name } }
        /// The text of the first direct child called `name`.
        func text(of name: String) -> String? { first(name)?.text }
    }

    /// The root element.
    let root: Element

    /// Parses `text`; throws when it is not well-formed XML.
    init(_ text: String) throws {
        let builder = Builder()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw XMLTreeError(message: parser.parserError.map { "\($0)" } ?? "no root element")
        }
        self.root = root
    }

    struct XMLTreeError: Error, CustomStringConvertible {
        let message: String
        var description: String { "not well-formed XML: \(message)" }
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: Element?
        var stack: [Element] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            let element = Element(name: elementName, attributes: attributeDict)
            if let parent = stack.last { parent.children.append(element) } else { root = element }
            stack.append(element)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
