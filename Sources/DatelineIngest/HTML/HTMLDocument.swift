import CLibXML2
import DatelineCore
import Foundation

/// A parsed HTML page as a flat tree of elements and text, built by libxml2's forgiving HTML
/// parser and walked without recursion, so no page can overflow the stack.
struct HTMLDocument: Sendable {
    /// One element or text run of the page. Children are linked rather than listed, so a node
    /// costs no allocation of its own.
    struct Node: Sendable {
        /// The lower-case element name, or "" for a text node.
        var name: String
        /// The text of a text node; empty for elements.
        var text: String
        /// The element's attributes, names in lower case.
        var attributes: Attributes
        /// The index of the parent node; -1 for the root.
        var parent: Int
        /// The index of the first child, or -1.
        var firstChild = -1
        /// The index of the last child, or -1.
        var lastChild = -1
        /// The index of the next sibling, or -1.
        var nextSibling = -1
        /// What the element's name says (block, heading, link…); empty for text nodes.
        var traits: HTMLTags.Traits = []

        /// True for text nodes.
        var isText: Bool { name.isEmpty }
        /// True for elements that start a new line of text in a browser (see ``HTMLTags/blocks``).
        var isBlock: Bool { traits.contains(.block) }
    }

    /// An element's attributes: a short list searched in order, cheaper than a dictionary for the
    /// two or three attributes an element has. Only the attributes in ``HTMLDocument/keptAttributes``
    /// are kept; asking for another one is a programming error (caught in debug builds).
    struct Attributes: Sendable {
        var pairs: [(name: String, value: String)] = []

        /// The value of the attribute called `name` (lower case), or nil.
        subscript(name: String) -> String? {
            assert(HTMLDocument.keptAttributes.contains(name), "the tree does not keep the attribute \(name)")
            for pair in pairs where pair.name == name { return pair.value }
            return nil
        }
    }

    /// The attributes any reader of the tree looks at. Pages carry many more (`data-*`, event
    /// handlers, `aria-*` labels, tracking ids); the tree builder skips those without making strings
    /// of them. A reader that needs another attribute adds it here.
    static let keptAttributes: Set<String> = [
        "alt", "aria-hidden", "class", "content", "data-src", "datetime", "hidden", "href", "http-equiv", "id",
        "itemprop", "lang", "name", "property", "pubdate", "rel", "role", "src", "style", "type", "xml:lang",
    ]

    /// Why the page could not be parsed at all.
    struct Failure: Error {
        var message: String
    }

    /// Every node in document order; index 0 is a synthetic root holding the `<html>` element.
    private(set) var nodes: [Node]

    /// Elements whose content never reaches a reader and only costs time to keep.
    static let droppedElements: Set<String> = [
        "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "audio",
        "video", "source", "track", "map", "input", "select", "textarea", "button", "option", "dialog",
    ]

    /// Parses UTF-8 page text; libxml2 repairs broken and truncated markup as browsers do.
    ///
    /// libxml2 reports the page through SAX callbacks straight into this tree, so it never builds
    /// (and frees) a tree of its own.
    ///
    /// Comments, scripts and style sheets are cut before libxml2 reads the page (``Prefilter``);
    /// `prefiltering: false` parses the page as it is, to show that both give the same tree.
    init(utf8 bytes: [UInt8], prefiltering: Bool = true) throws(Failure) {
        guard bytes.count < Int(Int32.max) else { throw Failure(message: "the page is too large to parse") }
        let bytes = prefiltering ? Prefilter.stripped(bytes) : bytes
        guard !bytes.isEmpty else {
            nodes = TreeBuilder().nodes
            return
        }
        let parsed: [Node]? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { characters in
                TreeBuilder.parse(characters, count: Int32(buffer.count))
            }
        }
        guard let parsed else { throw Failure(message: "libxml2 could not start parsing the page") }
        nodes = parsed
    }

    // MARK: - Queries

    /// The node at `index`.
    subscript(index: Int) -> Node {
        // Yielded in place: `document[i].name` reads one field without copying the node.
        _read { yield nodes[index] }
    }

    /// The children of `index`, in document order.
    func children(of index: Int) -> [Int] {
        var result: [Int] = []
        var child = nodes[index].firstChild
        while child >= 0 {
            result.append(child)
            child = nodes[child].nextSibling
        }
        return result
    }

    /// The number of children of `index`.
    func childCount(of index: Int) -> Int {
        var count = 0
        var child = nodes[index].firstChild
        while child >= 0 {
            count += 1
            child = nodes[child].nextSibling
        }
        return count
    }

    /// The node after `index` in document order within `root`'s subtree, skipping `index`'s own
    /// children when `descend` is false; -1 at the end. A walk by links needs no stack at all.
    @inline(__always)
    func following(_ index: Int, within root: Int, descend: Bool = true) -> Int {
        if descend, nodes[index].firstChild >= 0 { return nodes[index].firstChild }
        var current = index
        while current != root {
            let sibling = nodes[current].nextSibling
            if sibling >= 0 { return sibling }
            current = nodes[current].parent
            if current < 0 { return -1 }
        }
        return -1
    }

    /// Every element index below `root` (root included), in document order.
    func elements(under root: Int = 0) -> [Int] {
        var result: [Int] = []
        var index = root
        while index >= 0 {
            if !nodes[index].isText { result.append(index) }
            index = following(index, within: root)
        }
        return result
    }

    /// The first element named `name` in document order below `root`.
    func first(_ name: String, under root: Int = 0) -> Int? {
        var index = root
        while index >= 0 {
            if nodes[index].name == name { return index }
            index = following(index, within: root)
        }
        return nil
    }

    /// All elements named `name`, in document order.
    func all(_ name: String, under root: Int = 0) -> [Int] {
        var result: [Int] = []
        var index = root
        while index >= 0 {
            if nodes[index].name == name { result.append(index) }
            index = following(index, within: root)
        }
        return result
    }

    /// The text below `root` with inline whitespace collapsed and block boundaries as spaces; nil
    /// as soon as it grows past `limit` visible characters.
    func text(of root: Int, limit: Int) -> String? {
        var out = HTMLWhitespace.Collapsed(capacity: 64)
        var visible = 0
        var index = root
        while index >= 0 {
            if nodes[index].isText {
                visible += out.append(nodes[index].text)
                if visible > limit { return nil }
            } else if nodes[index].isBlock {
                out.appendSpace()
            }
            index = following(index, within: root, descend: !nodes[index].traits.contains(.script))
        }
        return out.string
    }

    /// The text below `root` with inline whitespace collapsed and block boundaries as spaces.
    func text(of root: Int) -> String {
        text(of: root, limit: .max) ?? ""
    }

    /// True when `ancestor` is `index` or one of its ancestors.
    func contains(_ ancestor: Int, _ index: Int) -> Bool {
        var cursor = index
        while cursor >= 0 {
            if cursor == ancestor { return true }
            cursor = nodes[cursor].parent
        }
        return false
    }

    /// The number of elements between `index` and the root.
    func depth(of index: Int) -> Int {
        var depth = 0
        var cursor = nodes[index].parent
        while cursor >= 0 {
            depth += 1
            cursor = nodes[cursor].parent
        }
        return depth
    }
}
