/// Why one step of a fetch failed, before it becomes an ``IngestError`` naming the URL.
struct FetchFailure: Error, Sendable {
    /// What went wrong, in words a person can act on.
    var message: String

    init(_ message: String) { self.message = message }
}
