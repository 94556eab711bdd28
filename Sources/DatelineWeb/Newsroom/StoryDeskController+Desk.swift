import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// The desk around a story: its activity log and notes, sending it back to the writer, who else
/// has it open, and keeping a person's words when the story went away while they were editing.
extension StoryDeskController {
    /// How long a heartbeat counts: the editor page beats every 20 seconds, so two missed beats
    /// and a slow network still show the person as here.
    static let presenceWindow: TimeInterval = 60

    /// A page's goodbye leaves a presence marked this recently alone.
    static let goodbyeGrace: TimeInterval = 10

    /// Adds a line to the story's activity log.
    func log(_ kind: StoryActivityKind, story id: Int64, account: SignedInAccount, note: String? = nil)
        async throws
    {
        try await desk.store.recordActivity(
            NewStoryActivity(
                storyID: id, userID: account.user.id, kind: kind, note: note, time: desk.configuration.now()))
    }

    /// The story a save or workflow step is for; nil when it has gone (to the trash, or for good)
    /// while the person was editing and the request carries their editor fields, so the caller
    /// can give those back instead of an error page that loses them.
    func storyBeingSaved(_ id: Int64, fields: FormFields, account: SignedInAccount, toDo action: NewsroomAction)
        async throws -> Story?
    {
        do {
            return try await desk.story(id, for: account, toDo: action)
        } catch NewsroomError.notFound(let message) {
            guard try fields.single("headline") != nil else { throw NewsroomError.notFound(message) }
            return nil
        }
    }

    /// The person's fields in a new-story form, with word of what happened: a story moved to the
    /// trash (or deleted for good) by someone else costs nobody what they typed.
    func respondWithGoneStory(form: StoryForm, storyID: Int64, account: SignedInAccount) async throws -> Response {
        let notice: String
        if let entry = try await desk.store.trashEntry(story: storyID) {
            let who = entry.trashedByName ?? "Someone"
            notice =
                "\(who) moved this story to the trash while you were editing, so your changes were not saved. "
                + "Everything you wrote is below: save it as a new story, or ask an editor to restore the old one "
                + "from the Trash page and paste your changes into it."
        } else {
            notice =
                "This story was deleted while you were editing, so your changes were not saved. Everything you "
                + "wrote is below: save it as a new story."
        }
        return try await respondWithEditor(
            form: form, story: nil, account: account, problems: [], notice: notice, status: .conflict)
    }

    // MARK: Return to writer, notes

