extension ArchiveRecord {
    /// A followed feed as the newsroom set it up: address, name, section, interval, whether it may
    /// be fetched from private addresses, paused or not. What polls left behind (validators,
    /// back-off, the log, which entries were seen) is not kept: the first poll after an import
    /// reads the feed afresh.
    public struct Source: Sendable, Hashable, Codable {
        public var id: Int64
        public var url: String
        public var name: String?
        public var section: String?
        public var intervalMinutes: Int
        public var allowPrivate: Bool
        public var paused: Bool
        public var createdAt: ArchiveTime

        public init(
            id: Int64, url: String, name: String?, section: String?, intervalMinutes: Int, allowPrivate: Bool,
            paused: Bool, createdAt: ArchiveTime
        ) {
            self.id = id
            self.url = url
            self.name = name
            self.section = section
            self.intervalMinutes = intervalMinutes
            self.allowPrivate = allowPrivate
            self.paused = paused
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, url, name, section, paused
            case intervalMinutes = "interval_minutes"
            case allowPrivate = "allow_private"
            case createdAt = "created_at"
        }
    }
}
