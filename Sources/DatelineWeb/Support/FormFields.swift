/// Name–value pairs from a query string or an `application/x-www-form-urlencoded` body, decoded
/// strictly: broken percent-escapes or invalid UTF-8 are refused instead of guessed at, so a
/// malformed address gets a 400 page rather than a half-understood request.
struct FormFields: Sendable {
    /// Most pairs accepted; our forms and links use a handful.
    static let maximumCount = 64

    /// The decoded pairs in order of appearance.
    private(set) var pairs: [(name: String, value: String)]

    /// No fields at all.
    init() { pairs = [] }

    /// Decodes `text`; throws ``ReaderError/badRequest(_:)`` on malformed input.
    init(decoding text: Substring) throws(ReaderError) {
        pairs = []
        guard !text.isEmpty else { return }
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            guard pairs.count < FormFields.maximumCount else {
                throw .badRequest("The address has too many parameters.")
            }
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(halves[0])
            let value = halves.count > 1 ? try Self.decode(halves[1]) : ""
            pairs.append((name, value))
        }
    }

    /// The only value of `name`, or nil when absent; a repeated name is ambiguous and refused.
    func single(_ name: String) throws(ReaderError) -> String? {
        let values = pairs.filter { $0.name == name }
        guard values.count <= 1 else { throw .badRequest("The parameter “\(name)” appears more than once.") }
        return values.first?.value
    }

    /// Percent-decodes one component, turning "+" into a space as HTML forms encode it.
    private static func decode(_ component: Substring) throws(ReaderError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .badRequest("The address contains a broken %-escape.")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .badRequest("The address contains text that is not valid UTF-8.")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
