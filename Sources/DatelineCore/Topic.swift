/// A person, place or organisation that stories are "All About" ("Kosovo", "Hashim Thaci").
///
/// Topics are identified by their slug, so every story naming the same topic lands on one
/// topic page.
public struct Topic: Hashable, Sendable, Codable {
    /// The canonical name shown in "All About" links.
    public var name: String
    /// The stable URL form of the name.
    public var slug: Slug

    /// Makes a topic from its canonical name; nil when the name has no letters or digits.
    public init?(name: String) {
        let trimmed = name.trimmingWhitespace()
        guard let slug = Slug(from: trimmed) else { return nil }
        self.init(name: trimmed, slug: slug)
    }

    /// Makes a topic from a name and an existing slug (as read back from storage).
    public init(name: String, slug: Slug) {
        self.name = name
        self.slug = slug
    }
}
