import Foundation

/// A `multipart/form-data` body (RFC 7578) split into its parts: enough for a form with a few
/// text fields and one file, strict about everything else.
///
/// The parser never trusts the sender: the boundary must be 1–70 characters, part headers are
/// capped, the number of parts is capped, and a body that does not end with the closing
/// delimiter is refused rather than half-read.
struct MultipartForm: Sendable {
    /// One part of the body.
    struct Part: Sendable {
        /// The form field's name.
        let name: String
        /// The file name the browser sent, for file fields.
        let fileName: String?
        /// The part's own content type, if given.
        let contentType: String?
        /// The part's bytes, as sent.
        let body: [UInt8]

        /// The body as UTF-8 text (invalid bytes replaced).
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Why a body could not be read.
    struct Malformed: Error, Sendable, CustomStringConvertible {
        let description: String
    }

    let parts: [Part]

    static let maximumParts = 20
    static let maximumHeaderBytes = 8 * 1024

    /// The boundary of a `multipart/form-data` content type, or nil for any other type.
    static func boundary(in contentType: String?) -> String? {
        guard let contentType else { return nil }
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            guard (1...70).contains(value.utf8.count),
                value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 })
            else { return nil }
            return value
        }
        return nil
    }

    /// The first part called `name`.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// Splits `body` at `boundary`.
    init(body: [UInt8], boundary: String) throws(Malformed) {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard var position = Self.find(delimiter, in: body, from: 0) else {
            throw Malformed(description: "the upload has no parts")
        }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            if body.count >= position + 2, body[position] == 45, body[position + 1] == 45 { break }  // "--": the end
            guard body.count >= position + 2, Array(body[position..<position + 2]) == crlf else {
                throw Malformed(description: "a part boundary is not followed by a line break")
            }
            position += 2
            guard let headerEnd = Self.find([13, 10, 13, 10], in: body, from: position),
                headerEnd - position <= Self.maximumHeaderBytes
            else { throw Malformed(description: "a part's headers are missing or too long") }
            let headerText = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find(crlf + delimiter, in: body, from: contentStart) else {
                throw Malformed(description: "the upload ends before its closing boundary (was it cut short?)")
            }
            parts.append(try Self.part(headers: headerText, body: Array(body[contentStart..<next])))
            guard parts.count <= Self.maximumParts else {
                throw Malformed(description: "the upload has too many parts")
            }
            position = next + 2
        }
        self.parts = parts
    }

    private static func part(headers: String, body: [UInt8]) throws(Malformed) -> Part {
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headers.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if field == "content-type" { contentType = value }
            guard field == "content-disposition" else { continue }
            for parameter in Self.parameters(value) {
                switch parameter.key {
                case "name": name = parameter.value
                case "filename": fileName = parameter.value
                default: break
                }
            }
        }
        guard let name else { throw Malformed(description: "a part has no field name") }
        return Part(name: name, fileName: fileName, contentType: contentType, body: body)
    }

    /// `form-data; name="file"; filename="a b.html"` → [name: file, filename: a b.html]; quoted values may hold `;`.
    private static func parameters(_ value: String) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        var scalars = Substring(value)
        while let semicolon = scalars.firstIndex(of: ";") {
            scalars = scalars[scalars.index(after: semicolon)...].drop { $0 == " " }
            guard let equals = scalars.firstIndex(of: "=") else { break }
            let key = scalars[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var rest = scalars[scalars.index(after: equals)...]
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                var end = rest.endIndex
                for index in rest.indices {
                    let character = rest[index]
                    if escaped {
                        parsed.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        end = index
                        break
                    } else {
                        parsed.append(character)
                    }
                }
                scalars = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = rest[..<end].trimmingCharacters(in: .whitespaces)
                scalars = rest[end...]
            }
            result.append((key, parsed))
        }
        return result
    }

    /// The index of the first `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { pattern in
                while index <= last {
                    if bytes[index] == first {
                        var matched = true
                        for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] {
                            matched = false
                            break
                        }
                        if matched { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }
}
