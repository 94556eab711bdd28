import CLibXML2

/// Reads a piece of HTML (a story body block, not a whole page) with libxml2's HTML parser and
/// hands back what a browser would see in it: elements opening and closing, in balanced order,
/// and text with every character reference already resolved (`&rsquo;` is "’", `&#233;` is "é").
///
/// It judges nothing: deciding which elements may stay is the caller's business (the reader
/// site's sanitiser). It lives here, beside Ingest's page parser, because this target already
/// binds libxml2.
///
/// Bounded for any input: at most ``maximumBytes`` are read; elements nested deeper than
/// ``maximumDepth`` are not reported (their text still is); and past ``stopDepth`` the parser
/// stops, so libxml2's own per-tag walk of its open elements never grows with the input.
public enum HTMLFragmentReader {
    /// One thing the parser saw.
    public enum Event: Sendable, Equatable {
        /// An element opened; its name and attribute names are lower case, values decoded.
        case start(name: String, attributes: [Attribute])
        /// The element last opened (and not yet closed) closed.
        case end(name: String)
        /// A run of text, decoded.
        case text(String)
    }

    /// One attribute of an element; an attribute written without a value has "".
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The most of a fragment that is read; the rest is dropped (a story block is far smaller).
    public static let maximumBytes = 512 * 1024
    /// The deepest element reported.
    public static let maximumDepth = 64
    /// How deep libxml2 may nest before it is stopped (the rest of the fragment is dropped).
    public static let stopDepth = 1024

