import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/sections`: editors add, rename, order and hide the site's sections.
struct SectionsController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("sections", use: list)
        router.post("sections", use: add)
        router.post("sections/{slug}/rename", use: rename)
        router.post("sections/{slug}/move", use: move)
        router.post("sections/{slug}/visibility", use: visibility)
    }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        var notice: String?
        switch try context.query.single("done") {
        case "added": notice = "Section added. File a story in it to put it in the site's navigation."
        case "renamed": notice = "Section renamed. Its old address now redirects to the new one."
        case "moved": notice = "Order saved: the site's navigation follows it."
        case "hidden": notice = "Section hidden from the navigation and the front page; its page still answers."
        case "shown": notice = "Section shown in the navigation again."
        default: break
        }
        return try await respond(account: account, notice: notice)
    }

    @Sendable func add(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let name = try fields.single("name") ?? ""
        return try await attempt(account: account, failing: .add(name)) { () async throws(StoreError) -> String in
            try await desk.store.addSection(named: name)
            return "added"
        }
    }

    @Sendable func rename(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let slug = try context.slugParameter(naming: "section")
        let name = try fields.single("name") ?? ""
        return try await attempt(account: account, failing: .rename(slug, name)) {
            () async throws(StoreError) -> String in
            try await desk.store.renameSection(slug, to: name)
            return "renamed"
        }
    }

    @Sendable func move(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let slug = try context.slugParameter(naming: "section")
        let direction = try fields.single("direction")
        guard direction == "up" || direction == "down" else {
            throw NewsroomError.badRequest("Move a section up or down.")
        }
        try await desk.store.moveSection(slug, up: direction == "up")
        return .seeOtherPath(NewsroomPaths.sections + "?done=moved#section-\(slug.rawValue)")
    }

    @Sendable func visibility(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let slug = try context.slugParameter(naming: "section")
        let hidden = try fields.single("hidden") == "yes"
        try await desk.store.setSection(slug, hidden: hidden)
        return .seeOtherPath(NewsroomPaths.sections + "?done=\(hidden ? "hidden" : "shown")")
    }

    // MARK: Helpers

    /// Which form failed, so the page shows the message beside it with what was typed.
    enum FailedForm {
        case add(String)
        case rename(Slug, String)
    }

    private func attempt(
        account: SignedInAccount, failing form: FailedForm, _ change: () async throws(StoreError) -> String
    ) async throws -> Response {
        try await NewsroomStoreChange.run(redirectingTo: NewsroomPaths.sections, change) { message in
            try await respond(account: account, failed: form, message: message, status: .unprocessableContent)
        }
    }

    private func respond(
        account: SignedInAccount, notice: String? = nil, failed: FailedForm? = nil, message: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let sections = try await desk.store.deskSections()
        let view = SectionsPageView(
            header: desk.header(for: account, current: "sections"), sections: sections, notice: notice,
            failed: failed, message: message)
        return try desk.respond(with: view, status: status)
    }
}

/// The sections page.
struct SectionsPageView: NewsroomView {
    static let template = NewsroomTemplate.sections

    struct Row: Sendable {
        let slug: String
        let name: String
        let anchor: String
        let readerURL: String
        let stories: String
        let isHidden: Bool
        let isFirst: Bool
        let isLast: Bool
        let renameField: FieldView
        let renameURL: String
        let moveURL: String
        let visibilityURL: String
    }

    let header: NewsroomHeader
    let rows: [Row]
    let hasRows: Bool
    let notice: String?
    let addField: FieldView

    init(
        header: NewsroomHeader, sections: [DeskSection], notice: String?, failed: SectionsController.FailedForm?,
        message: String?
    ) {
        self.header = header
        self.notice = notice
        var addValue = ""
        var addError: String?
        var renameFailure: (Slug, String)?
        switch failed {
        case .add(let name):
            addValue = name
            addError = message
        case .rename(let slug, let name):
            renameFailure = (slug, name)
        case nil:
            break
        }
        addField = FieldView(name: "name", label: "New section", value: addValue, error: addError, id: "new-section")
        rows = sections.enumerated().map { index, entry in
            let slug = entry.section.slug
            let failedHere = renameFailure?.0 == slug
            let count = entry.storyCount == 1 ? "1 story" : "\(entry.storyCount) stories"
            return Row(
                slug: slug.rawValue, name: entry.section.name, anchor: "section-\(slug.rawValue)",
                readerURL: SitePaths.section(slug), stories: "\(count), \(entry.publishedCount) live",
                isHidden: entry.isHidden, isFirst: index == 0, isLast: index == sections.count - 1,
                renameField: FieldView(
                    name: "name", label: "Name of \(entry.section.name)",
                    value: failedHere ? renameFailure?.1 ?? "" : entry.section.name,
                    error: failedHere ? message : nil, id: "rename-\(slug.rawValue)"),
                renameURL: NewsroomPaths.sections + "/\(slug.rawValue)/rename",
                moveURL: NewsroomPaths.sections + "/\(slug.rawValue)/move",
                visibilityURL: NewsroomPaths.sections + "/\(slug.rawValue)/visibility")
        }
        hasRows = !rows.isEmpty
    }
}
