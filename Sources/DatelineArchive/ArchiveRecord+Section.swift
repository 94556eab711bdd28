extension ArchiveRecord {
    /// A section or topic: its key, slug and name.
    public struct Section: Sendable, Hashable, Codable {
        public var id: Int64
        public var slug: String
        public var name: String

        public init(id: Int64, slug: String, name: String) {
            self.id = id
            self.slug = slug
            self.name = name
        }
    }

    public typealias Topic = Section
}
