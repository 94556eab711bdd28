import Foundation

/// One page as it arrived, before any reading: its bytes and where it came from.
public struct RawPage: Sendable {
    /// The page's bytes exactly as read from the file or the network.
    public var bytes: Data
    /// Where the page came from, for messages and for re-import identity: a file path or a URL.
    public var location: String
    /// The page's own URL when known (from an HTTP fetch or a declared canonical link).
    public var url: URL?
    /// A character set declared outside the page (an HTTP header or a command-line flag).
    public var declaredCharset: String?

    /// Makes a raw page.
    public init(bytes: Data, location: String, url: URL? = nil, declaredCharset: String? = nil) {
        self.bytes = bytes
        self.location = location
        self.url = url
        self.declaredCharset = declaredCharset
    }
}
