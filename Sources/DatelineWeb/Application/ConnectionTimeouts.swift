/// How long the server waits on a client before closing its connection, so that idle,
/// half-sent and never-ending requests cannot hold connections (and memory) for good.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// How long a connection may go without a complete request head: from the moment it opens,
    /// and again from the end of each response. Covers idle keep-alive connections and request
    /// heads sent a byte at a time.
    public var idle: Duration
    /// How long a request's body may take to arrive, from its head to its last byte; a body
    /// that keeps trickling (a never-ending chunked upload) is cut off here.
    public var requestBody: Duration

    /// Defaults fit for readers on slow phones and for the newsroom's page uploads (5 MB).
    public init(idle: Duration = .seconds(30), requestBody: Duration = .seconds(60)) {
        self.idle = idle
        self.requestBody = requestBody
    }
}
