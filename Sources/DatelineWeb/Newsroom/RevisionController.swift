import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// A story's revisions (`/newsroom/stories/{id}/revisions`), the comparison of any two, and
/// restoring an old one (which is itself saved as a new revision).
struct RevisionController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("stories/{id}/revisions", use: list)
        router.get("stories/{id}/revisions/compare", use: compare)
        router.post("stories/{id}/revisions/{revision}/restore", use: restore)
    }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try context.storyID(), for: account, toDo: .view)
        let revisions = try await desk.store.revisions(ofStory: story.id)
        let isOwn = try await desk.store.owner(ofStory: story.id) == account.user.id
        let canRestore = account.user.role.allows(.edit, isOwnStory: isOwn, status: story.status)
        let view = RevisionListPageView(
            header: desk.header(for: account, current: "stories"), story: story, revisions: revisions,
            canRestore: canRestore, clock: desk.site.clock)
        return try desk.respond(with: view)
    }

    @Sendable func compare(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let story = try await desk.story(try context.storyID(), for: account, toDo: .view)
        guard let fromID = try context.query.single("from").flatMap({ Int64($0) }),
            let toID = try context.query.single("to").flatMap({ Int64($0) }),
            let from = try await desk.store.revision(id: fromID), let to = try await desk.store.revision(id: toID),
            from.storyID == story.id, to.storyID == story.id
        else { throw NewsroomError.notFound("Choose two revisions of this story to compare.") }
        let lines = LineDiff.compare(Self.lines(of: from.content), Self.lines(of: to.content))
        let view = ComparePageView(
            header: desk.header(for: account, current: "stories"), story: story, from: from, to: to, lines: lines,
            clock: desk.site.clock)
        return try desk.respond(with: view)
    }

    @Sendable func restore(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        var request = request
        let fields = try await request.formFields(limit: 16 * 1024)
        guard account.token.acceptsFormToken(try fields.single("csrf_token")) else { throw NewsroomError.formExpired }
        let story = try await desk.story(try context.storyID(), for: account, toDo: .edit)
        guard let revisionID = context.parameters.get("revision").flatMap({ Int64($0) }),
            let revision = try await desk.store.revision(id: revisionID), revision.storyID == story.id
        else { throw NewsroomError.notFound("That revision does not belong to this story.") }
        _ = try await desk.store.restore(revision: revision.id, author: account.user.id)
        return .seeOtherPath(NewsroomPaths.story(story.id) + "?saved=1")
    }

    /// A revision's content as labelled lines, so a diff reads field by field.
    static func lines(of draft: StoryDraft) -> [String] {
        var lines = [
            "Headline: \(draft.headline)", "Section: \(draft.section ?? "")", "Byline: \(draft.byline ?? "")",
            "Dateline: \(draft.dateline.printed)",
        ]
        lines += draft.highlights.enumerated().map { "Highlight \($0.offset + 1): \($0.element)" }
        lines += draft.topics.map { "Topic: \($0)" }
        if let lead = draft.leadImage { lines.append("Lead image: #\(lead)") }
        lines.append("Body:")
        for block in draft.body {
            lines += block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.append("")
        }
        return lines
    }
}

/// The list of a story's revisions, with a form to compare any two.
struct RevisionListPageView: NewsroomView {
    static let template = NewsroomTemplate.revisions

    /// One revision in the list.
    struct Row: Sendable {
        let id: Int64
        let number: Int
        let authorName: String
        let time: TimeView
        let headline: String
        let restoreURL: String
        let isCurrent: Bool
        let isPrevious: Bool
        /// Saved by the editor page itself while the person typed.
        let isAutosave: Bool
    }

    let header: NewsroomHeader
    let headline: String
    let storyURL: String
    let compareURL: String
    let rows: [Row]
    let hasTwo: Bool
    let canRestore: Bool

    init(header: NewsroomHeader, story: Story, revisions: [Revision], canRestore: Bool, clock: StoryClock) {
        self.header = header
        headline = story.headline
        storyURL = NewsroomPaths.story(story.id)
        compareURL = NewsroomPaths.story(story.id, "revisions/compare")
        rows = revisions.enumerated().map { index, revision in
            Row(
                id: revision.id, number: revision.number, authorName: revision.authorName ?? "Import or tool",
                time: TimeView(revision.createdAt, clock: clock), headline: revision.content.headline,
                restoreURL: NewsroomPaths.restore(story: story.id, revision: revision.id), isCurrent: index == 0,
                isPrevious: index == 1, isAutosave: revision.isAutosave)
        }
        hasTwo = revisions.count >= 2
        self.canRestore = canRestore
    }
}

/// Two revisions side by side as a line diff.
struct ComparePageView: NewsroomView {
    static let template = NewsroomTemplate.compare

    /// One line of the diff.
    struct Line: Sendable {
        let text: String
        let isAdded: Bool
        let isRemoved: Bool
        let marker: String
    }

    let header: NewsroomHeader
    let headline: String
    let revisionsURL: String
    let fromNumber: Int
    let toNumber: Int
    let fromTime: TimeView
    let toTime: TimeView
    let lines: [Line]
    let changeCount: Int

    init(
        header: NewsroomHeader, story: Story, from: Revision, to: Revision, lines: [LineDiff.Line], clock: StoryClock
    ) {
        self.header = header
        headline = story.headline
        revisionsURL = NewsroomPaths.story(story.id, "revisions")
        fromNumber = from.number
        toNumber = to.number
        fromTime = TimeView(from.createdAt, clock: clock)
        toTime = TimeView(to.createdAt, clock: clock)
        self.lines = lines.map {
            Line(
                text: $0.text, isAdded: $0.change == .added, isRemoved: $0.change == .removed,
                marker: $0.change == .added ? "+" : $0.change == .removed ? "−" : " ")
        }
        changeCount = lines.filter { $0.change != .kept }.count
    }
}
