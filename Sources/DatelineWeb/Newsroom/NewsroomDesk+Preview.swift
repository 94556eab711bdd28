import DatelineCore
import DatelineStore
import HTTPTypes
import Hummingbird

extension NewsroomDesk {
    /// The reader's story page for `story`, whatever its status: the same view model, template
    /// and "Next Article" and "Don't Miss" links a reader would get once it is live.
    func previewResponse(for story: Story, request: Request, context: NewsroomRequestContext) async throws -> Response {
        let next = try await site.store.nextStory(after: story)
        let related = try await site.dontMiss(for: story).filter { $0.id != story.id }
        let sections = try await site.store.sections()
        let corrections = story.id == 0 ? [] : try await store.corrections(ofStory: story.id)
        let images = try await site.images(for: [story], body: true)
        let chrome = await site.chrome(
            title: FeedSummary.shareTitle(of: story), description: story.seoDescription ?? story.highlights.first,
            canonicalPath: SitePaths.story(story.slug),
            sections: sections, currentPath: SitePaths.section(story.section.slug), request: request,
            session: context.reader)
        let view = StoryPageView(
            story: story, next: next, related: related, chrome: chrome, session: context.reader, clock: site.clock,
            corrections: corrections, isPreview: true, images: images)
        var response = try site.respond(with: view)
        response.headers[.cacheControl] = "no-store"
        // A preview is not the story's address; keep it out of search engines.
        response.headers[.xRobotsTag] = "noindex, nofollow"
        return response
    }
}

extension HTTPField.Name {
    /// `X-Robots-Tag`.
    static var xRobotsTag: Self { Self("X-Robots-Tag")! }  // a valid token, so never nil
}
