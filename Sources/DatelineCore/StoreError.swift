/// Why a store operation failed, in words an operator or editor can act on.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The draft failed validation; nothing was written.
    case invalid(StoryValidationError)
    /// No story has this key.
    case notFound(id: Int64)
    /// The database could not be opened or migrated (path, permissions, version).
    case unavailable(String)
    /// The database refused the operation; nothing was written.
    case failed(String)
    /// The save was based on an older revision than the story's latest; nothing was written.
    case stale(latestRevision: Int)

    public var description: String {
        switch self {
        case .invalid(let error): return "the story is not valid: \(error)"
        case .notFound(let id): return "no story with id \(id)"
        case .unavailable(let message): return "the database is unavailable: \(message)"
        case .failed(let message): return "the database refused the change: \(message)"
        case .stale(let latest):
            return
                "the story was saved by someone else since (its latest revision is now \(latest)); nothing was written"
        }
    }
}
