/// A received message, or one part of it, read the way RFC 5322 and MIME (RFC 2045–2046) lay it
/// out: header fields, a body, and for a multipart or an enclosed message the parts inside.
///
/// Reading is bounded by ``MIMELimits`` and forgiving where mail readers are (a missing closing
/// boundary, a stray header line), and strict where guessing would mislead: a multipart without
/// a boundary, or whose boundary never appears, is refused with the reason.
public struct MIMEPart: Sendable, Equatable {
    /// The part's header fields.
    public let header: MIMEHeader
    /// The body as received, still transfer-encoded.
    public let body: [UInt8]
    /// The parts of a multipart, or the one enclosed message of a `message/rfc822` part (empty
    /// when that message cannot be read); empty for anything else.
    public let parts: [MIMEPart]
    /// The Content-Type this part was read with (its own, or the default its parent gives it).
    public let contentType: MIMEContentType

    /// Reads a whole message.
    public init(parsing bytes: [UInt8], limits: MIMELimits = MIMELimits()) throws(MailParseError) {
        guard bytes.count <= limits.maximumBytes else {
            throw MailParseError("the message is \(bytes.count) bytes, over the limit of \(limits.maximumBytes)")
        }
        var budget = limits.maximumParts
        self = try Self.read(
            bytes, in: 0..<bytes.count, defaultType: .plainText, depth: 0, limits: limits, budget: &budget)
        guard !header.fields.isEmpty else { throw MailParseError("the message has no header fields") }
    }

    private init(header: MIMEHeader, body: [UInt8], parts: [MIMEPart], contentType: MIMEContentType) {
        self.header = header
        self.body = body
        self.parts = parts
        self.contentType = contentType
    }

    /// The body with its transfer encoding undone.
    public var decodedBody: [UInt8] {
        TransferEncoding.decode(body, name: header["Content-Transfer-Encoding"])
    }

    /// The decoded body as text, by the part's charset.
    public var text: String {
        Charset.decode(decodedBody, charset: contentType.parameters["charset"])
    }

    /// This part and every part inside it, depth first, in order.
    public var allParts: [MIMEPart] {
        [self] + parts.flatMap(\.allParts)
    }

    /// The first part (this one included, depth first) with media type `mediaType`.
    public func firstPart(ofType mediaType: String) -> MIMEPart? {
        if contentType.mediaType == mediaType { return self }
        for part in parts {
            if let found = part.firstPart(ofType: mediaType) { return found }
        }
        return nil
    }

    // MARK: Reading

    private static func read(
        _ bytes: [UInt8], in range: Range<Int>, defaultType: MIMEContentType, depth: Int, limits: MIMELimits,
        budget: inout Int
    ) throws(MailParseError) -> MIMEPart {
        guard depth <= limits.maximumDepth else {
            throw MailParseError("parts are nested more than \(limits.maximumDepth) deep")
        }
        budget -= 1
        guard budget >= 0 else { throw MailParseError("the message has more than \(limits.maximumParts) parts") }
        let (header, bodyStart) = try MIMEHeader.parse(bytes, in: range, limits: limits)
        let contentType = header["Content-Type"].flatMap(MIMEContentType.init) ?? defaultType
        let bodyRange = bodyStart..<range.upperBound
        var parts: [MIMEPart] = []
        if contentType.type == "multipart" {
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200
            else {
                throw MailParseError("a \(contentType.mediaType) part has no boundary parameter")
            }
            // In a digest, parts without a Content-Type are messages (RFC 2046 §5.1.5).
            let childType =
                contentType.subtype == "digest"
                ? MIMEContentType(type: "message", subtype: "rfc822") : MIMEContentType.plainText
            for partRange in try Self.partRanges(bytes, in: bodyRange, boundary: boundary) {
                parts.append(
                    try read(
                        bytes, in: partRange, defaultType: childType, depth: depth + 1, limits: limits,
                        budget: &budget))
            }
        } else if ["message/rfc822", "message/global"].contains(contentType.mediaType) {
            let inner = TransferEncoding.decode(Array(bytes[bodyRange]), name: header["Content-Transfer-Encoding"])
            // An enclosed message that cannot be read (often cut short by the server) leaves no
            // part rather than failing the report around it.
            var innerBudget = budget
            if let message = try? read(
                inner, in: 0..<inner.count, defaultType: .plainText, depth: depth + 1, limits: limits,
                budget: &innerBudget), !message.header.fields.isEmpty
            {
                parts = [message]
                budget = innerBudget
            }
        }
        return MIMEPart(header: header, body: Array(bytes[bodyRange]), parts: parts, contentType: contentType)
    }

    /// The byte ranges of a multipart body's parts: between delimiter lines `--boundary`, up to
    /// the closing `--boundary--` (or the end, when a sender forgot it). The line break before a
    /// delimiter belongs to the delimiter.
    private static func partRanges(
        _ bytes: [UInt8], in range: Range<Int>, boundary: String
    ) throws(MailParseError) -> [Range<Int>] {
        let delimiter = Array("--\(boundary)".utf8)
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var position = range.lowerBound
        var closed = false
        while position < range.upperBound {
            let line = MIMELines.line(in: bytes, from: position, before: range.upperBound)
            defer { position = line.next }
            guard line.content.count >= delimiter.count,
                bytes[line.content.lowerBound..<(line.content.lowerBound + delimiter.count)].elementsEqual(delimiter)
            else { continue }
            let rest = bytes[(line.content.lowerBound + delimiter.count)..<line.content.upperBound]
            let isClose = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
            guard isClose || rest.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else { continue }
            if let start = partStart {
                var end = line.content.lowerBound
                if end > start && bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                ranges.append(start..<max(start, end))
            }
            if isClose {
                closed = true
                break
            }
            partStart = line.next
        }
        if !closed, let start = partStart, start < range.upperBound {
            ranges.append(start..<range.upperBound)
        }
        guard partStart != nil else {
            throw MailParseError("the multipart body never uses its boundary \"\(boundary.prefix(80))\"")
        }
        return ranges
    }
}
