import Foundation

/// Reads the JSON lists of strings the SQLite store keeps paragraphs and highlights in.
///
/// Every story read decodes two of these, and Foundation's `JSONDecoder` spent a fifth of an
/// uncached page's time on them; this reader walks the UTF-8 bytes once. It accepts exactly
/// JSON's grammar for an array of strings (whitespace, the two-character escapes, no control
/// characters), hands the rare list with a `\u` escape to `JSONDecoder`, and returns nil for
/// anything else, so a hand-edited row is still reported as broken rather than misread.
enum JSONStringList {
    /// The strings in `text`, or nil when it is not a JSON array of strings.
    static func decode(_ text: String) -> [String]? {
        var text = text
        do {
            return try text.withUTF8 { bytes throws(Stop) in
                var reader = Reader(bytes: bytes)
                return try reader.list()
            }
        } catch Stop.needsFoundation {
            return try? JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            return nil
        }
    }

    /// Why the fast reader stopped.
    enum Stop: Error {
        /// A `\u` escape: valid JSON this reader leaves to Foundation.
        case needsFoundation
        /// Not a JSON array of strings.
        case invalid
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func list() throws(Stop) -> [String] {
            skipWhitespace()
            guard take(UInt8(ascii: "[")) else { throw .invalid }
            var list: [String] = []
            skipWhitespace()
            if !take(UInt8(ascii: "]")) {
                while true {
                    list.append(try string())
                    skipWhitespace()
                    if take(UInt8(ascii: ",")) {
                        skipWhitespace()
                        continue
                    }
                    guard take(UInt8(ascii: "]")) else { throw .invalid }
                    break
                }
            }
            skipWhitespace()
            guard position == bytes.count else { throw .invalid }
            return list
        }

        /// The string whose opening quote is at `position`.
        private mutating func string() throws(Stop) -> String {
            guard take(UInt8(ascii: "\"")) else { throw .invalid }
            let start = position
            var unescaped: [UInt8]?
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    let text =
                        unescaped.map { String(decoding: $0, as: UTF8.self) }
                        ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return text
                case UInt8(ascii: "\\"):
                    if unescaped == nil { unescaped = Array(bytes[start..<position]) }
                    guard position + 1 < bytes.count else { throw .invalid }
                    let replacement: UInt8
                    switch bytes[position + 1] {
                    case UInt8(ascii: "\""): replacement = UInt8(ascii: "\"")
                    case UInt8(ascii: "\\"): replacement = UInt8(ascii: "\\")
                    case UInt8(ascii: "/"): replacement = UInt8(ascii: "/")
                    case UInt8(ascii: "b"): replacement = 0x08
                    case UInt8(ascii: "f"): replacement = 0x0C
                    case UInt8(ascii: "n"): replacement = 0x0A
                    case UInt8(ascii: "r"): replacement = 0x0D
                    case UInt8(ascii: "t"): replacement = 0x09
                    case UInt8(ascii: "u"): throw .needsFoundation
                    default: throw .invalid
                    }
                    unescaped?.append(replacement)
                    position += 2
                case 0..<0x20:
                    throw .invalid
                default:
                    unescaped?.append(byte)
                    position += 1
                }
            }
            throw .invalid
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        private mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }
    }
}
