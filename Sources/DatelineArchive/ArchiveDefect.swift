/// Why some bytes are not a whole Dateline archive, with the line where it shows: what
/// ``ArchiveReader`` refuses, before anything is written anywhere.
public struct ArchiveDefect: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line (from 1) the problem is on, or nil when it concerns the whole archive.
    public var line: Int?
    /// What is wrong and what to do about it.
    public var reason: String

    /// Makes a defect.
    public init(line: Int? = nil, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    /// "line 4: not a valid archive record (…)", or the reason alone.
    public var description: String { line.map { "line \($0): \(reason)" } ?? reason }

    /// The defect as said of the file `name`: "site.jsonl line 4: …" or "site.jsonl: …".
    public func described(in name: String) -> String {
        line.map { "\(name) line \($0): \(reason)" } ?? "\(name): \(reason)"
    }
}
