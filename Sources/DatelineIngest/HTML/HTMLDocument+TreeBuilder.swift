import CLibXML2

extension HTMLDocument {
    /// Receives libxml2's SAX events and appends them to a flat node list.
    ///
    /// libxml2 hands it back to the callbacks as an opaque pointer, so it lives at a fixed address
    /// of its own for one `parse` call on one thread; reached through that pointer, its state costs
    /// none of the run-time exclusivity checks a class's stored properties would.
    struct TreeBuilder {
        fileprivate(set) var nodes = [Node(name: "#root", text: "", attributes: Attributes(), parent: -1)]
        /// The element new nodes go into.
        private var current = 0
        /// How many dropped elements (style, svg…) enclose the parser's position; their content is skipped.
        private var skipDepth = 0
        /// Element and attribute names by libxml2's interned pointer, so each is converted (and
        /// looked up in the name lists) once per page.
        private var names = NameTable()

        /// The nodes of the `count` bytes of UTF-8 at `characters`; nil when libxml2 cannot start.
        static func parse(_ characters: UnsafePointer<CChar>, count: Int32) -> [Node]? {
            let builder = UnsafeMutablePointer<TreeBuilder>.allocate(capacity: 1)
            builder.initialize(to: TreeBuilder())
            // Room for one node per 24 bytes of prefiltered markup, made once, instead of the
            // array growing (and copying every node) a dozen times on a large page.
            builder.pointee.nodes.reserveCapacity(Int(count) / 24 + 16)
            defer {
                builder.deinitialize(count: 1)
                builder.deallocate()
            }
            guard let context = htmlCreateMemoryParserCtxt(characters, count) else { return nil }
            defer { htmlFreeParserCtxt(context) }
            var handler = htmlSAXHandler()
            handler.startElement = { context, name, attributes in
                guard let context, let name else { return }
                TreeBuilder.from(context).pointee.start(name, attributes)
            }
            handler.endElement = { context, _ in
                guard let context else { return }
                TreeBuilder.from(context).pointee.end()
            }
            handler.characters = { context, text, length in
                guard let context, let text else { return }
                TreeBuilder.from(context).pointee.characters(text, Int(length))
            }
            handler.ignorableWhitespace = handler.characters
            handler.cdataBlock = handler.characters
            guard let sax = context.pointee.sax else { return nil }
            sax.pointee = handler
            context.pointee.userData = UnsafeMutableRawPointer(builder)
            // The bytes are already UTF-8, so libxml2 must not switch charset on a <meta> it meets.
            let options = Int32(
                HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                    | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
            htmlCtxtUseOptions(context, options)
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
            htmlParseDocument(context)
            return builder.pointee.nodes
        }

        private static func from(_ context: UnsafeMutableRawPointer) -> UnsafeMutablePointer<TreeBuilder> {
            context.assumingMemoryBound(to: TreeBuilder.self)
        }

        private mutating func name(_ pointer: UnsafePointer<xmlChar>) -> NameTable.Entry {
            let key = UnsafeRawPointer(pointer)
            if let known = names[key] { return known }
            let made = String(cString: pointer).lowercased()
            let entry = NameTable.Entry(
                name: made, traits: HTMLTags.Traits(name: made), isDropped: HTMLDocument.droppedElements.contains(made),
                isKeptAttribute: HTMLDocument.keptAttributes.contains(made))
            names[key] = entry
            return entry
        }

        private mutating func start(
            _ rawName: UnsafePointer<xmlChar>, _ rawAttributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
        ) {
            if skipDepth > 0 {
                skipDepth += 1
                return
            }
            let element = name(rawName)
            if element.isDropped {
                skipDepth = 1
                return
            }
            var attributes = Attributes()
            if var cursor = rawAttributes {
                while let attributeName = cursor.pointee {
                    let attribute = name(attributeName)
                    if attribute.isKeptAttribute {
                        let value = cursor.successor().pointee.map { String(cString: $0) } ?? ""
                        attributes.pairs.append((attribute.name, value))
                    }
                    cursor = cursor.successor().successor()
                }
            }
            if element.traits.contains(.script),
                !ByteSearch.containsIgnoringASCIICase(attributes["type"] ?? "", "ld+json")
            {
                skipDepth = 1
                return
            }
            var node = Node(name: element.name, text: "", attributes: attributes, parent: current)
            node.traits = element.traits
            append(node)
            current = nodes.count - 1
        }

        private mutating func end() {
            if skipDepth > 0 {
                skipDepth -= 1
                return
            }
            if current > 0 { current = nodes[current].parent }
        }

        private mutating func characters(_ text: UnsafePointer<xmlChar>, _ length: Int) {
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
        private mutating func append(_ node: Node) {
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

extension HTMLDocument {
    /// A small open-addressing table from libxml2's interned name pointers to what the tree builder
    /// knows of each name; cheaper than a `Dictionary`, which would hash every pointer with SipHash.
    struct NameTable {
        struct Entry {
            /// The lower-case name.
            var name: String
            /// What the name means as an element.
            var traits: HTMLTags.Traits
            /// True for elements whose content the tree skips (``HTMLDocument/droppedElements``).
            var isDropped: Bool
            /// True for attributes the tree keeps (``HTMLDocument/keptAttributes``).
            var isKeptAttribute: Bool
        }

        private var keys = [UnsafeRawPointer?](repeating: nil, count: 256)
        private var entries = [Entry?](repeating: nil, count: 256)
        private var count = 0

        private func slot(of key: UnsafeRawPointer) -> Int {
            let mask = keys.count - 1
            var slot = Int(truncatingIfNeeded: (UInt(bitPattern: key) >> 3) &* 0x9E37_79B9_7F4A_7C15 >> 40) & mask
            while let existing = keys[slot], existing != key { slot = (slot + 1) & mask }
            return slot
        }

        subscript(key: UnsafeRawPointer) -> Entry? {
            get { entries[slot(of: key)] }
            set {
                guard let newValue else { return }
                let place = slot(of: key)
                if keys[place] == nil {
                    count += 1
                    keys[place] = key
                }
                entries[place] = newValue
                if count * 2 > keys.count { grow() }
            }
        }

        private mutating func grow() {
            let oldKeys = keys
            let oldEntries = entries
            keys = [UnsafeRawPointer?](repeating: nil, count: oldKeys.count * 2)
            entries = [Entry?](repeating: nil, count: oldKeys.count * 2)
            count = 0
            for (key, entry) in zip(oldKeys, oldEntries) {
                if let key, let entry { self[key] = entry }
            }
        }
    }
}
