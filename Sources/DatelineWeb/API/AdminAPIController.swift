import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// The admin API: the newsroom's story desk for programs. Every request acts as the bearer
/// token's account, under exactly the rules the newsroom pages apply (``NewsroomDesk/story(_:for:toDo:)``
/// and ``Role/allows(_:isOwnStory:status:)``).
struct AdminAPIController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to routes: APIRouteRegistrar) {
        routes.add(.get, "stories", use: list)
        routes.add(.post, "stories", use: create)
        routes.add(.get, "stories/{id}", use: show)
        routes.add(.put, "stories/{id}", use: update)
        routes.add(.post, "stories/{id}/publish", use: publish)
        routes.add(.post, "stories/{id}/schedule", use: schedule)
        routes.add(.post, "stories/{id}/unpublish", use: unpublish)
        routes.add(.get, "stories/{id}/revisions", use: revisions)
        routes.add(.delete, "stories/{id}", use: trash)
        routes.add(.get, "trash", use: trashList)
        routes.add(.post, "trash/{id}/restore", use: restoreFromTrash)
        addAuthorRoutes(to: routes)
        addNewsletterRoutes(to: routes)
        addWireRoutes(to: routes)
    }

    // MARK: Reading

    @Sendable func list(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try context.query(of: request)
        let paging = try APIPaging(fields)
        var status: StoryStatus?
        if let text = try APIQuery.single("status", in: fields) {
            guard let value = StoryStatus(rawValue: text) else {
                throw APIError(
                    status: .badRequest, code: "bad_query",
                    message: "“status” must be one of \(StoryStatus.allCases.map(\.rawValue).joined(separator: ", ")).",
                    fields: ["status": "unknown status"])
            }
            status = value
        }
        var entries: [NewsroomStoryEntry] = []
        let sectionText = try APIQuery.single("section", in: fields)
        let section = sectionText.flatMap { Slug(validating: $0) }
        if sectionText == nil || section != nil {
            // Contributors and writers work on their own stories only, so that is all they see.
            let owner = account.user.role < .editor ? account.user.id : nil
            entries = try await desk.store.newsroomStories(
                NewsroomStoryFilter(
                    status: status, section: section, owner: owner, limit: paging.perPage + 1, offset: paging.offset))
        }
        let hasMore = entries.count > paging.perPage
        let origin = desk.site.origin(for: request)
        let listed = entries.prefix(paging.perPage).map(\.story)
        let images = try await desk.site.images(for: listed, body: true)
        let envelope = paging.envelope(
            items: listed.map { APIStoryJSON.adminStory($0, origin: origin, images: images) },
            key: "stories", total: nil, hasNext: hasMore, request: request, origin: origin)
        return noStore(.json(envelope))
    }

    @Sendable func show(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try storyID(context), for: account.user, toDo: .view)
        return try await storyResponse(story, request: request, revision: latestRevision(of: story.id))
    }

    @Sendable func revisions(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try storyID(context), for: account.user, toDo: .view)
        let revisions = try await desk.store.revisions(ofStory: story.id)
        return noStore(.json(["revisions": revisions.map(APIStoryJSON.revision)]))
    }

    // MARK: Writing

    @Sendable func create(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        var request = request
        let input = try APIStoryInput(json: try await request.apiJSONObject())
        let story = try await desk.store.createStory(input.draft(), status: .draft, author: account.user.id)
        var response = try await storyResponse(story, request: request, status: .created, revision: 1)
        response.headers[.location] = "\(APIPaths.version1)/admin/stories/\(story.id)"
        return response
    }

    @Sendable func update(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try storyID(context), for: account.user, toDo: .edit)
        var request = request
        let object = try await request.apiJSONObject()
        let input = try APIStoryInput(json: object)
        // A save says which version it changes, so it can never silently overwrite another; the
        // body is checked first, so a malformed request hears about its body.
        let basedOn = try StoryRevisionTag.expected(from: request.headers[.ifMatch])
        let outcome: Result<Story, StoreError>
        do {
            outcome = .success(
                try await desk.store.saveStory(
                    id: story.id, with: input.draft(keeping: story.draft), author: account.user.id, basedOn: basedOn,
                    then: nil))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let updated):
            return try await storyResponse(updated, request: request, revision: latestRevision(of: story.id))
        case .failure(.stale(let latest)):
            throw APIError.preconditionFailed(latest: latest)
        case .failure(let other):
            throw other
        }
    }

    /// The number of the story's latest revision, which its ETag names.
    private func latestRevision(of id: Int64) async throws -> Int? {
        try await desk.store.revisions(ofStory: id).first?.number
    }

    @Sendable func publish(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try storyID(context), for: account.user, toDo: .publish)
        guard story.status != .published else { throw APIError.conflict("This story is already published.") }
        // A story going live now is dated now, unless it carries an earlier date (an archive story).
        let now = desk.configuration.now()
        let date = story.publishedAt.map { $0 <= now ? $0 : now } ?? now
        let published = try await desk.store.setStatus(id: story.id, to: .published, publishedAt: date)
        return try await storyResponse(published, request: request)
    }

    @Sendable func schedule(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try storyID(context), for: account.user, toDo: .schedule)
        var request = request
        let object = try await request.apiJSONObject()
        var problems: [String: String] = [:]
        for key in object.keys where key != "publish_at" { problems[key] = "unknown field" }
        let text = object["publish_at"] as? String
        let time = text.flatMap(APIStoryJSON.parseDate)
        if time == nil { problems["publish_at"] = "an ISO 8601 date-time, such as 2026-03-01T09:30:00Z" }
        guard problems.isEmpty, let time else { throw APIError.invalidFields(problems) }
        guard time > desk.configuration.now() else {
            throw APIError.invalidFields(["publish_at": "must be in the future"])
        }
        guard story.status != .published else {
            throw APIError.conflict("This story is already live; unpublish it first to schedule it.")
        }
        let scheduled = try await desk.store.setStatus(id: story.id, to: .scheduled, publishedAt: time)
        return try await storyResponse(scheduled, request: request)
    }

    @Sendable func unpublish(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try storyID(context), for: account.user, toDo: .unpublish)
        guard story.status == .published || story.status == .scheduled else {
            throw APIError.conflict("Only a published or scheduled story can be unpublished.")
        }
        let unpublished = try await desk.store.setStatus(id: story.id, to: .unpublished, publishedAt: nil)
        return try await storyResponse(unpublished, request: request)
    }

    // MARK: Trash

    /// DELETE moves the story to the trash, as the newsroom's "Move to trash" does: off the site
    /// at once, restorable for 30 days.
    @Sendable func trash(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try storyID(context), for: account.user, toDo: .delete)
        try await desk.store.moveToTrash(story: story.id, by: account.user.id, at: desk.configuration.now())
        return noStore(Response(status: .noContent))
    }

    @Sendable func trashList(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard account.user.role >= .editor else { throw APIError.forbidden }
        let entries = try await desk.store.trashedStories(limit: TrashController.pageLimit)
        return noStore(.json(["trash": entries.map(APIStoryJSON.trashEntry)]))
    }

    @Sendable func restoreFromTrash(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard account.user.role >= .editor else { throw APIError.forbidden }
        let id = try storyID(context)
        let story: Story
        do {
            story = try await desk.store.restoreFromTrash(story: id, by: account.user.id, at: desk.configuration.now())
        } catch .notFound {
            throw APIError.notFound("Story \(id) is not in the trash.")
        }
        return try await storyResponse(story, request: request, revision: latestRevision(of: story.id))
    }

    // MARK: Helpers

    /// The `{id}` path parameter as a story key; 404 when it is not a positive number.
    private func storyID(_ context: APIRequestContext) throws(APIError) -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw .notFound("There is no story at this address.")
        }
        return id
    }

    func storyResponse(
        _ story: Story, request: Request, status: HTTPResponse.Status = .ok, revision: Int? = nil
    ) async throws -> Response {
        let images = try await desk.site.images(for: [story], body: true)
        var response = noStore(
            .json(
                APIStoryJSON.adminStory(story, origin: desk.site.origin(for: request), images: images),
                status: status))
        if let revision { response.headers[.eTag] = StoryRevisionTag.tag(for: revision) }
        return response
    }

    func noStore(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
