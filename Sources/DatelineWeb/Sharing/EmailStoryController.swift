import DatelineCore
import DatelineStore
import Hummingbird
import Logging

/// "E-mail to a friend": `/story/{slug}/email` shows the form and takes its post; the post leads
/// to `/story/{slug}/email/sent`. Without a mail server configured both say so with a 404.
struct EmailStoryController: Sendable {
    let site: ReaderSite

    /// What a reader is told when the site has no mail server.
    static let notConfigured =
        "E-mail to a friend is not available on this site: no mail server is configured. Copy the story's address to share it."

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get("/story/{slug}/email", use: form)
        router.post("/story/{slug}/email", use: send)
        router.refuse([.put, .delete, .patch], at: "/story/{slug}/email", allowing: [.get, .head, .post])
        router.get("/story/{slug}/email/sent", use: sent)
        router.refuseWrites(at: "/story/{slug}/email/sent")
    }

    private func desk() throws(ReaderError) -> StoryMailDesk {
        guard let desk = site.mail else { throw .notFound(Self.notConfigured) }
        return desk
    }

    private func publishedStory(_ context: ReaderRequestContext) async throws -> Story {
        let slug = try context.slugParameter()
        guard let story = try await site.store.story(slug: slug), story.status.isPublic else {
            throw ReaderError.notFound(
                "There is no story at this address to send. It may have been moved or taken down.")
        }
        return story
    }

    @Sendable func form(request: Request, context: ReaderRequestContext) async throws -> Response {
        _ = try desk()
        let story = try await publishedStory(context)
        return try await render(story, form: StoryMailForm(), status: .ok, request: request, context: context)
    }

    @Sendable func send(request: Request, context: ReaderRequestContext) async throws -> Response {
        let desk = try desk()
        var request = request
        let fields = try await request.formFields(limit: context.maxUploadSize)
        try context.session.verifyFormToken(in: fields)
        let story = try await publishedStory(context)
        let form = try StoryMailForm(fields)
        guard let checked = form.checked else {
            return try await render(
                story, form: form, status: .unprocessableContent, request: request, context: context)
        }
        let outcome = try await desk.share(
            story, storyURL: site.absoluteURL(SitePaths.story(story.slug), for: request), request: checked,
            clientAddress: context.remoteAddress)
        switch outcome {
        case .limited:
            context.logger.notice(
                "e-mail to a friend refused: hourly limit", metadata: ["story": .string(story.slug.rawValue)])
            throw ReaderError.tooManyRequests(
                "You have sent as many stories by e-mail as we allow in an hour, so this one was not sent. "
                    + "Please try again later.")
        case .queued(let count):
            context.logger.info(
                "e-mail to a friend queued",
                metadata: ["story": .string(story.slug.rawValue), "mail.messages": .stringConvertible(count)])
        }
        // The same answer however many recipients were within their limits.
        guard let destination = ReturnPath(validating: SitePaths.emailStorySent(story.slug)) else {
            throw ReaderError.badRequest("The story's address is not valid.")
        }
        return .seeOther(destination)
    }

    @Sendable func sent(request: Request, context: ReaderRequestContext) async throws -> Response {
        _ = try desk()
        let story = try await publishedStory(context)
        let sections = try await site.sections()
        let chrome = await site.chrome(
            title: "Story sent", canonicalPath: SitePaths.emailStorySent(story.slug), sections: sections,
            currentPath: nil, request: request, session: context.session)
        var response = try site.respond(with: EmailPageView(sentFor: story, chrome: chrome))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func render(
        _ story: Story, form: StoryMailForm, status: HTTPResponse.Status, request: Request,
        context: ReaderRequestContext
    ) async throws -> Response {
        let sections = try await site.sections()
        let chrome = await site.chrome(
            title: "E-mail to a friend: \(story.headline)", canonicalPath: SitePaths.emailStory(story.slug),
            sections: sections, currentPath: nil, request: request, session: context.session)
        var response = try site.respond(with: EmailPageView(story: story, form: form, chrome: chrome), status: status)
        // The form may carry the reader's own token and what they typed: never shared, never stored.
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
