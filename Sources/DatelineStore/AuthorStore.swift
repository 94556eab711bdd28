import DatelineCore
import Foundation

/// Author profiles: who the newsroom credits on stories, each with a page of their own.
///
/// A story lists its authors in order through ``StoryDraft/authorIDs``; reading a story gives
/// them back as ``Story/authors``.
public protocol AuthorStore: Sendable {
    /// Every profile by name, with story counts.
    func authors() async throws(StoreError) -> [AuthorProfile]

    /// The profile with this key; nil when there is none.
    func author(id: Int64) async throws(StoreError) -> AuthorProfile?

    /// The profile at `/author/{slug}`; nil when there is none.
    func author(slug: Slug) async throws(StoreError) -> AuthorProfile?

    /// Adds a profile. `input.slug` nil makes the address from the name. Refused
    /// (``StoreError/invalid(_:)``, nothing stored) for an empty or too long name or bio, a slug
    /// another author has (now or before a rename), a reserved address, or an unknown account.
    @discardableResult
    func addAuthor(_ input: AuthorInput) async throws(StoreError) -> AuthorProfile

    /// Replaces profile `id`'s name, address, bio and account link. A changed address keeps the
    /// old one as a permanent redirect. Refused as ``addAuthor(_:)`` is; ``StoreError/notFound(id:)``
    /// when there is no such profile.
    @discardableResult
    func updateAuthor(id: Int64, with input: AuthorInput) async throws(StoreError) -> AuthorProfile

    /// The current address of an author whose address was `slug` before; nil when none was.
    func authorSlug(forOldSlug slug: Slug) async throws(StoreError) -> Slug?

    /// Authors credited on at least one published story, by name (the sitemap's list).
    func publishedAuthors() async throws(StoreError) -> [Author]

    /// The profiles linked to account `userID` (a writer picking themselves), by name.
    func authors(ofUser userID: Int64) async throws(StoreError) -> [AuthorProfile]
}

/// What the newsroom types for a profile.
public struct AuthorInput: Sendable, Hashable {
    public var name: String
    /// The address wanted; nil to make it from the name.
    public var slug: String?
    public var bio: String?
    /// The account the profile belongs to; nil for none.
    public var userID: Int64?

    public init(name: String, slug: String? = nil, bio: String? = nil, userID: Int64? = nil) {
        self.name = name
        self.slug = slug
        self.bio = bio
        self.userID = userID
    }
}

/// An author as the newsroom and the author page show them.
public struct AuthorProfile: Sendable, Hashable {
    public var author: Author
    /// A short plain-text bio; nil when there is none.
    public var bio: String?
    /// The linked account; nil when none.
    public var userID: Int64?
    /// Stories crediting the author (any status), and how many of them are live.
    public var storyCount: Int
    public var publishedCount: Int

    public init(author: Author, bio: String?, userID: Int64?, storyCount: Int, publishedCount: Int) {
        self.author = author
        self.bio = bio
        self.userID = userID
        self.storyCount = storyCount
        self.publishedCount = publishedCount
    }
}

/// Rules both stores apply to author profiles and story credits.
enum AuthorRules {
    /// Addresses an author may not take: words the site or its author pages could come to use.
    static let reservedSlugs: Set<String> = [
        "new", "edit", "feed", "feeds", "rss", "atom", "index", "page", "all", "admin", "newsroom", "api",
    ]

    static func refuse(_ field: String, _ message: String) -> StoreError {
        .invalid(StoryValidationError(problems: [.init(field: field, message: message)]))
    }

    /// The input as stored: name, address, bio and account, or the first problem.
    static func checked(_ input: AuthorInput) throws(StoreError) -> (name: String, slug: Slug, bio: String?) {
        let (name, slug) = try StoreInput.nameAndSlug(
            name: input.name, slug: input.slug, limit: AuthorLimits.nameLength, thing: "the author", prefix: "/author/",
            reserved: reservedSlugs)
        var bio = input.bio?.replacingLineBreaks().trimmingWhitespace()
        if bio?.isEmpty == true { bio = nil }
        if let text = bio {
            guard text.count <= AuthorLimits.bioLength else {
                throw refuse("bio", "keep the bio under \(AuthorLimits.bioLength) characters; it has \(text.count)")
            }
            if let problem = text.controlCharacterProblem(allowing: ["\n"]) {
                throw refuse("bio", "the bio " + problem)
            }
        }
        return (name, slug, bio)
    }

    static func taken(_ slug: Slug) -> StoreError {
        refuse("slug", "an author with the address /author/\(slug.rawValue) exists already")
    }

    static func unknownAccount(_ id: Int64) -> StoreError {
        refuse("user", "there is no account \(id) to link")
    }

    static func unknownAuthors(_ ids: [Int64]) -> StoreError {
        refuse("authors", "there is no author with the key \(ids.map(String.init).joined(separator: ", "))")
    }

    /// The name a legacy free-text byline becomes when the migration makes profiles: the text
    /// without a leading "By", whitespace collapsed; nil when nothing is left. One profile is made
    /// per distinct name, so "By Jane Arden and Tom Reyes" stays one credit exactly as printed.
    static func migratedName(fromByline byline: String) -> String? {
        var text = byline.collapsingWhitespace()
        if text.lowercased().hasPrefix("by ") { text = String(text.dropFirst(3)).trimmingWhitespace() }
        guard !text.isEmpty, Slug(from: text) != nil else { return nil }
        return String(text.prefix(AuthorLimits.nameLength))
    }
}
