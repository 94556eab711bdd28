/// A person credited on stories: a profile the newsroom keeps, with a page of their own on the site.
///
/// Stories list their authors in order (the first is the lead writer); the byline readers see is
/// made from the names (see ``byline(for:)``).
public struct Author: Hashable, Sendable, Codable, Identifiable {
    /// The store's key for the profile; stable while the profile exists.
    public var id: Int64
    /// The name as credited ("Jane Arden").
    public var name: String
    /// The address of the author's page, `/author/{slug}`.
    public var slug: Slug

    /// Makes a value; stores build these.
    public init(id: Int64, name: String, slug: Slug) {
        self.id = id
        self.name = name
        self.slug = slug
    }

    /// The credit line for `authors` in order: "By Jane Arden", "By Jane Arden and Tom Reyes",
    /// "By Jane Arden, Tom Reyes and Ana Lima"; nil when there are none.
    public static func byline(for authors: [Author]) -> String? {
        let names = authors.map(\.name)
        guard let last = names.last else { return nil }
        guard names.count > 1 else { return "By " + last }
        return "By " + names.dropLast().joined(separator: ", ") + " and " + last
    }
}

/// Limits on what an author profile holds.
public enum AuthorLimits {
    /// Longest name, in characters.
    public static let nameLength = 100
    /// Longest bio, in characters.
    public static let bioLength = 600
    /// Most authors one story may credit.
    public static let perStory = 8
}

/// Limits on a story's search and sharing text.
public enum SEOLimits {
    /// Longest SEO title, in characters (search results show about 60).
    public static let titleLength = 120
    /// Longest SEO description, in characters (search results show about 160).
    public static let descriptionLength = 300
}

extension Story {
    /// Credits `authors` in order; the byline becomes the one made from their names, so every page,
    /// feed and API that prints the byline shows the profiles' current names.
    public mutating func credit(_ authors: [Author]) {
        self.authors = authors
        if let line = Author.byline(for: authors) { byline = line }
    }
}
