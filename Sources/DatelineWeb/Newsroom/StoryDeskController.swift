import DatelineCore
import DatelineStore
import DatelineText
import Foundation
import Hummingbird
import Logging

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
        router.post("stories/{id}/return", use: returnToWriter)
        router.post("stories/{id}/notes", use: addNote)
        router.post("stories/{id}/presence", use: heartbeat)
        router.post("stories/{id}/autosave", use: autosave)
        router.post("stories/{id}/slug", use: changeSlug)
        router.post("stories/{id}/presence/leave", use: leave)
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
        let sections = try await desk.store.newsroomSections()
        let view = StoryListPageView(
            header: desk.header(for: account, current: "stories"), entries: entries, clock: desk.site.clock,
            status: status, section: section, author: owner, text: text ?? "", users: users, sections: sections,
            showsAuthorFilter: account.user.role >= .editor)
        var page = view
        if let id = try query.single("trashed").flatMap(Int64.init),
            let entry = try await desk.store.trashEntry(story: id)
        {
            page.trashed = .init(
                headline: entry.story.headline, canRestore: account.user.role >= .editor,
                restoreURL: NewsroomPaths.restoreFromTrash(id))
        }
        return try desk.respond(with: page)
    }

    // MARK: Editor

    @Sendable func newStory(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        var form = StoryForm()
        // A writer with a profile is credited by it; without one, by name until an editor adds one.
        let own = try await desk.store.authors(ofUser: account.user.id)
        if own.isEmpty {
            form.byline = "By \(account.user.name)"
        } else {
            form.authorIDs = own.map(\.author.id)
        }
        return try await respondWithEditor(form: form, story: nil, account: account, problems: [])
    }

    @Sendable func create(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let form = try StoryForm(fields: fields)
        if let problem = try await sectionProblem(in: form, account: account) {
            return try await respondWithEditor(
                form: form, story: nil, account: account, problems: [problem], status: .unprocessableContent)
        }
        do {
            let story = try await desk.store.createStory(form.draft(), status: .draft, author: account.user.id)
            try await log(.created, story: story.id, account: account)
            await recordSuggestionSignal(form: form, before: nil, saved: story, account: account)
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
        // Opening the editor counts as being here; the page's heartbeat keeps it so.
        try await desk.store.markPresent(story: story.id, user: account.user.id, at: desk.configuration.now())
        var notice = try context.query.single("saved") == nil ? nil : "Saved."
        switch try context.query.single("done") {
        case "submitted": notice = "Saved and submitted for review."
        case "published": notice = "Saved and published."
        case "scheduled": notice = "Saved and scheduled."
        case "unpublished": notice = "Saved and unpublished: readers no longer see it."
        case "returned": notice = "Returned to the writer as a draft, with your note."
        case "noted": notice = "Note added for the desk."
        case "restored": notice = "Restored from the trash."
        case "corrected": notice = "Correction added: it shows, dated, at the foot of the story."
        case "slug": notice = "Address changed. The old address now redirects to the new one."
        default: break
        }
        switch try context.query.single("imported") {
        case nil: break
        case "picture":
            notice =
                "Imported as a draft with the page's picture as its lead image. Check the headline, highlights, "
                + "topics and the picture's credit and alt text, then save or submit it."
        case "nopicture":
            notice =
                "Imported as a draft, without the page's picture (the activity log below says why). Check the "
                + "headline, highlights and topics, then save or submit it."
        default:
            notice = "Imported as a draft. Check the headline, highlights and topics, then save or submit it."
        }
        return try await respondWithEditor(
            form: StoryForm(story.draft), story: story, account: account, problems: [], notice: notice)
    }

    @Sendable func save(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let id = try context.storyID()
        guard let story = try await storyBeingSaved(id, fields: fields, account: account, toDo: .edit) else {
            return try await respondWithGoneStory(form: StoryForm(fields: fields), storyID: id, account: account)
        }
        return try await saveEditor(fields, story: story, account: account, then: nil, done: "saved=1")
    }

    /// Saves the editor's posted fields (based on the revision the form was opened at) and takes
    /// `change` in the same transaction. A validation problem re-shows the form with every field
    /// as sent and nothing changed; a save based on an older revision shows both versions
    /// (``respondWithConflict``). Without editor fields, or for an account that may not edit the
    /// story, only `change` is taken.
    private func saveEditor(
        _ fields: FormFields, story: Story, account: SignedInAccount, then change: StoryStatusChange?, done: String
    ) async throws -> Response {
        let target = NewsroomPaths.story(story.id) + "?" + done
        let isOwn = try await desk.store.owner(ofStory: story.id) == account.user.id
        let mayEdit = account.user.role.allows(.edit, isOwnStory: isOwn, status: story.status)
        guard try fields.single("headline") != nil, mayEdit else {
            if let change {
                _ = try await desk.store.setStatus(id: story.id, to: change.status, publishedAt: change.publishedAt)
                try await log(StoryActivityKind(change.status), story: story.id, account: account)
            }
            return .seeOtherPath(target)
        }
        let form = try StoryForm(fields: fields)
        if let problem = try await sectionProblem(in: form, account: account) {
            return try await respondWithEditor(
                form: form, story: story, account: account, problems: [problem],
                notice: change == nil ? nil : "Nothing was changed: fix the fields below, then try again.",
                status: .unprocessableContent)
        }
        let base = try fields.single("base_revision").flatMap { Int($0) }
        let draft = form.draft(keeping: story.draft)
        let outcome: Result<Story, StoreError>
        do {
            outcome = .success(
                try await desk.store.saveStory(
                    id: story.id, with: draft, author: account.user.id, basedOn: base, then: change))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let saved):
            await recordSuggestionSignal(form: form, before: story, saved: saved, account: account)
            let latest = try await desk.store.revisions(ofStory: story.id).first?.number
            if latest != base { try await log(.saved, story: story.id, account: account) }
            if let change { try await log(StoryActivityKind(change.status), story: story.id, account: account) }
            return .seeOtherPath(target)
        case .failure(.notFound):
            return try await respondWithGoneStory(form: form, storyID: story.id, account: account)
        case .failure(.invalid(let error)):
            return try await respondWithEditor(
                form: form, story: story, account: account, problems: error.problems,
                notice: change == nil ? nil : "Nothing was changed: fix the fields below, then try again.",
                status: .unprocessableContent)
        case .failure(.stale(let latest)):
            return try await respondWithConflict(form: form, storyID: story.id, latest: latest, account: account)
        case .failure(let other):
            throw other
        }
    }

    /// Refuses a section the desk does not have yet unless the account may create sections:
    /// a writer's typo must not become a permanent section.
    func sectionProblem(in form: StoryForm, account: SignedInAccount) async throws
        -> StoryValidationError.Problem?
    {
        guard account.user.role < .editor, let slug = Slug(from: form.section) else { return nil }
        let sections = try await desk.store.newsroomSections()
        // A desk with no sections yet lets its first story name one.
        guard !sections.isEmpty, !sections.contains(where: { $0.slug == slug }) else { return nil }
        let names = sections.map(\.name).joined(separator: ", ")
        return .init(
            field: "section",
            message: "choose one of the desk's sections (\(names)); only an editor can add a new section")
    }

    /// The editor again with the person's own fields, based now on the latest revision, and the
    /// version someone else saved beside it to compare and copy from; nothing is lost either way.
    private func respondWithConflict(form: StoryForm, storyID: Int64, latest: Int, account: SignedInAccount)
        async throws -> Response
    {
        let story = try await desk.story(storyID, for: account, toDo: .view)
        let theirs = try await desk.store.revisions(ofStory: storyID).first { $0.number == latest }
        let conflict = EditorPageView.Conflict(
            revision: latest, author: theirs?.authorName ?? "Someone",
            time: TimeView(theirs?.createdAt ?? story.updatedAt, clock: desk.site.clock),
            theirs: StoryForm(theirs?.content ?? story.draft), editURL: NewsroomPaths.story(storyID))
        return try await respondWithEditor(
            form: form, story: story, account: account, problems: [], conflict: conflict, status: .conflict)
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
        var story = Story(
            id: base?.id ?? 0, slug: base?.slug ?? headlineSlug, headline: draft.headline, section: section,
            dateline: draft.dateline, byline: draft.byline, body: draft.body, highlights: draft.highlights,
            highlightsOrigin: draft.highlightsOrigin, topics: draft.topics.compactMap { Topic(name: $0) },
            topicsOrigin: draft.topicsOrigin, status: base?.status ?? .draft, publishedAt: base?.publishedAt ?? now,
            createdAt: base?.createdAt ?? now, updatedAt: now, source: base?.source)
        story.seoTitle = draft.seoTitle
        story.seoDescription = draft.seoDescription
        // The credits as chosen in the form (unknown keys are left out; saving refuses them).
        if let ids = draft.authorIDs {
            let profiles = Dictionary(
                try await desk.store.authors().map { ($0.author.id, $0.author) },
                uniquingKeysWith: { first, _ in first })
            story.credit(ids.compactMap { profiles[$0] })
        } else if let base {
            story.credit(base.authors)
        }
        return try await desk.previewResponse(for: story, request: request, context: context)
    }

    // MARK: Workflow

    @Sendable func submit(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let id = try context.storyID()
        guard let story = try await storyBeingSaved(id, fields: fields, account: account, toDo: .submit) else {
            return try await respondWithGoneStory(form: StoryForm(fields: fields), storyID: id, account: account)
        }
        guard story.status == .draft else {
            throw NewsroomError.conflict("Only a draft can be submitted; this story is \(story.status.rawValue).")
        }
        return try await saveEditor(
            fields, story: story, account: account, then: StoryStatusChange(status: .submitted, publishedAt: nil),
            done: "done=submitted")
    }

    @Sendable func publish(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let id = try context.storyID()
        guard let story = try await storyBeingSaved(id, fields: fields, account: account, toDo: .publish) else {
            return try await respondWithGoneStory(form: StoryForm(fields: fields), storyID: id, account: account)
        }
        guard story.status != .published else { throw NewsroomError.conflict("This story is already published.") }
        // A story going live now is dated now, unless it carries an earlier date (an archive story).
        let now = desk.configuration.now()
        let date = story.publishedAt.map { $0 <= now ? $0 : now } ?? now
        return try await saveEditor(
            fields, story: story, account: account, then: StoryStatusChange(status: .published, publishedAt: date),
            done: "done=published")
    }

    @Sendable func schedule(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let id = try context.storyID()
        guard let story = try await storyBeingSaved(id, fields: fields, account: account, toDo: .schedule) else {
            return try await respondWithGoneStory(form: StoryForm(fields: fields), storyID: id, account: account)
        }
        guard story.status != .published else {
            throw NewsroomError.conflict("This story is already live; unpublish it first to schedule it.")
        }
        let text = try fields.single("publish_at") ?? ""
        guard let time = desk.site.clock.localTime(text), time > desk.configuration.now() else {
            // The editor's fields come back as sent, so a bad time never costs an edit.
            let form = try fields.single("headline") != nil ? try StoryForm(fields: fields) : StoryForm(story.draft)
            return try await respondWithEditor(
                form: form, story: story, account: account, problems: [],
                scheduleError: "Enter a future date and time, such as 2026-03-01T09:30.", scheduleValue: text,
                status: .unprocessableContent)
        }
        return try await saveEditor(
            fields, story: story, account: account, then: StoryStatusChange(status: .scheduled, publishedAt: time),
            done: "done=scheduled")
    }

    @Sendable func unpublish(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let id = try context.storyID()
        guard let story = try await storyBeingSaved(id, fields: fields, account: account, toDo: .unpublish) else {
            return try await respondWithGoneStory(form: StoryForm(fields: fields), storyID: id, account: account)
        }
        guard story.status == .published || story.status == .scheduled else {
            throw NewsroomError.conflict("Only a published or scheduled story can be unpublished.")
        }
        return try await saveEditor(
            fields, story: story, account: account, then: StoryStatusChange(status: .unpublished, publishedAt: nil),
            done: "done=unpublished")
    }

    @Sendable func delete(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .delete)
        guard try fields.single("confirm") == "yes" else {
            let count = try await desk.store.revisions(ofStory: story.id).count
            return try desk.respond(
                with: DeleteConfirmationView(
                    header: desk.header(for: account, current: "stories"), headline: story.headline,
                    deleteURL: NewsroomPaths.story(story.id, "delete"), editURL: NewsroomPaths.story(story.id),
                    revisions: count == 1 ? "1 revision" : "\(count) revisions", isLive: story.status.isPublic))
        }
        try await desk.store.moveToTrash(story: story.id, by: account.user.id, at: desk.configuration.now())
        return .seeOtherPath(NewsroomPaths.root + "?trashed=\(story.id)")
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
        try await log(.corrected, story: story.id, account: account)
        return .seeOtherPath(NewsroomPaths.story(story.id) + "?done=corrected")
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
        // The engine reads the words, not the Markdown, so no suggestion carries link syntax.
        let text = form.draft().body.map(MarkdownText.plain).joined(separator: "\n\n")
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
            form.suggestedHighlights = form.highlights
            notice =
                form.highlights.isEmpty
                ? "No sentence of the body makes a good highlight yet; write them yourself."
                : "Suggested \(form.highlights.count) highlights from the body. Keep, edit or replace them, then save."
        } else {
            form.topics = suggestions.topics.map(\.name).joined(separator: "\n")
            form.suggestedTopics = suggestions.topics.map(\.name)
            notice =
                suggestions.topics.isEmpty
                ? "No person, place or organisation stands out in the body yet; add topics yourself."
                : "Suggested \(suggestions.topics.count) topics from the body. Keep, edit or replace them, then save."
        }
        return try await respondWithEditor(form: form, story: story, account: account, problems: [], notice: notice)
    }

    /// The text engine's suggester; its settings are fixed, so one serves every request.
    static let suggester = StorySuggester()

    /// Where a failure to record the editors' signal is reported.
    private static let signalLogger = Logger(label: "dateline.suggestion-signal")

    /// The editors' signal: after a save, records which of Dateline's suggestions the saved story
    /// kept, which it dropped and what was written instead. The suggestions are what "Suggest"
    /// put in the form (carried in hidden fields), else the stored story's own highlights or
    /// topics while they are still the engine's unreviewed ones (an imported story). A store
    /// without the signal, or a failure to record it, never costs the save.
    func recordSuggestionSignal(form: StoryForm, before: Story?, saved: Story, account: SignedInAccount) async {
        guard let store = desk.store as? any SuggestionSignalStore else { return }
        let now = desk.configuration.now()
        let highlights =
            form.suggestedHighlights ?? (before?.highlightsOrigin == .machine ? before?.highlights : nil)
        let topics = form.suggestedTopics ?? (before?.topicsOrigin == .machine ? before?.topics.map(\.name) : nil)
        for (kind, suggested, kept) in [
            (SuggestionSignal.Kind.highlights, highlights, saved.highlights),
            (.topics, topics, saved.topics.map(\.name)),
        ] {
            guard let suggested, !suggested.isEmpty else { continue }
            let signal = SuggestionSignal(
                storyID: saved.id, kind: kind, account: account.user.id, suggested: suggested, saved: kept,
                recordedAt: now)
            do {
                try await store.recordSuggestionSignal(signal)
            } catch {
                Self.signalLogger.warning(
                    "could not record the editors' signal", metadata: ["story": "\(saved.id)", "error": "\(error)"])
            }
        }
    }

    // MARK: Helpers

    /// The posted form, refused unless it carries this session's form token.
    func postedFields(_ request: Request, account: SignedInAccount) async throws -> FormFields {
        try await account.postedFields(of: request)
    }

    func respondWithEditor(
        form: StoryForm, story: Story?, account: SignedInAccount, problems: [StoryValidationError.Problem],
        notice: String? = nil, scheduleError: String? = nil, scheduleValue: String = "",
        correctionError: String? = nil, returnError: String? = nil, noteError: String? = nil,
        slugError: String? = nil, slugValue: String? = nil,
        conflict: EditorPageView.Conflict? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var permissions = EditorPermissions(creatingSectionsAs: account.user.role)
        var corrections: [Correction] = []
        var baseRevision: Int?
        var activity: [StoryActivity] = []
        var others: [StoryPresence] = []
        if let story {
            activity = try await desk.store.activity(ofStory: story.id, limit: 50)
            others = try await self.others(onStory: story.id, account: account, now: desk.configuration.now())
            // The revision this form starts from: after a conflict, the one the person has now seen.
            if let conflict {
                baseRevision = conflict.revision
            } else {
                baseRevision = try await desk.store.revisions(ofStory: story.id).first?.number
            }
            let isOwn = try await desk.store.owner(ofStory: story.id) == account.user.id
            permissions = EditorPermissions(role: account.user.role, isOwn: isOwn, status: story.status)
            corrections = try await desk.store.corrections(ofStory: story.id)
        }
        let sections = try await desk.store.newsroomSections()
        let view = EditorPageView(
            header: desk.header(for: account, current: story == nil ? "new" : "stories"), form: form, story: story,
            problems: problems, permissions: permissions, corrections: corrections, sections: sections,
            clock: desk.site.clock, notice: notice, scheduleError: scheduleError, scheduleValue: scheduleValue,
            correctionError: correctionError, baseRevision: baseRevision, conflict: conflict)
        var page = view
        page.addDesk(
            activity: activity, others: others, clock: desk.site.clock, returnError: returnError, noteError: noteError)
        var chosenItem: MediaItem?
        if let media = desk.store as? any MediaStore {
            let chosen = Int64(form.leadImage).flatMap { $0 > 0 ? $0 : nil }
            chosenItem = if let chosen { try await media.media(id: chosen) } else { nil }
            let recent = try await media.mediaItems(MediaQuery(limit: LeadImagePicker.choiceCount))
            let errors = problems.filter { $0.field == "lead_image" }.map(\.message)
            page.leadImagePicker = LeadImagePicker(
                chosenID: form.leadImage, chosenItem: chosenItem, recent: recent,
                error: errors.isEmpty ? nil : errors.joined(separator: "; "))
        }
        if let story {
            page.slugField = FieldView(
                name: "slug", label: "Address: /story/…", value: slugValue ?? story.slug.rawValue, error: slugError,
                hint: "Lower-case letters, digits and hyphens. The old address keeps working: it redirects here.",
                id: "story-slug")
        }
        page.addCredits(
            form: form, authors: try await desk.store.authors(), problems: problems, leadImage: chosenItem,
            siteName: desk.site.configuration.siteName, host: URL(string: desk.site.configuration.baseURL)?.host() ?? ""
        )
        return try desk.respond(with: page, status: status)
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
    /// An editor may send a submitted story back to its writer with a note.
    var canReturn = false
    /// May give the story a new address (the old one redirects).
    var canChangeSlug = false
    /// Editors and admins may file a story in a section that does not exist yet; writers and
    /// contributors choose from the desk's sections, so a typo ("Wrold") cannot make one.
    var canCreateSections = false

    init() {}

    init(creatingSectionsAs role: Role) {
        canCreateSections = role >= .editor
    }

    init(role: Role, isOwn: Bool, status: StoryStatus) {
        func allows(_ action: NewsroomAction) -> Bool { role.allows(action, isOwnStory: isOwn, status: status) }
        canEdit = allows(.edit)
        canSubmit = allows(.submit) && status == .draft
        canPublish = allows(.publish) && status != .published
        canSchedule = allows(.schedule) && status != .published
        canUnpublish = allows(.unpublish) && (status == .published || status == .scheduled)
        canCorrect = allows(.correct) && status == .published
        canDelete = allows(.delete)
        canReturn = allows(.publish) && status == .submitted
        // A live story's address is in links and search results: moving it is an editor's call.
        canChangeSlug = allows(.edit) && (status != .published || allows(.publish))
        canCreateSections = role >= .editor
    }
}
