import DatelineCore
import DatelineMarkup
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

    /// Everything the story page shows from the store, from the model cache when it is on.
    private func storyPageModel(_ context: ReaderRequestContext) async throws -> StoryPageModel {
        let slug = try context.slugParameter()
        guard let models = site.models else { return try await loadStoryPageModel(context) }
        return try await models.value("story:" + slug.rawValue) { try await loadStoryPageModel(context) }
    }

    private func loadStoryPageModel(_ context: ReaderRequestContext) async throws -> StoryPageModel {
        let story = try await publishedStory(context)
        let images = try await site.images(for: [story], body: true)
        return StoryPageModel(
            story: story,
            next: try await site.store.nextStory(after: story),
            related: try await site.dontMiss(for: story),
            sections: try await site.store.sections(),
            corrections: try await (site.store as? any NewsroomStore)?.corrections(ofStory: story.id) ?? [],
            images: images, bodyBlocks: MarkdownBody.html(story.body, images: images))
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
        let model: StoryPageModel
        do {
            model = try await storyPageModel(context)
        } catch ReaderError.notFound(let message) {
            if let moved = try await movedStory(context, suffix: "") { return moved }
            throw ReaderError.notFound(message)
        }
        let (story, next, related, sections, corrections, images) = (
            model.story, model.next, model.related, model.sections, model.corrections, model.images
        )

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
        try site.describe(
            story, in: &chrome, request: request, corrections: corrections, images: images, memo: model.metadata)
        // A wire item republished verbatim names the original as canonical (issue 17 item 3).
        if let source = story.source, source.isVerbatimWireCopy(body: story.body) {
            chrome.canonicalURL = source.url
        }
        let view = StoryPageView(
            story: story, next: next, related: related, chrome: chrome, session: context.session, clock: site.clock,
            corrections: corrections, canEmail: site.mail != nil, images: images, bodyBlocks: model.bodyBlocks)
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

/// What the story page shows from the store: the story with its "Next Article", "Don't Miss",
/// sections, corrections and pictures.
struct StoryPageModel: Sendable {
    let story: Story
    let next: Story?
    let related: [Story]
    let sections: [Section]
    let corrections: [Correction]
    let images: StoryImageSet
    /// The body as sanitised HTML blocks, figures included: made once per model, not per page.
    let bodyBlocks: [SanitizedHTML]
    /// The page's share tags and structured data, made at the first page and kept with the model.
    let metadata = StoryMetadataMemo.forStoryPage()
}
