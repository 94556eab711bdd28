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

        /// Why this Dateline cannot read an archive with this header, or nil when it can.
        public var refusal: String? {
            guard format == ArchiveRecord.format else {
                return "the format '\(format)' is not a Dateline archive ('\(ArchiveRecord.format)')"
            }
            if version == 1 {
                return "this is a version 1 archive, written by an older Dateline before archives ended with a "
                    + "trailer that proves them whole, so a cut copy cannot be told from a complete one; it is "
                    + "refused: run `dateline export` with this Dateline on the database it came from and import "
                    + "that file"
            }
            guard ArchiveRecord.readableVersions.contains(version) else {
                let readable = ArchiveRecord.readableVersions
                return "archive version \(version) is unknown; this Dateline reads versions "
                    + "\(readable.lowerBound) to \(readable.upperBound)"
            }
            return nil
        }
    }
}
