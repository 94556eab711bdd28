/// Where a form sends the reader back to after a change: a path on this site only, so that no
/// crafted form can turn the site into an open redirect.
struct ReturnPath: Hashable, Sendable {
    /// Longest path accepted; our own pages never come close.
    static let maximumLength = 2_048

    /// The validated path, starting with a single "/".
    let path: String

    /// The home page, used when a form names no return path.
    static let home = ReturnPath(trusted: "/")

    /// Accepts `text` only when it is a path on this site: it starts with one "/" (not "//" or
    /// "/\", which browsers treat as another host), and holds only printable ASCII without
    /// backslashes, so no scheme, host or header break can slip through. The path is kept in its
    /// normal form (``normalised(_:)``), so a check on where it leads ("inside the newsroom")
    /// judges the place a browser would go, not the text as sent.
    init?(validating text: String) {
        guard !text.isEmpty, text.utf8.count <= ReturnPath.maximumLength, text.hasPrefix("/") else { return nil }
        let bytes = Array(text.utf8)
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") || bytes[1] == UInt8(ascii: "\\") { return nil }
        let allowed = bytes.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"")
                && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
        }
        guard allowed else { return nil }
        path = Self.normalised(text)
    }

    /// `text` with its dot segments resolved as a browser resolves them (RFC 3986, 5.2.4; also
    /// percent-encoded dots) and runs of "/" made one, query and fragment kept as sent:
    /// "/newsroom/../..//evil.test" becomes "/evil.test".
    static func normalised(_ text: String) -> String {
        let end = text.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? text.endIndex
        let pathPart = text[..<end]
        var segments: [Substring] = []
        for segment in pathPart.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment.lowercased() {
            case ".", "%2e": continue
            case "..", ".%2e", "%2e.", "%2e%2e": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        let last = pathPart.split(separator: "/", omittingEmptySubsequences: true).last?.lowercased()
        let endsInDirectory =
            ["..", ".", "%2e", ".%2e", "%2e.", "%2e%2e"].contains(last ?? "") || pathPart.hasSuffix("/")
        if endsInDirectory, !segments.isEmpty { result += "/" }
        return result + text[end...]
    }

    private init(trusted: String) { path = trusted }
}
