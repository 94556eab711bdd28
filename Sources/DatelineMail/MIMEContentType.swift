/// A `Content-Type` value: `type/subtype; name=value; name="quoted value"`, with the type,
/// subtype and parameter names in lower case.
public struct MIMEContentType: Sendable, Equatable {
    /// The top-level type ("multipart", "text", "message").
    public var type: String
    /// The subtype ("report", "plain", "delivery-status").
    public var subtype: String
    /// The parameters by lower-case name; a value as written, quotes and escapes removed.
    public var parameters: [String: String]

    /// `type/subtype`.
    public var mediaType: String { "\(type)/\(subtype)" }

    /// The default for a part without a Content-Type (RFC 2045 §5.2).
    public static let plainText = MIMEContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])

    /// A content type from its parts.
    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// Parses a header value; nil when it has no `type/subtype`.
    public init?(_ text: String) {
        let pieces = Self.split(text)
        guard let first = pieces.first else { return nil }
        let media = first.trimmingSpace().lowercased().split(separator: "/", omittingEmptySubsequences: false)
        guard media.count == 2, !media[0].isEmpty, !media[1].isEmpty,
            (media[0] + media[1]).allSatisfy({ $0.isASCII && !$0.isWhitespace })
        else { return nil }
        type = String(media[0])
        subtype = String(media[1])
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = String(piece[..<equals]).trimmingSpace().lowercased()
            var value = String(piece[piece.index(after: equals)...]).trimmingSpace()
            if value.hasPrefix("\"") {
                value = Self.unquoted(value)
            }
            if !name.isEmpty && parameters[name] == nil { parameters[name] = value }
        }
        self.parameters = parameters
    }

    /// The value split at semicolons outside quoted strings.
    private static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }

    /// A quoted string's content with its backslash escapes removed; an unclosed quote runs to the end.
    private static func unquoted(_ text: String) -> String {
        var output = ""
        var escaped = false
        for character in text.dropFirst() {
            if escaped {
                output.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                output.append(character)
            }
        }
        return output
    }
}
