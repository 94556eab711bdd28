import DatelineCore
import DatelineStore
import DatelineText
import Foundation
import Hummingbird

/// The newsroom's story desk: the story list, the editor, the preview, and the workflow steps
/// (submit, publish, schedule, unpublish, correct, delete).
struct StoryDeskController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("", use: list)
        router.get("stories/new", use: newStory)
        router.post("stories", use: create)
        router.post("stories/preview", use: previewUnsaved)
        router.post("stories/suggest", use: suggest)
        router.post("stories/{id}/suggest", use: suggest)
        router.get("stories/{id}", use: edit)
        router.post("stories/{id}", use: save)
        router.get("stories/{id}/preview", use: preview)
        router.post("stories/{id}/preview", use: previewUnsaved)
        router.post("stories/{id}/submit", use: submit)
        router.post("stories/{id}/publish", use: publish)
        router.post("stories/{id}/schedule", use: schedule)
        router.post("stories/{id}/unpublish", use: unpublish)
        router.post("stories/{id}/delete", use: delete)
        router.post("stories/{id}/corrections", use: correct)
    }

    // MARK: List

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let query = context.query
        let status = try query.single("status").flatMap { StoryStatus(rawValue: $0) }
        let section = try query.single("section").flatMap { Slug(validating: $0) }
        var owner = try query.single("author").flatMap { Int64($0) }
        let text = try query.single("q")
        // Contributors and writers work on their own stories only, so that is all they see.
        if account.user.role < .editor { owner = account.user.id }
        let entries = try await desk.store.newsroomStories(
            NewsroomStoryFilter(status: status, section: section, owner: owner, text: text, limit: 200))
        let users = account.user.role >= .editor ? try await desk.store.users() : []
        let sections = try await desk.store.sections()
        let view = StoryListPageView(
            header: desk.header(for: account, current: "stories"), entries: entries, clock: desk.site.clock,
            status: status, section: section, author: owner, text: text ?? "", users: users, sections: sections,
            showsAuthorFilter: account.user.role >= .editor)
        return try desk.respond(with: view)
    }

    // MARK: Editor

    @Sendable func newStory(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        var form = StoryForm()
        form.byline = "By \(account.user.name)"
        return try await respondWithEditor(form: form, story: nil, account: account, problems: [])
    }

    @Sendable func create(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let form = try StoryForm(fields: fields)
        do {
            let story = try await desk.store.createStory(form.draft(), status: .draft, author: account.user.id)
            return .seeOtherPath(NewsroomPaths.story(story.id) + "?saved=1")
        } catch let failure as StoreError {
            guard case .invalid(let error) = failure else { throw failure }
            return try await respondWithEditor(
                form: form, story: nil, account: account, problems: error.problems, status: .unprocessableContent)
        }
    }

    @Sendable func edit(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try context.storyID(), for: account, toDo: .view)
        var notice = try context.query.single("saved") == nil ? nil : "Saved."
        if try context.query.single("imported") != nil {
            notice = "Imported as a draft. Check the headline, highlights and topics, then save or submit it."
        }
        return try await respondWithEditor(
            form: StoryForm(story.draft), story: story, account: account, problems: [], notice: notice)
    }

    @Sendable func save(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .edit)
        let form = try StoryForm(fields: fields)
        do {
            _ = try await desk.store.updateStory(
                id: story.id, with: form.draft(keeping: story.draft), author: account.user.id)
            return .seeOtherPath(NewsroomPaths.story(story.id) + "?saved=1")
        } catch let failure as StoreError {
            guard case .invalid(let error) = failure else { throw failure }
            return try await respondWithEditor(
                form: form, story: story, account: account, problems: error.problems, status: .unprocessableContent)
        }
    }

    // MARK: Preview

    @Sendable func preview(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try context.storyID(), for: account, toDo: .view)
        return try await desk.previewResponse(for: story, request: request, context: context)
    }

    /// Previews the editor's unsaved fields, exactly as the reader page would show them.
    @Sendable func previewUnsaved(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        var base: Story?
        if context.parameters.get("id") != nil {
            base = try await desk.story(try context.storyID(), for: account, toDo: .view)
        }
        let form = try StoryForm(fields: fields)
        let draft: StoryDraft
        do {
            draft = try form.draft(keeping: base?.draft).validated()
        } catch {
            return try await respondWithEditor(
                form: form, story: base, account: account, problems: error.problems, status: .unprocessableContent)
        }
        // Validation guarantees a headline and a section with letters or digits, so both have slugs.
        guard let headlineSlug = Slug(from: draft.headline), let section = draft.section.flatMap(Section.init(name:))
        else { throw NewsroomError.badRequest("The story needs a headline and a section to preview.") }
        let now = desk.configuration.now()
        let story = Story(
            id: base?.id ?? 0, slug: base?.slug ?? headlineSlug, headline: draft.headline, section: section,
            dateline: draft.dateline, byline: draft.byline, body: draft.body, highlights: draft.highlights,
            highlightsOrigin: draft.highlightsOrigin, topics: draft.topics.compactMap { Topic(name: $0) },
            topicsOrigin: draft.topicsOrigin, status: base?.status ?? .draft, publishedAt: base?.publishedAt ?? now,
            createdAt: base?.createdAt ?? now, updatedAt: now, source: base?.source)
        return try await desk.previewResponse(for: story, request: request, context: context)
    }

    // MARK: Workflow

    @Sendable func submit(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .submit)
        guard story.status == .draft else {
            throw NewsroomError.conflict("Only a draft can be submitted; this story is \(story.status.rawValue).")
        }
        _ = try await desk.store.setStatus(id: story.id, to: .submitted, publishedAt: nil)
        return .seeOtherPath(NewsroomPaths.story(story.id))
    }

    @Sendable func publish(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .publish)
        guard story.status != .published else { throw NewsroomError.conflict("This story is already published.") }
        // A story going live now is dated now, unless it carries an earlier date (an archive story).
        let now = desk.configuration.now()
        let date = story.publishedAt.map { $0 <= now ? $0 : now } ?? now
        _ = try await desk.store.setStatus(id: story.id, to: .published, publishedAt: date)
        return .seeOtherPath(NewsroomPaths.story(story.id))
    }

    @Sendable func schedule(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .schedule)
        guard story.status != .published else {
            throw NewsroomError.conflict("This story is already live; unpublish it first to schedule it.")
        }
        let text = try fields.single("publish_at") ?? ""
        guard let time = desk.site.clock.localTime(text), time > desk.configuration.now() else {
            return try await respondWithEditor(
                form: StoryForm(story.draft), story: story, account: account, problems: [],
                scheduleError: "Enter a future date and time, such as 2026-03-01T09:30.", scheduleValue: text,
                status: .unprocessableContent)
        }
        _ = try await desk.store.setStatus(id: story.id, to: .scheduled, publishedAt: time)
        return .seeOtherPath(NewsroomPaths.story(story.id))
    }

    @Sendable func unpublish(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .unpublish)
        guard story.status == .published || story.status == .scheduled else {
            throw NewsroomError.conflict("Only a published or scheduled story can be unpublished.")
        }
        _ = try await desk.store.setStatus(id: story.id, to: .unpublished, publishedAt: nil)
        return .seeOtherPath(NewsroomPaths.story(story.id))
    }

    @Sendable func delete(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .delete)
        try await desk.store.delete(id: story.id)
        return .seeOtherPath(NewsroomPaths.root)
    }

    @Sendable func correct(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .correct)
        let note = try fields.single("note") ?? ""
        let trimmed = note.collapsingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 2_000 else {
            return try await respondWithEditor(
                form: StoryForm(story.draft), story: story, account: account, problems: [],
                correctionError: "Write the correction, up to 2,000 characters: what was wrong and what is right.",
                status: .unprocessableContent)
        }
        _ = try await desk.store.addCorrection(
            trimmed, toStory: story.id, author: account.user.id, at: desk.configuration.now())
        return .seeOtherPath(NewsroomPaths.story(story.id))
    }

    // MARK: Suggestions

    /// "Suggest" next to the highlights or topics: fills them from the text engine's reading of the
    /// body as typed, and shows the editor again without saving, so the editor keeps, edits or
    /// replaces what was proposed before pressing Save.
    @Sendable func suggest(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        var story: Story?
        if context.parameters.get("id") != nil {
            story = try await desk.story(try context.storyID(), for: account, toDo: .edit)
        }
        var form = try StoryForm(fields: fields)
        let what = try fields.single("suggest") ?? ""
        guard what == "highlights" || what == "topics" else {
            throw NewsroomError.badRequest("The form asked for a suggestion Dateline does not make.")
        }
        let text = form.draft().body.joined(separator: "\n\n")
        guard !text.trimmingWhitespace().isEmpty else {
            return try await respondWithEditor(
                form: form, story: story, account: account,
                problems: [.init(field: "body", message: "write the body first: suggestions are drawn from it")],
                status: .unprocessableContent)
        }
        let headline = form.headline.trimmingWhitespace()
        let suggestions = Self.suggester.suggestions(for: text, headline: headline.isEmpty ? nil : headline)
        let notice: String
        if what == "highlights" {
            form.highlights = Array(suggestions.highlights.prefix(StoryForm.highlightSlots))
            notice =
                form.highlights.isEmpty
                ? "No sentence of the body makes a good highlight yet; write them yourself."
                : "Suggested \(form.highlights.count) highlights from the body. Keep, edit or replace them, then save."
        } else {
            form.topics = suggestions.topics.map(\.name).joined(separator: "\n")
            notice =
                suggestions.topics.isEmpty
                ? "No person, place or organisation stands out in the body yet; add topics yourself."
                : "Suggested \(suggestions.topics.count) topics from the body. Keep, edit or replace them, then save."
        }
        return try await respondWithEditor(form: form, story: story, account: account, problems: [], notice: notice)
    }

    /// The text engine's suggester; its settings are fixed, so one serves every request.
    static let suggester = StorySuggester()

    // MARK: Helpers

    /// The posted form, refused unless it carries this session's form token.
    private func postedFields(_ request: Request, account: SignedInAccount) async throws -> FormFields {
        var request = request
        let fields = try await request.formFields(limit: NewsroomRequestContext.formLimit)
        guard account.token.acceptsFormToken(try fields.single("csrf_token")) else { throw NewsroomError.formExpired }
        return fields
    }

    private func respondWithEditor(
        form: StoryForm, story: Story?, account: SignedInAccount, problems: [StoryValidationError.Problem],
        notice: String? = nil, scheduleError: String? = nil, scheduleValue: String = "",
        correctionError: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var permissions = EditorPermissions()
        var corrections: [Correction] = []
        if let story {
            let isOwn = try await desk.store.owner(ofStory: story.id) == account.user.id
            permissions = EditorPermissions(role: account.user.role, isOwn: isOwn, status: story.status)
            corrections = try await desk.store.corrections(ofStory: story.id)
        }
        let sections = try await desk.store.sections()
        let view = EditorPageView(
            header: desk.header(for: account, current: story == nil ? "new" : "stories"), form: form, story: story,
            problems: problems, permissions: permissions, corrections: corrections, sections: sections,
            clock: desk.site.clock, notice: notice, scheduleError: scheduleError, scheduleValue: scheduleValue,
            correctionError: correctionError)
        return try desk.respond(with: view, status: status)
    }
}

/// Which workflow controls the editor shows, from the same rules the routes enforce.
struct EditorPermissions: Sendable {
    var canEdit = true
    var canSubmit = false
    var canPublish = false
    var canSchedule = false
    var canUnpublish = false
    var canCorrect = false
    var canDelete = false

    init() {}

    init(role: Role, isOwn: Bool, status: StoryStatus) {
        func allows(_ action: NewsroomAction) -> Bool { role.allows(action, isOwnStory: isOwn, status: status) }
        canEdit = allows(.edit)
        canSubmit = allows(.submit) && status == .draft
        canPublish = allows(.publish) && status != .published
        canSchedule = allows(.schedule) && status != .published
        canUnpublish = allows(.unpublish) && (status == .published || status == .scheduled)
        canCorrect = allows(.correct) && status == .published
        canDelete = allows(.delete)
    }
}
