/// A desk of the newsroom and a page of the site ("World", "U.S.", "Business").
public struct Section: Hashable, Sendable, Codable {
    /// The name readers see, as the newsroom spells it ("U.S.").
    public var name: String
    /// The stable URL form of the name ("us").
    public var slug: Slug

    /// Makes a section from its display name; nil when the name has no letters or digits.
    public init?(name: String) {
        let trimmed = name.trimmingWhitespace()
        guard let slug = Slug(from: trimmed) else { return nil }
        self.init(name: trimmed, slug: slug)
    }

    /// Makes a section from a name and an existing slug (as read back from storage).
    public init(name: String, slug: Slug) {
        self.name = name
        self.slug = slug
    }
}
