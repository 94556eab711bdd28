import DatelineCore
import DatelineStore
import Hummingbird

/// The story page (`/story/{slug}`) and its print view (`/story/{slug}/print`).
struct StoryController: Sendable {
    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get("/story/{slug}", use: story)
        router.refuseWrites(at: "/story/{slug}")
        router.get("/story/{slug}/print", use: printView)
        router.refuseWrites(at: "/story/{slug}/print")
    }

    /// The published story at the address, or a 404: drafts and taken-down stories do not exist
    /// for readers.
    private func publishedStory(_ context: ReaderRequestContext) async throws -> Story {
        let slug = try context.slugParameter()
        guard let story = try await site.store.story(slug: slug), story.status.isPublic else {
            throw ReaderError.notFound("There is no story at this address. It may have been moved or taken down.")
        }
        return story
    }

    /// A permanent redirect when the address is one a story had before the newsroom changed it,
    /// so links and search results made with the old address keep working.
    private func movedStory(_ context: ReaderRequestContext, suffix: String) async throws -> Response? {
        let slug = try context.slugParameter()
        guard let store = site.store as? any NewsroomStore, let id = try await store.storyID(forOldSlug: slug),
            let story = try await store.story(id: id), story.status.isPublic
        else { return nil }
        var headers = HTTPFields()
        headers[.location] = SitePaths.story(story.slug) + suffix
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .movedPermanently, headers: headers)
    }

    @Sendable func story(request: Request, context: ReaderRequestContext) async throws -> Response {
        let story: Story
        do {
            story = try await publishedStory(context)
        } catch ReaderError.notFound(let message) {
            if let moved = try await movedStory(context, suffix: "") { return moved }
            throw ReaderError.notFound(message)
        }
        let next = try await site.store.nextStory(after: story)
        let related = try await site.dontMiss(for: story)
        let sections = try await site.store.sections()
        let corrections = try await (site.store as? any NewsroomStore)?.corrections(ofStory: story.id) ?? []
        let images = try await site.images(for: [story], body: true)

        var builder = await site.tagBuilder(page: site.mail == nil ? "story" : "story+mail", session: context.session)
        for correction in corrections { builder.add(correction.note) }
        builder.add(story)
        images.add(to: &builder)
        if let next { builder.add(next) }
        for other in related { builder.add(other) }
        for section in sections { builder.add(section.name) }
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag) }

        var chrome = await site.chrome(
            title: FeedSummary.shareTitle(of: story), description: story.seoDescription ?? story.highlights.first,
            canonicalPath: SitePaths.story(story.slug),
            sections: sections, currentPath: SitePaths.section(story.section.slug), request: request,
            session: context.session)
        try site.describe(story, in: &chrome, request: request, corrections: corrections, images: images)
        let view = StoryPageView(
            story: story, next: next, related: related, chrome: chrome, session: context.session, clock: site.clock,
            corrections: corrections, canEmail: site.mail != nil, images: images)
        return try site.respond(with: view, tag: tag)
    }

    @Sendable func printView(request: Request, context: ReaderRequestContext) async throws -> Response {
        let story: Story
        do {
            story = try await publishedStory(context)
        } catch ReaderError.notFound(let message) {
            if let moved = try await movedStory(context, suffix: "/print") { return moved }
            throw ReaderError.notFound(message)
        }
        let images = try await site.images(for: [story])
        var builder = await site.tagBuilder(page: "print", session: context.session)
        builder.add(story)
        images.add(to: &builder)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag) }

        let storyPath = SitePaths.story(story.slug)
        let chrome = await site.chrome(
            title: story.headline, description: story.highlights.first, canonicalPath: storyPath, sections: [],
            currentPath: nil, request: request, session: context.session)
        let view = PrintPageView(
            story: story, chrome: chrome, storyURL: site.absoluteURL(storyPath), clock: site.clock, images: images)
        return try site.respond(with: view, tag: tag)
    }
}
