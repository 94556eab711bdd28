import CLibXML2

extension HTMLDocument {
    /// Receives libxml2's SAX events and appends them to a flat node list.
    ///
    /// A class, because libxml2 hands it back to the callbacks as an opaque pointer; it lives only
    /// for one `parse` call on one thread.
    final class TreeBuilder {
        private(set) var nodes = [Node(name: "#root", text: "", attributes: Attributes(), parent: -1)]
        /// The element new nodes go into.
        private var current = 0
        /// How many dropped elements (style, svg…) enclose the parser's position; their content is skipped.
        private var skipDepth = 0
        /// Element and attribute names by libxml2's interned pointer, so each is converted once.
        private var names: [UnsafeRawPointer: String] = [:]

        /// Parses `count` bytes of UTF-8 at `characters`; false when libxml2 cannot start.
        func parse(_ characters: UnsafePointer<CChar>, count: Int32) -> Bool {
            guard let context = htmlCreateMemoryParserCtxt(characters, count) else { return false }
            defer { htmlFreeParserCtxt(context) }
            var handler = htmlSAXHandler()
            handler.startElement = { context, name, attributes in
                guard let context, let name else { return }
                TreeBuilder.from(context).start(name, attributes)
            }
            handler.endElement = { context, _ in
                guard let context else { return }
                TreeBuilder.from(context).end()
            }
            handler.characters = { context, text, length in
                guard let context, let text else { return }
                TreeBuilder.from(context).characters(text, Int(length))
            }
            handler.ignorableWhitespace = handler.characters
            handler.cdataBlock = handler.characters
            guard let sax = context.pointee.sax else { return false }
            sax.pointee = handler
            context.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
            // The bytes are already UTF-8, so libxml2 must not switch charset on a <meta> it meets.
            let options = Int32(
                HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                    | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
            htmlCtxtUseOptions(context, options)
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
            _ = withExtendedLifetime(self) { htmlParseDocument(context) }
            return true
        }

        private static func from(_ context: UnsafeMutableRawPointer) -> TreeBuilder {
            Unmanaged<TreeBuilder>.fromOpaque(context).takeUnretainedValue()
        }

        private func name(_ pointer: UnsafePointer<xmlChar>) -> String {
            let key = UnsafeRawPointer(pointer)
            if let known = names[key] { return known }
            let made = String(cString: pointer).lowercased()
            names[key] = made
            return made
        }

        private func start(
            _ rawName: UnsafePointer<xmlChar>, _ rawAttributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
        ) {
            if skipDepth > 0 {
                skipDepth += 1
                return
            }
            let elementName = name(rawName)
            var attributes = Attributes()
            if var cursor = rawAttributes {
                while let attributeName = cursor.pointee {
                    let value = cursor.successor().pointee.map { String(cString: $0) } ?? ""
                    attributes.pairs.append((name(attributeName), value))
                    cursor = cursor.successor().successor()
                }
            }
            if HTMLDocument.droppedElements.contains(elementName)
                || (elementName == "script"
                    && !ByteSearch.containsIgnoringASCIICase(attributes["type"] ?? "", "ld+json"))
            {
                skipDepth = 1
                return
            }
            var node = Node(name: elementName, text: "", attributes: attributes, parent: current)
            node.isBlock = HTMLTags.blocks.contains(elementName)
            append(node)
            current = nodes.count - 1
        }

        private func end() {
            if skipDepth > 0 {
                skipDepth -= 1
                return
            }
            if current > 0 { current = nodes[current].parent }
        }

        private func characters(_ text: UnsafePointer<xmlChar>, _ length: Int) {
            guard skipDepth == 0, length > 0 else { return }
            let chunk = String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)
            // libxml2 may deliver one run of text in several pieces.
            let last = nodes[current].lastChild
            if last >= 0, nodes[last].isText {
                nodes[last].text += chunk
            } else {
                append(Node(name: "", text: chunk, attributes: Attributes(), parent: current))
            }
        }

        /// Adds `node` as the last child of its parent.
        private func append(_ node: Node) {
            let index = nodes.count
            let parent = node.parent
            nodes.append(node)
            if nodes[parent].lastChild >= 0 {
                nodes[nodes[parent].lastChild].nextSibling = index
            } else {
                nodes[parent].firstChild = index
            }
            nodes[parent].lastChild = index
        }
    }
}
