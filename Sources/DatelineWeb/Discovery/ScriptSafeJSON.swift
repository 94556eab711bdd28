import Foundation

/// JSON that can sit inside an HTML `<script>` element without ending it or being misread:
/// `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026`, and the line separators
/// U+2028 and U+2029 as `\u2028`, `\u2029`, all still the same JSON string values. A headline
/// holding `</script><script>alert(1)</script>` therefore stays text.
///
/// The layout prints ``text`` with triple braces (no HTML escaping), which is correct only
/// because this type's sole way in is ``init(encoding:)``.
struct ScriptSafeJSON: Sendable {
    /// The escaped JSON text.
    let text: String

    /// Encodes `value` with sorted keys and escapes it for a script element.
    init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        var escaped = ""
        escaped.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": escaped += "\\u003c"
            case ">": escaped += "\\u003e"
            case "&": escaped += "\\u0026"
            case "\u{2028}": escaped += "\\u2028"
            case "\u{2029}": escaped += "\\u2029"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        text = escaped
    }
}
