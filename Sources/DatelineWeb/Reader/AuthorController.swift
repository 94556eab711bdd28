import DatelineCore
import DatelineStore
import Hummingbird

/// Author pages (`/author/jane-arden`): the author's name and bio and every published story
/// crediting them, newest first, paged like topic pages, with RSS and Atom feeds.
struct AuthorController: Sendable {
    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get("/author/{slug}", use: author)
        router.refuseWrites(at: "/author/{slug}")
    }

    @Sendable func author(request: Request, context: ReaderRequestContext) async throws -> Response {
        let slug = try context.slugParameter()
        let page = try PageNumber(query: context.query)
        let profile = try await Self.profile(slug, site: site)
        guard let profile else {
            if let moved = try await Self.moved(slug, suffix: "", site: site) { return moved }
            throw ReaderError.notFound("There is no author at this address.")
        }
        let author = profile.author
        let listing = ReaderSite.Listing(
            kind: "author", heading: author.name,
            summary: profile.bio ?? "Every story by \(author.name), newest first.",
            path: SitePaths.author(author.slug), query: StoryQuery(author: author.slug), showsSection: true,
            currentNavigationPath: nil)
        return try await site.respondWithListing(listing, page: page, request: request, context: context)
    }

    /// The profile at `slug`; nil when there is none or the store keeps no authors.
    static func profile(_ slug: Slug, site: ReaderSite) async throws -> AuthorProfile? {
        guard let authors = site.store as? any AuthorStore else { return nil }
        return try await authors.author(slug: slug)
    }

    /// A permanent redirect from a renamed author's old address (with `suffix`, such as a feed's
    /// file name) to the new one; nil when `slug` was never an author's.
    static func moved(_ slug: Slug, suffix: String, site: ReaderSite) async throws -> Response? {
        guard let authors = site.store as? any AuthorStore,
            let current = try await authors.authorSlug(forOldSlug: slug)
        else { return nil }
        var headers = HTTPFields()
        headers[.location] = SitePaths.author(current) + suffix
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .movedPermanently, headers: headers)
    }
}
