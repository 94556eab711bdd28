extension ArchiveRecord {
    /// The last line of an archive: how many lines and records of each kind came before it and
    /// the SHA-256 of their exact bytes, so a reader can tell a whole archive from one that was
    /// cut short, altered, or joined with something else.
    public struct Trailer: Sendable, Hashable, Codable {
        /// The lines before the trailer, the header included.
        public var lines: Int
        /// The records of each kind before the trailer.
        public var counts: ArchiveCounts
        /// The SHA-256, as 64 lower-case hex digits, of every byte before the trailer's line,
        /// line breaks included.
        public var sha256: String

        /// Makes a trailer.
        public init(lines: Int, counts: ArchiveCounts, sha256: String) {
            self.lines = lines
            self.counts = counts
            self.sha256 = sha256
        }
    }
}
