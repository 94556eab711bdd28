/// Why a page could not become a story, with where in the page the problem was found.
public struct IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file path or URL of the page.
    public var location: String
    /// The 1-based line of the page where the problem was found, when it has one.
    public var line: Int?
    /// What is wrong, in words a person can act on ("no headline found before the body").
    public var message: String

    /// Makes an ingest error.
    public init(location: String, line: Int? = nil, message: String) {
        self.location = location
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(location):\(line): \(message)" }
        return "\(location): \(message)"
    }
}