    /// The events of `html`, in order; every `start` has its `end`.
    public static func events(in html: String) -> [Event] {
        let bytes = prepared(html)
        guard !bytes.isEmpty else { return [] }
        // libxml2 wraps text outside <body> in an implied <p>; giving it a body to start in keeps
        // the fragment's own structure. The wrapper's events are not reported.
        let document = Array("<html><body>".utf8) + bytes
        let collector = Collector()
        document.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { characters in
                collector.parse(characters, count: Int32(buffer.count))
            }
        }
        collector.closeAll()
        return collector.events
    }

    /// True when libxml2 ends an open `open` element on meeting the start tag of `next`, as it
    /// ends a `<p>` at a `<ul>`. A sanitiser that drops elements uses this to close what the
    /// parser would close when it reads the sanitised output again, so that output reads back
    /// the same.
    public static func startTag(_ next: String, closes open: String) -> Bool {
        let events = events(in: "<\(open)><\(next)>")
        return events.count >= 2 && events[1] == .end(name: open)
    }

    /// The bytes given to libxml2: at most ``maximumBytes`` (cut at a character boundary), with
    /// an unfinished tag at the very end dropped, as browsers drop it, and numeric references to
    /// characters that cannot exist (NUL, surrogates, past U+10FFFF) written as U+FFFD, which
    /// browsers show and libxml2 would otherwise silently delete.
    static func prepared(_ html: String) -> [UInt8] {
        var bytes = Array(html.utf8)
        if bytes.count > maximumBytes {
            var end = maximumBytes
            while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            bytes.removeSubrange(end...)
        }
        if let lastOpen = bytes.lastIndex(of: UInt8(ascii: "<")), !bytes[lastOpen...].contains(UInt8(ascii: ">")),
            lastOpen + 1 < bytes.count, startsTag(bytes[(lastOpen + 1)...])
        {
            bytes.removeSubrange(lastOpen...)
        }
        bytes = cappingAttributes(bytes)
        guard bytes.contains(UInt8(ascii: "&")) else { return bytes }
        return replacingImpossibleReferences(bytes)
    }

    /// The most attributes of one tag given to libxml2, which checks each new attribute against
    /// all before it (60,000 attributes in one tag took seconds); the rest are dropped.
    public static let maximumAttributes = 64

    /// `bytes` with every attribute after the first ``maximumAttributes`` of a tag left out. The
    /// scan follows tags as libxml2 reads them (a quoted value may hold spaces and ">"); should it
    /// ever disagree, it only drops part of a pathological tag.
    static func cappingAttributes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            out.append(byte)
            index += 1
            guard byte == UInt8(ascii: "<"), index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"),
                (bytes[index] | 0x20) <= UInt8(ascii: "z")
            else { continue }
            // Inside a start tag: count names that follow whitespace, outside quoted values.
            var attributes = 0
            var sawSpace = false
            var previous: UInt8 = 0
            var quote: UInt8?
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: ">") {
                    out.append(byte)
                    break
                } else if (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")) && previous == UInt8(ascii: "=") {
                    quote = byte
                } else if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    sawSpace = true
                    if attributes < maximumAttributes { out.append(byte) }
                    continue
                } else if sawSpace, byte != UInt8(ascii: "="), previous != UInt8(ascii: "=") {
                    attributes += 1
                }
                sawSpace = false
                previous = byte
                if attributes <= maximumAttributes { out.append(byte) }
            }
        }
        return out
    }

    /// True when the bytes after a "<" make it a tag a browser would read ("a", "/a", "!", "?").
    private static func startsTag(_ rest: ArraySlice<UInt8>) -> Bool {
        guard var first = rest.first else { return false }
        if first == UInt8(ascii: "/"), rest.count > 1 { first = rest[rest.startIndex + 1] }
        let lower = first | 0x20
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || first == UInt8(ascii: "!")
            || first == UInt8(ascii: "?")
    }

    private static func replacingImpossibleReferences(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "&"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "#")
            else {
                out.append(bytes[index])
                index += 1
                continue
            }
            var cursor = index + 2
            let hex = bytes[cursor] | 0x20 == UInt8(ascii: "x")
            if hex { cursor += 1 }
            let digitsStart = cursor
            var value: UInt64 = 0
            while cursor < bytes.count, cursor - digitsStart < 16, let digit = digitValue(bytes[cursor], hex: hex) {
                value = value * (hex ? 16 : 10) + UInt64(digit)
                cursor += 1
            }
            let impossible = value == 0 || (0xD800...0xDFFF).contains(value) || value > 0x10FFFF
            guard cursor > digitsStart, impossible else {
                out.append(bytes[index])
                index += 1
                continue
            }
            // Any further digits and the ";" belong to the same reference.
            while cursor < bytes.count, digitValue(bytes[cursor], hex: hex) != nil { cursor += 1 }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") { cursor += 1 }
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            index = cursor
        }
        return out
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Receives libxml2's SAX events for one parse; a class because libxml2 hands it back to the
    /// callbacks as an opaque pointer.
    private final class Collector {
        var events: [Event] = []
        /// Open elements as libxml2 reported them, the wrapper's included.
        private var depth = 0
        /// How many of the open elements were reported (the rest are past ``maximumDepth``).
        private var reported: [String] = []
        private var pendingText: [UInt8] = []
        private var context: htmlParserCtxtPtr?
        private var stopped = false
        private var names: [UnsafeRawPointer: String] = [:]

        func parse(_ characters: UnsafePointer<CChar>, count: Int32) {
            guard let context = htmlCreateMemoryParserCtxt(characters, count) else { return }
            defer { htmlFreeParserCtxt(context) }
            self.context = context
            var handler = htmlSAXHandler()
            handler.startElement = { user, name, attributes in
                guard let user, let name else { return }
                Collector.from(user).start(name, attributes)
            }
            handler.endElement = { user, _ in
                guard let user else { return }
                Collector.from(user).end()
            }
            handler.characters = { user, text, length in
                guard let user, let text, length > 0 else { return }
                Collector.from(user).characters(text, Int(length))
            }
            handler.ignorableWhitespace = handler.characters
            handler.cdataBlock = handler.characters
            guard let sax = context.pointee.sax else { return }
            sax.pointee = handler
            context.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
            // No network, no error output, the bytes are UTF-8 whatever a <meta> says.
            let options = Int32(
                HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                    | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
            htmlCtxtUseOptions(context, options)
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
            _ = withExtendedLifetime(self) { htmlParseDocument(context) }
            self.context = nil
        }

        /// Closes what libxml2 left open (it does not when stopped).
        func closeAll() {
            flushText()
            while let name = reported.popLast() { events.append(.end(name: name)) }
        }

        private static func from(_ user: UnsafeMutableRawPointer) -> Collector {
            Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue()
        }

        private func name(_ pointer: UnsafePointer<xmlChar>) -> String {
            let key = UnsafeRawPointer(pointer)
            if let known = names[key] { return known }
            let made = String(cString: pointer).lowercased()
            names[key] = made
            return made
        }

        private func isWrapper(_ name: String) -> Bool { name == "html" || name == "body" || name == "head" }

        private func start(
            _ rawName: UnsafePointer<xmlChar>, _ rawAttributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
        ) {
            guard !stopped else { return }
            depth += 1
            if depth > HTMLFragmentReader.stopDepth, let context {
                stopped = true
                xmlStopParser(context)
                return
            }
            let elementName = name(rawName)
            // html, head and body are the wrapper (a second one in the fragment is ignored by libxml2).
            guard !isWrapper(elementName), reported.count < HTMLFragmentReader.maximumDepth else { return }
            var attributes: [Attribute] = []
            if var cursor = rawAttributes {
                while let attributeName = cursor.pointee {
                    let value = cursor.successor().pointee.map { String(cString: $0) } ?? ""
                    attributes.append(Attribute(name: name(attributeName), value: value))
                    cursor = cursor.successor().successor()
                }
            }
            flushText()
            events.append(.start(name: elementName, attributes: attributes))
            reported.append(elementName)
            // Marks this depth as reported, so its end is reported too.
            reportedDepths.append(depth)
        }

        /// The libxml2 depths at which reported elements opened.
        private var reportedDepths: [Int] = []

        private func end() {
            guard !stopped else { return }
            if reportedDepths.last == depth {
                reportedDepths.removeLast()
                flushText()
                events.append(.end(name: reported.removeLast()))
            }
            depth = max(0, depth - 1)
        }

        private func characters(_ text: UnsafePointer<xmlChar>, _ length: Int) {
            guard !stopped else { return }
            pendingText.append(contentsOf: UnsafeBufferPointer(start: text, count: length))
        }

        private func flushText() {
            guard !pendingText.isEmpty else { return }
            events.append(.text(String(decoding: pendingText, as: UTF8.self)))
            pendingText.removeAll(keepingCapacity: true)
        }
    }
}
