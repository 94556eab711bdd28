import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/newsletters`: editors define the newsletters readers can subscribe to — the daily
/// briefing of the front page, a section's or a topic's, or a breaking-news list sent by hand —
/// with their send time, time zone and sender, and see how many confirmed subscribers each has.
struct NewslettersController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("newsletters", use: list)
        router.post("newsletters", use: add)
        router.post("newsletters/{id}", use: update)
        router.post("newsletters/{id}/delete", use: delete)
    }

    private func store() throws(NewsroomError) -> any NewsletterStore {
        guard let store = desk.store as? any NewsletterStore else {
            throw .notFound("This database does not keep newsletters.")
        }
        return store
    }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        var notice: String?
        switch try context.query.single("done") {
        case "added": notice = "Newsletter added. Readers can subscribe to it on /newsletters."
        case "saved": notice = "Newsletter saved."
        case "deleted": notice = "Newsletter deleted, with its subscriptions."
        default: break
        }
        return try await respond(account: account, notice: notice)
    }

    @Sendable func add(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let store = try store()
        let fields = try await account.postedFields(of: request)
        let input = try Self.input(from: fields)
        return try await NewsroomStoreChange.run(redirectingTo: NewsroomPaths.newsletters) {
            () async throws(StoreError) -> String in
            try await store.addNewsletter(input, now: Date())
            return "added"
        } refused: { message in
            try await respond(
                account: account, failed: .add(input), message: message, status: .unprocessableContent)
        }
    }

    @Sendable func update(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let store = try store()
        let id = try Self.id(context)
        let fields = try await account.postedFields(of: request)
        let input = try Self.input(from: fields)
        // A Result rather than a typed catch clause: Swift 6.3 crashes compiling some of those.
        let result: Result<Newsletter, StoreError>
        do {
            result = .success(try await store.updateNewsletter(id: id, with: input))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success:
            return .seeOtherPath(NewsroomPaths.newsletters + "?done=saved#newsletter-\(id)")
        case .failure(.notFound):
            throw NewsroomError.notFound("There is no newsletter with this key; it may have been deleted.")
        case .failure(.invalid(let error)):
            let message = error.problems.first?.message ?? "that cannot be saved"
            return try await respond(
                account: account, failed: .update(id, input),
                message: message.prefix(1).uppercased() + message.dropFirst() + ".", status: .unprocessableContent)
        case .failure(let other):
            throw other
        }
    }

    @Sendable func delete(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let store = try store()
        let id = try Self.id(context)
        _ = try await account.postedFields(of: request)
        guard try await store.deleteNewsletter(id: id) else {
            throw NewsroomError.notFound("There is no newsletter with this key; it may have been deleted already.")
        }
        return .seeOtherPath(NewsroomPaths.newsletters + "?done=deleted")
    }

    // MARK: Helpers

    enum FailedForm {
        case add(NewsletterInput)
        case update(Int64, NewsletterInput)
    }

    private static func id(_ context: NewsroomRequestContext) throws(NewsroomError) -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else {
            throw .notFound("There is no newsletter at this address.")
        }
        return id
    }

    /// The source select holds "front", "breaking" or "section:<slug>"; a topic typed in the
    /// topic field wins over it.
    static func input(from fields: FormFields) throws -> NewsletterInput {
        let topic = try fields.single("topic")?.trimmingWhitespace() ?? ""
        let choice = try fields.single("source") ?? "front"
        let source: NewsletterSource
        if !topic.isEmpty {
            guard let slug = Slug(validating: topic.lowercased()) ?? Slug(from: topic) else {
                throw NewsroomError.badRequest("Type the topic's name or address.")
            }
            source = .topic(slug)
        } else if choice == "breaking" {
            source = .breaking
        } else if choice.hasPrefix("section:") {
            guard let slug = Slug(validating: String(choice.dropFirst("section:".count))) else {
                throw NewsroomError.badRequest("Choose the section from the list.")
            }
            source = .section(slug)
        } else {
            source = .front
        }
        return NewsletterInput(
            name: try fields.single("name") ?? "", slug: try fields.single("slug"),
            description: try fields.single("description") ?? "", source: source,
            sendTime: try fields.single("send_time") ?? "", timeZone: try fields.single("time_zone") ?? "",
            fromName: try fields.single("from_name") ?? "", fromAddress: try fields.single("from_address") ?? "")
    }

    private func respond(
        account: SignedInAccount, notice: String? = nil, failed: FailedForm? = nil, message: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let view = NewslettersPageView(
            header: desk.header(for: account, current: "newsletters"), newsletters: try await store().newsletters(),
            sections: try await desk.store.sections(), defaultTimeZone: desk.site.clock.timeZone.identifier,
            notice: notice, failed: failed, message: message)
        return try desk.respond(with: view, status: status)
    }
}

/// The newsletters page: a form to add a list and one form per list.
struct NewslettersPageView: NewsroomView {
    static let template = NewsroomTemplate.newsletters

    struct Option: Sendable {
        let value: String
        let name: String
        let isSelected: Bool
    }

    struct Form: Sendable {
        let key: String
        let anchor: String
        let action: String
        let button: String
        let name: FieldView
        let slug: FieldView
        let description: FieldView
        let sources: [Option]
        let topic: FieldView
        let sendTime: FieldView
        let timeZone: FieldView
        let fromName: FieldView
        let fromAddress: FieldView
        let message: String?
    }

    struct Row: Sendable {
        let heading: String
        let summary: String
        let subscribers: String
        let issuesPath: String
        let deleteAction: String
        let form: Form
    }

    let header: NewsroomHeader
    let notice: String?
    let addForm: Form
    let rows: [Row]
    let hasRows: Bool

    init(
        header: NewsroomHeader, newsletters: [Newsletter], sections: [Section], defaultTimeZone: String,
        notice: String?, failed: NewslettersController.FailedForm?, message: String?
    ) {
        self.header = header
        self.notice = notice
        func form(key: String, action: String, button: String, input: NewsletterInput, message: String?) -> Form {
            var selected = "front"
            var topic = ""
            switch input.source {
            case .front: selected = "front"
            case .breaking: selected = "breaking"
            case .section(let slug): selected = "section:\(slug.rawValue)"
            case .topic(let slug): topic = slug.rawValue
            }
            let sources =
                [
                    Option(value: "front", name: "Front page (daily briefing)", isSelected: selected == "front"),
                    Option(value: "breaking", name: "Breaking news (sent by hand)", isSelected: selected == "breaking"),
                ]
                + sections.map {
                    Option(
                        value: "section:\($0.slug.rawValue)", name: "Section: \($0.name)",
                        isSelected: selected == "section:\($0.slug.rawValue)")
                }
            return Form(
                key: key, anchor: "newsletter-\(key)", action: action, button: button,
                name: FieldView(name: "name", label: "Name", value: input.name, error: nil, id: "name-\(key)"),
                slug: FieldView(
                    name: "slug", label: "Address: /newsletters/…", value: input.slug ?? "", error: nil,
                    hint: key == "new" ? "Leave empty to make it from the name." : nil, id: "slug-\(key)"),
                description: FieldView(
                    name: "description", label: "Description (shown on the subscribe page)",
                    value: input.description, error: nil, id: "description-\(key)"),
                sources: sources,
                topic: FieldView(
                    name: "topic", label: "Or a topic", value: topic, error: nil,
                    hint: "A topic's name or address; when filled in, the newsletter follows the topic.",
                    id: "topic-\(key)"),
                sendTime: FieldView(
                    name: "send_time", label: "Send time (24-hour, HH:MM)", value: input.sendTime, error: nil,
                    hint: "Not used for a breaking-news list.", id: "send-time-\(key)"),
                timeZone: FieldView(
                    name: "time_zone", label: "Time zone", value: input.timeZone, error: nil,
                    hint: "Such as Europe/London or America/New_York.", id: "time-zone-\(key)"),
                fromName: FieldView(
                    name: "from_name", label: "From name", value: input.fromName, error: nil, id: "from-name-\(key)"),
                fromAddress: FieldView(
                    name: "from_address", label: "From address", value: input.fromAddress, error: nil,
                    type: "email", id: "from-address-\(key)"),
                message: message)
        }
        var addInput = NewsletterInput(
            name: "", source: .front, sendTime: "07:00", timeZone: defaultTimeZone, fromName: header.siteName,
            fromAddress: "")
        var addMessage: String?
        var updateFailure: (Int64, NewsletterInput)?
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
            key: "new", action: NewsroomPaths.newsletters, button: "Add newsletter", input: addInput,
            message: addMessage)
        rows = newsletters.map { list in
            let stored = NewsletterInput(
                name: list.name, slug: list.slug.rawValue, description: list.description, source: list.source,
                sendTime: list.sendTime ?? "07:00", timeZone: list.timeZone, fromName: list.fromName,
                fromAddress: list.fromAddress)
            let failedHere = updateFailure?.0 == list.id
            let what: String
            switch list.source {
            case .front: what = "Front page"
            case .breaking: what = "Breaking news, sent by hand"
            case .section: what = "Section: \(list.sourceName ?? "")"
            case .topic: what = "Topic: \(list.sourceName ?? "")"
            }
            let when = list.sendTime.map { ", every day at \($0) \(list.timeZone)" } ?? ""
            return Row(
                heading: list.name, summary: what + when,
                subscribers: list.subscriberCount == 1
                    ? "1 confirmed subscriber" : "\(list.subscriberCount) confirmed subscribers",
                issuesPath: NewsletterIssuesController.path(list.id),
                deleteAction: NewsroomPaths.newsletters + "/\(list.id)/delete",
                form: form(
                    key: String(list.id), action: NewsroomPaths.newsletters + "/\(list.id)",
                    button: "Save \(list.name)", input: failedHere ? updateFailure?.1 ?? stored : stored,
                    message: failedHere ? message : nil))
        }
        hasRows = !rows.isEmpty
    }
}
