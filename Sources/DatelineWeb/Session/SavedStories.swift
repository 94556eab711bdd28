import DatelineCore

/// The reader's saved-stories list, newest first, kept in a cookie so that saving needs no
/// account. Only well-formed slugs get in, and the list is capped so the cookie stays small.
struct SavedStories: Hashable, Sendable {
    /// Most stories a reader can keep; saving one more drops the oldest. 50 slugs of at most
    /// 80 characters plus separators stay under the 4 KB a browser keeps per cookie.
    static let capacity = 50

    /// The saved slugs, most recently saved first, without duplicates.
    private(set) var slugs: [Slug]

    /// An empty list.
    init() { slugs = [] }

    /// Reads the cookie value ("slug-one.slug-two"), silently skipping anything that is not a
    /// slug: a damaged cookie costs the reader a bad entry, never the page.
    init(cookieValue: String) {
        var seen = Set<Slug>()
        var slugs: [Slug] = []
        for part in cookieValue.split(separator: ".", omittingEmptySubsequences: true) {
            guard slugs.count < SavedStories.capacity, let slug = Slug(validating: String(part)) else { continue }
            if seen.insert(slug).inserted { slugs.append(slug) }
        }
        self.slugs = slugs
    }

    /// True when the reader saved this story.
    func contains(_ slug: Slug) -> Bool { slugs.contains(slug) }

    /// The list with `slug` at the front (moved there when already saved).
    func adding(_ slug: Slug) -> SavedStories {
        var copy = self
        copy.slugs.removeAll { $0 == slug }
        copy.slugs.insert(slug, at: 0)
        if copy.slugs.count > SavedStories.capacity { copy.slugs.removeLast(copy.slugs.count - SavedStories.capacity) }
        return copy
    }

    /// The list without `slug`.
    func removing(_ slug: Slug) -> SavedStories {
        var copy = self
        copy.slugs.removeAll { $0 == slug }
        return copy
    }

    /// The cookie form: slugs joined by dots, which slugs never contain.
    var cookieValue: String { slugs.map(\.rawValue).joined(separator: ".") }
}