    /// "Return to writer": an editor sends a submitted story back to draft with a note saying why.
    @Sendable func returnToWriter(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .publish)
        guard story.status == .submitted else {
            throw NewsroomError.conflict(
                "Only a story submitted for review can be returned; this one is \(story.status.rawValue).")
        }
        let note = (try fields.single("note") ?? "").trimmingWhitespace()
        if let problem = Self.noteProblem(note, required: true) {
            return try await respondWithEditor(
                form: StoryForm(story.draft), story: story, account: account, problems: [], returnError: problem,
                status: .unprocessableContent)
        }
        _ = try await desk.store.setStatus(id: story.id, to: .draft, publishedAt: nil)
        try await log(.returned, story: story.id, account: account, note: note)
        return .seeOtherPath(NewsroomPaths.story(story.id) + "?done=returned")
    }

    /// A note on the story for the desk; readers never see it.
    @Sendable func addNote(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .view)
        let note = (try fields.single("note") ?? "").trimmingWhitespace()
        if let problem = Self.noteProblem(note, required: true) {
            return try await respondWithEditor(
                form: StoryForm(story.draft), story: story, account: account, problems: [], noteError: problem,
                status: .unprocessableContent)
        }
        try await log(.note, story: story.id, account: account, note: note)
        return .seeOtherPath(NewsroomPaths.story(story.id) + "?done=noted#activity")
    }

    /// What is wrong with a note, in words for the person; nil when it will do.
    static func noteProblem(_ note: String, required: Bool) -> String? {
        if required && note.isEmpty { return "Write the note: what should the writer or the desk know?" }
        if note.count > NewStoryActivity.noteLimit {
            return "Keep the note under \(NewStoryActivity.noteLimit) characters; it has \(note.count)."
        }
        if let problem = note.controlCharacterProblem(allowing: ["\n", "\r", "\t"]) {
            return "The note " + problem + "."
        }
        return nil
    }

    // MARK: Address

    /// Gives the story a new address; the old one redirects to it for good.
    @Sendable func changeSlug(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .edit)
        let isOwn = try await desk.store.owner(ofStory: story.id) == account.user.id
        guard EditorPermissions(role: account.user.role, isOwn: isOwn, status: story.status).canChangeSlug else {
            throw NewsroomError.forbidden
        }
        let text = (try fields.single("slug") ?? "").trimmingWhitespace()
        func refuse(_ message: String) async throws -> Response {
            try await respondWithEditor(
                form: StoryForm(story.draft), story: story, account: account, problems: [], slugError: message,
                slugValue: text, status: .unprocessableContent)
        }
        guard let slug = Slug(validating: text) else {
            return try await refuse(
                "Use lower-case letters, digits and single hyphens, up to \(Slug.maximumLength) characters, "
                    + "such as harbour-tower-saved.")
        }
        let result: Result<Story, StoreError>
        do {
            result = .success(try await desk.store.changeSlug(ofStory: story.id, to: slug))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success:
            try await log(.changedAddress, story: story.id, account: account, note: "/story/\(slug.rawValue)")
            return .seeOtherPath(NewsroomPaths.story(story.id) + "?done=slug")
        case .failure(.invalid):
            return try await refuse("Another story already has the address /story/\(slug.rawValue). Choose another.")
        case .failure(let other):
            throw other
        }
    }

    // MARK: Autosave

    /// The editor page's autosave (script only): saves a draft's fields as an autosave revision
    /// based on the revision the page holds, and answers in JSON — 200 with the new revision
    /// number, 409 when someone else saved meanwhile (nothing written: the page tells the person
    /// to save and compare), 422 when a field is not valid yet (nothing written), 403 for a story
    /// that is not a draft this account may edit.
    @Sendable func autosave(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .edit)
        guard story.status == .draft else {
            return Self.json(
                ["error": "not_draft", "message": "Autosave is for drafts; save this story with the Save button."],
                status: .forbidden)
        }
        guard let base = try fields.single("base_revision").flatMap({ Int($0) }) else {
            throw NewsroomError.badRequest("The autosave did not say which revision it was based on.")
        }
        let form = try StoryForm(fields: fields)
        if let problem = try await sectionProblem(in: form, account: account) {
            return Self.json(
                ["error": "invalid", "message": "Not autosaved: \(problem.message)."], status: .unprocessableContent)
        }
        // A Result rather than typed catch clauses: the 6.3 compiler crashes on those here.
        let result: Result<AutosaveOutcome, StoreError>
        do {
            result = .success(
                try await desk.store.autosaveStory(
                    id: story.id, with: form.draft(keeping: story.draft), author: account.user.id, basedOn: base))
        } catch {
            result = .failure(error)
        }
        let outcome: AutosaveOutcome
        switch result {
        case .success(let value):
            outcome = value
        case .failure(.stale(let latest)):
            return Self.json(
                [
                    "error": "stale", "latest": latest,
                    "message":
                        "Someone else saved this story, so autosave has stopped. Press Save to compare their version with yours.",
                ], status: .conflict)
        case .failure(.invalid(let error)):
            let first = error.problems.first.map { "\($0.field): \($0.message)" } ?? "a field is not valid"
            return Self.json(
                ["error": "invalid", "message": "Not autosaved yet: \(first)."], status: .unprocessableContent)
        case .failure(let other):
            throw other
        }
        let time = desk.site.clock.timeText(desk.configuration.now())
        return Self.json(["revision": outcome.revision, "changed": outcome.changed, "saved_at": time], status: .ok)
    }

    /// A small JSON answer for the editor page's script.
    static func json(_ object: [String: Any], status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    // MARK: Presence

    /// The editor page's heartbeat: marks this person as having the story open and answers with
    /// everyone else who does, as JSON (`{"others":[{"name":"Ann Lee","seconds":12}]}`).
    @Sendable func heartbeat(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await postedFields(request, account: account)
        let story = try await desk.story(try context.storyID(), for: account, toDo: .view)
        let now = desk.configuration.now()
        try await desk.store.markPresent(story: story.id, user: account.user.id, at: now)
        let others = try await others(onStory: story.id, account: account, now: now)
        let payload = PresencePayload(
            others: others.map { .init(name: $0.name, seconds: max(0, Int(now.timeIntervalSince($0.seenAt)))) })
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let body = try JSONEncoder().encode(payload)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The page was closed (sent with `navigator.sendBeacon`): the person is no longer here.
    @Sendable func leave(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await postedFields(request, account: account)
        // A goodbye can arrive after the next page's hello (Save reloads the editor): the grace
        // keeps a person who is still here.
        try await desk.store.markAbsent(
            story: try context.storyID(), user: account.user.id,
            seenBefore: desk.configuration.now() - Self.goodbyeGrace)
        return Response(status: .noContent)
    }

    /// Everyone but `account` who has had the story open within the window.
    func others(onStory id: Int64, account: SignedInAccount, now: Date) async throws -> [StoryPresence] {
        try await desk.store.presence(onStory: id, since: now - Self.presenceWindow).filter {
            $0.userID != account.user.id
        }
    }

    struct PresencePayload: Encodable {
        struct Person: Encodable {
            let name: String
            let seconds: Int
        }
        let others: [Person]
    }
}

extension StoryActivityKind {
    /// The log line for a workflow step to `status`.
    init(_ status: StoryStatus) {
        switch status {
        case .draft: self = .returned
        case .submitted: self = .submitted
        case .scheduled: self = .scheduled
        case .published: self = .published
        case .unpublished: self = .unpublished
        }
    }
}
