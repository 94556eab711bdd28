import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/authors`: editors add author profiles and change their name, address, bio and
/// account link; a changed address redirects from the old one.
struct AuthorsController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("authors", use: list)
        router.post("authors", use: add)
        router.post("authors/{id}", use: update)
    }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        var notice: String?
        switch try context.query.single("done") {
        case "added": notice = "Author added. Writers can now credit them in the story editor."
        case "saved": notice = "Author saved. A changed address redirects from the old one."
        default: break
        }
        return try await respond(account: account, notice: notice)
    }

    @Sendable func add(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let input = try Self.input(from: fields)
        return try await attempt(account: account, failing: .add(input)) { () async throws(StoreError) -> String in
            try await desk.store.addAuthor(input)
            return "added"
        }
    }

    @Sendable func update(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        guard let id = context.parameters.get("id").flatMap(Int64.init) else {
            throw NewsroomError.notFound("There is no author at this address.")
        }
        let fields = try await account.postedFields(of: request)
        let input = try Self.input(from: fields)
        // A Result rather than a typed catch clause: Swift 6.3 crashes compiling some of those.
        let result: Result<AuthorProfile, StoreError>
        do {
            result = .success(try await desk.store.updateAuthor(id: id, with: input))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success:
            return .seeOtherPath(NewsroomPaths.authors + "?done=saved#author-\(id)")
        case .failure(.notFound):
            throw NewsroomError.notFound("There is no author with this key; it may have been removed.")
        case .failure(.invalid(let error)):
            let message = error.problems.first?.message ?? "that cannot be saved"
            return try await respond(
                account: account, failed: .update(id, input),
                message: message.prefix(1).uppercased() + message.dropFirst() + ".", status: .unprocessableContent)
        case .failure(let other):
            throw other
        }
    }

    // MARK: Helpers

    /// Which form failed, so the page shows the message beside it with what was typed.
    enum FailedForm {
        case add(AuthorInput)
        case update(Int64, AuthorInput)
    }

    static func input(from fields: FormFields) throws -> AuthorInput {
        let user = try fields.single("user")?.trimmingWhitespace() ?? ""
        var userID: Int64?
        if !user.isEmpty {
            guard let id = Int64(user) else { throw NewsroomError.badRequest("Choose the account from the list.") }
            userID = id
        }
        return AuthorInput(
            name: try fields.single("name") ?? "", slug: try fields.single("slug"), bio: try fields.single("bio"),
            userID: userID)
    }

    private func attempt(
        account: SignedInAccount, failing form: FailedForm, _ change: () async throws(StoreError) -> String
    ) async throws -> Response {
        try await NewsroomStoreChange.run(redirectingTo: NewsroomPaths.authors, change) { message in
            try await respond(account: account, failed: form, message: message, status: .unprocessableContent)
        }
    }

    private func respond(
        account: SignedInAccount, notice: String? = nil, failed: FailedForm? = nil, message: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let view = AuthorsPageView(
            header: desk.header(for: account, current: "authors"), authors: try await desk.store.authors(),
            users: try await desk.store.users(), notice: notice, failed: failed, message: message)
        return try desk.respond(with: view, status: status)
    }
}

/// The authors page: a form to add a profile and one form per profile.
struct AuthorsPageView: NewsroomView {
    static let template = NewsroomTemplate.authors

    /// The fields of one profile's form.
    struct Form: Sendable {
        let anchor: String
        let action: String
        let button: String
        let name: FieldView
        let slug: FieldView
        let bio: FieldView
        let userSelectID: String
        let users: [UserOption]
        let message: String?
    }

    struct UserOption: Sendable {
        let value: String
        let name: String
        let isSelected: Bool
    }

    struct Row: Sendable {
        let heading: String
        let readerURL: String
        let stories: String
        let form: Form
    }

    let header: NewsroomHeader
    let notice: String?
    let addForm: Form
    let rows: [Row]
    let hasRows: Bool

    init(
        header: NewsroomHeader, authors: [AuthorProfile], users: [User], notice: String?,
        failed: AuthorsController.FailedForm?, message: String?
    ) {
        self.header = header
        self.notice = notice
        func form(key: String, action: String, button: String, input: AuthorInput, message: String?) -> Form {
            Form(
                anchor: "author-\(key)", action: action, button: button,
                name: FieldView(name: "name", label: "Name", value: input.name, error: nil, id: "name-\(key)"),
                slug: FieldView(
                    name: "slug", label: "Address: /author/…", value: input.slug ?? "", error: nil,
                    hint: key == "new" ? "Leave empty to make it from the name." : nil, id: "slug-\(key)"),
                bio: FieldView(
                    name: "bio", label: "Short bio (plain text, up to \(AuthorLimits.bioLength) characters)",
                    value: input.bio ?? "", error: nil, id: "bio-\(key)"),
                userSelectID: "user-\(key)",
                users: [UserOption(value: "", name: "No account", isSelected: input.userID == nil)]
                    + users.map {
                        UserOption(
                            value: String($0.id), name: "\($0.name) (\($0.email))", isSelected: $0.id == input.userID)
                    },
                message: message)
        }
        var addInput = AuthorInput(name: "")
        var addMessage: String?
        var updateFailure: (Int64, AuthorInput)?
        switch failed {
        case .add(let input):
            addInput = input
            addMessage = message
        case .update(let id, let input):
            updateFailure = (id, input)
        case nil:
            break
        }
        addForm = form(
            key: "new", action: NewsroomPaths.authors, button: "Add author", input: addInput, message: addMessage)
        rows = authors.map { profile in
            let author = profile.author
            let failedHere = updateFailure?.0 == author.id
            let stored = AuthorInput(
                name: author.name, slug: author.slug.rawValue, bio: profile.bio, userID: profile.userID)
            let count = profile.storyCount == 1 ? "1 story" : "\(profile.storyCount) stories"
            return Row(
                heading: author.name, readerURL: SitePaths.author(author.slug),
                stories: "\(count), \(profile.publishedCount) live",
                form: form(
                    key: String(author.id), action: NewsroomPaths.authors + "/\(author.id)",
                    button: "Save \(author.name)", input: failedHere ? updateFailure?.1 ?? stored : stored,
                    message: failedHere ? message : nil))
        }
        hasRows = !rows.isEmpty
    }
}
