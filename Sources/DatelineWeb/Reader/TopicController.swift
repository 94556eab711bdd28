import DatelineCore
import DatelineStore
import Hummingbird

/// Topic pages (`/topic/kosovo`, "All About Kosovo"): every published story tagged with the
/// topic, across sections, newest first, paged.
struct TopicController: Sendable {
    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get("/topic/{slug}", use: topic)
        router.refuseWrites(at: "/topic/{slug}")
    }

    @Sendable func topic(request: Request, context: ReaderRequestContext) async throws -> Response {
        let slug = try context.slugParameter()
        let page = try PageNumber(query: context.query)
        let desk = site.store as? any NewsroomStore
        guard let topic = try await site.store.topic(slug: slug) else {
            // A renamed or merged topic's old address leads to the topic it became, for good.
            if let current = try await desk?.topicSlug(forOldSlug: slug) {
                var headers = HTTPFields()
                headers[.location] = SitePaths.topic(current)
                headers[.cacheControl] = "public, max-age=3600"
                return Response(status: .movedPermanently, headers: headers)
            }
            throw ReaderError.notFound("There is no topic at this address.")
        }
        let description = try await desk?.topicDescription(topic.slug)
        let listing = ReaderSite.Listing(
            kind: "topic", heading: "All About \(topic.name)",
            summary: description ?? "Every story about \(topic.name), newest first.",
            path: SitePaths.topic(topic.slug), query: StoryQuery(topic: topic.slug), showsSection: true,
            currentNavigationPath: nil)
        return try await site.respondWithListing(listing, page: page, request: request, context: context)
    }
}
