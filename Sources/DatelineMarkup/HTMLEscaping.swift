import Mustache

/// HTML escaping done on Unicode scalars, never on Swift `Character`s.
///
/// A combining mark after a quote makes one `Character` of the two ("\"\u{301}"), which a
/// per-Character lookup does not recognise as a quote, so the quote was written bare: inside an
/// attribute that ends the value, and what follows becomes attributes of its own
/// (`value="…"́ autofocus onfocus=…`). swift-mustache 2.1 escapes that way, and so did the
/// sanitiser and the dashboard chart. Browsers tokenise code points, so this escapes code points.
public enum HTMLEscaping {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as character references, the same ones
    /// Mustache uses, so escaped text reads the same wherever it was escaped.
    public static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The Mustache content type every template of the site renders with (``pragma`` is put in
    /// front of each template as it is loaded, partials and layouts included).
    public struct ContentType: MustacheContentType {
        public init() {}

        public func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
    }

    /// The name the content type is registered under.
    public static let contentTypeName = "DATELINE_HTML"

    /// The line that switches a template to ``ContentType``; a standalone tag, so it prints nothing.
    public static let pragma = "{{% CONTENT_TYPE: \(contentTypeName) }}\n"

    /// `source` as a template that escapes with ``ContentType``.
    public static func template(_ source: String) throws -> MustacheTemplate {
        MustacheContentTypes.register(ContentType(), named: contentTypeName)
        return try MustacheTemplate(string: pragma + source)
    }
}
