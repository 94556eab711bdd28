extension ArchiveRecord {
    /// A pending message of the mail outbox; `id` is the upper-case UUID.
    public struct Mail: Sendable, Hashable, Codable {
        public var id: String
        public var payload: String
        public var enqueuedAt: ArchiveTime
        public var attempts: Int
        public var nextAttemptAt: ArchiveTime
        public var lastError: String?

        public init(
            id: String, payload: String, enqueuedAt: ArchiveTime, attempts: Int, nextAttemptAt: ArchiveTime,
            lastError: String?
        ) {
            self.id = id
            self.payload = payload
            self.enqueuedAt = enqueuedAt
            self.attempts = attempts
            self.nextAttemptAt = nextAttemptAt
            self.lastError = lastError
        }

        enum CodingKeys: String, CodingKey {
            case id, payload, attempts
            case enqueuedAt = "enqueued_at"
            case nextAttemptAt = "next_attempt_at"
            case lastError = "last_error"
        }
    }
}
