import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// The reader's saved stories: the Save and Remove tools post here, and `/saved` lists them.
struct SavedStoriesController: Sendable {
    /// The form field naming the story.
    static let slugField = "slug"
    /// The form field naming the action: "save" or "remove".
    static let actionField = "action"

    let site: ReaderSite

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get(.init(stringLiteral: SitePaths.saved), use: list)
        router.get(.init(stringLiteral: SitePaths.savedList), use: listAsJSON)
        router.refuseWrites(at: .init(stringLiteral: SitePaths.savedList))
        router.post(.init(stringLiteral: SitePaths.saved), use: change)
        router.refuse(
            [.put, .delete, .patch], at: .init(stringLiteral: SitePaths.saved), allowing: [.get, .head, .post])
    }

    @Sendable func list(request: Request, context: ReaderRequestContext) async throws -> Response {
        let saved = context.session.saved
        let stories = try await site.store.publishedStories(slugs: saved.slugs)
        let sections = try await site.sections()

        var builder = await site.tagBuilder(page: "saved", session: context.session)
        for story in stories { builder.add(story) }
        for section in sections { builder.add(section.name) }
        let images = try await site.images(for: stories)
        images.add(to: &builder)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag) }

        let chrome = await site.chrome(
            title: "Saved stories", canonicalPath: SitePaths.saved, sections: sections, currentPath: SitePaths.saved,
            request: request, session: context.session)
        let view = SavedPageView(
            chrome: chrome, stories: stories.map { StorySummaryView($0, clock: site.clock, images: images) },
            unavailableCount: saved.slugs.count - stories.count)
        return try site.respond(with: view, tag: tag)
    }

    /// The saved stories as JSON (`/saved.json`), for the service worker that keeps them for
    /// reading offline: each story's address and headline, most recent first. Private to the
    /// reader and never stored by a cache.
    @Sendable func listAsJSON(request: Request, context: ReaderRequestContext) async throws -> Response {
        let stories = try await site.store.publishedStories(slugs: context.session.saved.slugs)
        let list = stories.map { ["url": SitePaths.story($0.slug), "headline": $0.headline] }
        let body = try JSONSerialization.data(withJSONObject: ["stories": list], options: [.sortedKeys])
        var response = Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    @Sendable func change(request: Request, context: ReaderRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formFields(limit: context.maxUploadSize)
        try context.session.verifyFormToken(in: form)
        let destination = try ReturnPath(in: form, fallback: ReturnPath(validating: SitePaths.saved) ?? .home)
        guard let slugText = try form.single(Self.slugField), let slug = Slug(validating: slugText) else {
            throw ReaderError.badRequest("The form did not name a story to save or remove.")
        }
        let saved: SavedStories
        switch try form.single(Self.actionField) {
        case "save":
            guard let story = try await site.store.story(slug: slug), story.status.isPublic else {
                throw ReaderError.notFound("There is no story at this address to save.")
            }
            saved = context.session.saved.adding(story.slug)
        case "remove":
            saved = context.session.saved.removing(slug)
        default:
            throw ReaderError.badRequest("The form asked for an unknown change to your saved stories.")
        }
        var response = Response.seeOther(destination)
        response.setCookie(site.cookies.saved(saved))
        return response
    }
}
