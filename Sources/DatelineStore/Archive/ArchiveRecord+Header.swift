extension ArchiveRecord {
    /// The first line: what the archive is and where it came from.
    public struct Header: Sendable, Hashable, Codable {
        public var format: String
        public var version: Int
        public var exportedAt: ArchiveTime
        /// The backend it was exported from: "sqlite" or "postgresql".
        public var source: String

        public init(
            format: String = ArchiveRecord.format, version: Int = ArchiveRecord.version, exportedAt: ArchiveTime,
            source: String
        ) {
            self.format = format
            self.version = version
            self.exportedAt = exportedAt
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case format, version, source
            case exportedAt = "exported_at"
        }
    }
}
