import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// The trash: stories deleted in the last 30 days, which editors can restore.
struct TrashController: Sendable {
    let desk: NewsroomDesk

    /// How many trashed stories the page lists.
    static let pageLimit = 200

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("trash", use: list)
        router.post("trash/{id}/restore", use: restore)
    }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try requireEditor(account)
        let entries = try await desk.store.trashedStories(limit: Self.pageLimit)
        var notice: String?
        if let id = try context.query.single("restored").flatMap(Int64.init),
            let story = try await desk.store.story(id: id)
        {
            notice = "Restored “\(story.headline)” as \(story.status.rawValue)."
        }
        let view = TrashPageView(
            header: desk.header(for: account, current: "trash"), entries: entries, clock: desk.site.clock,
            notice: notice)
        return try desk.respond(with: view)
    }

    @Sendable func restore(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try requireEditor(account)
        var request = request
        let fields = try await request.formFields(limit: NewsroomRequestContext.formLimit)
        guard account.token.acceptsFormToken(try fields.single("csrf_token")) else { throw NewsroomError.formExpired }
        let id = try context.storyID()
        do {
            try await desk.store.restoreFromTrash(story: id, by: account.user.id, at: desk.configuration.now())
        } catch .notFound {
            throw NewsroomError.notFound(
                "Story \(id) is not in the trash: someone may have restored it already, or it was deleted for good.")
        }
        // Back to where the restore was asked from: the trash page, or the story list's "Undo".
        if try fields.single("return") == "story" {
            return .seeOtherPath(NewsroomPaths.story(id) + "?done=restored")
        }
        return .seeOtherPath(NewsroomPaths.trash + "?restored=\(id)")
    }

    /// Restoring is an editor's call, as publishing and deleting others' stories are.
    private func requireEditor(_ account: SignedInAccount) throws(NewsroomError) {
        guard account.user.role >= .editor else { throw .forbidden }
    }
}

/// The trash page: what went in, who put it there, and when it goes for good.
struct TrashPageView: NewsroomView {
    static let template = NewsroomTemplate.trash

    struct Row: Sendable {
        let id: Int64
        let headline: String
        let sectionName: String
        let statusBefore: String
        let trashedBy: String
        let trashed: TimeView
        let purge: TimeView
        let restoreURL: String
    }

    let header: NewsroomHeader
    let rows: [Row]
    let hasRows: Bool
    let notice: String?
    let retentionDays: Int

    init(header: NewsroomHeader, entries: [TrashedStory], clock: StoryClock, notice: String?) {
        self.header = header
        rows = entries.map {
            Row(
                id: $0.story.id, headline: $0.story.headline, sectionName: $0.story.section.name,
                statusBefore: $0.statusBefore.rawValue, trashedBy: $0.trashedByName ?? "a tool",
                trashed: TimeView($0.trashedAt, clock: clock), purge: TimeView(dateOnly: $0.purgeAt, clock: clock),
                restoreURL: NewsroomPaths.restoreFromTrash($0.story.id))
        }
        hasRows = !rows.isEmpty
        self.notice = notice
        retentionDays = Int(TrashPolicy.retention / 86_400)
    }
}
