import Hummingbird

extension ReaderSite {
    /// The origin ("https://news.example.com") absolute links in feeds, sitemaps and structured
    /// data start with: the configured public URL when there is one, else the `Host` the reader
    /// asked for when it is a plain host name or address with an optional port, else the
    /// address the site listens on. A `Host` outside that pattern never reaches a document.
    func origin(for request: Request) -> String {
        if configuration.publicBaseURL != nil { return configuration.baseURL }
        if let host = request.head.authority, Self.isSafeHost(host) {
            return "http://\(host)"
        }
        return configuration.baseURL
    }

    /// `origin(for:)` followed by a site path.
    func absoluteURL(_ path: String, for request: Request) -> String { origin(for: request) + path }

    /// Letters, digits, dots and hyphens (or a bracketed IPv6 address), then an optional port.
    static func isSafeHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 255 else { return false }
        var name = Substring(host)
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            let port = host[host.index(after: colon)...]
            guard (1...5).contains(port.count), port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else {
                return false
            }
            name = host[..<colon]
        }
        if name.hasPrefix("[") {
            guard name.hasSuffix("]"), name.count > 2 else { return false }
            return name.dropFirst().dropLast().allSatisfy { $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") }
        }
        return !name.isEmpty && !name.hasPrefix(".") && !name.hasPrefix("-")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }
}
