import DatelineCore
import DatelineStore
import Hummingbird

/// Section pages (`/section/world`): every published story in the section, newest first, paged.
struct SectionController: Sendable {
    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get("/section/{slug}", use: section)
        router.refuseWrites(at: "/section/{slug}")
    }

    @Sendable func section(request: Request, context: ReaderRequestContext) async throws -> Response {
        let slug = try context.slugParameter()
        let page = try PageNumber(query: context.query)
        guard let section = try await site.store.section(slug: slug) else {
            // A renamed section's old address leads to its new one, for good.
            if let store = site.store as? any NewsroomStore, let current = try await store.sectionSlug(forOldSlug: slug)
            {
                var headers = HTTPFields()
                headers[.location] = SitePaths.section(current)
                headers[.cacheControl] = "public, max-age=3600"
                return Response(status: .movedPermanently, headers: headers)
            }
            throw ReaderError.notFound("There is no section at this address.")
        }
        let path = SitePaths.section(section.slug)
        let listing = ReaderSite.Listing(
            kind: "section", heading: section.name, summary: "The latest \(section.name) stories, newest first.",
            path: path, query: StoryQuery(section: section.slug), showsSection: false, currentNavigationPath: path)
        return try await site.respondWithListing(listing, page: page, request: request, context: context)
    }
}
