import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/topics`: editors rename topics, merge a duplicate into the right one, and describe
/// a topic for its "All About" page.
struct TopicsController: Sendable {
    let desk: NewsroomDesk

    /// Topics one page lists.
    static let pageLimit = 100

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("topics", use: list)
        router.post("topics/{slug}/rename", use: rename)
        router.post("topics/{slug}/merge", use: merge)
        router.post("topics/{slug}/description", use: describe)
    }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        var notice: String?
        switch try context.query.single("done") {
        case "renamed": notice = "Topic renamed. Its old address now redirects to the new one."
        case "merged": notice = "Topics merged: every story now carries the one topic, and the old address redirects."
        case "described": notice = "Description saved: it shows on the topic's page."
        default: break
        }
        return try await respond(account: account, search: try context.query.single("q") ?? "", notice: notice)
    }

    @Sendable func rename(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let slug = try context.slugParameter(naming: "topic")
        let name = try fields.single("name") ?? ""
        return try await attempt(account: account, slug: slug, typed: name) { () async throws(StoreError) in
            try await desk.store.renameTopic(slug, to: name)
            return "renamed"
        }
    }

    @Sendable func merge(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let slug = try context.slugParameter(naming: "topic")
        let typed = try fields.single("into") ?? ""
        // The target is named as a person would: by its name or its address.
        guard let target = Slug(from: typed) else {
            return try await respond(
                account: account, search: "", failed: slug, message: "Name the topic to merge this one into.",
                typed: typed, status: .unprocessableContent)
        }
        return try await attempt(account: account, slug: slug, typed: typed) { () async throws(StoreError) in
            try await desk.store.mergeTopic(slug, into: target)
            return "merged"
        }
    }

    @Sendable func describe(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let slug = try context.slugParameter(naming: "topic")
        let text = try fields.single("description") ?? ""
        return try await attempt(account: account, slug: slug, typed: text) { () async throws(StoreError) in
            try await desk.store.setTopicDescription(slug, to: text)
            return "described"
        }
    }

    // MARK: Helpers

    private func attempt(
        account: SignedInAccount, slug: Slug, typed: String, _ change: () async throws(StoreError) -> String
    ) async throws -> Response {
        try await NewsroomStoreChange.run(redirectingTo: NewsroomPaths.topics, change) { message in
            try await respond(
                account: account, search: "", failed: slug, message: message, typed: typed,
                status: .unprocessableContent)
        }
    }

    private func respond(
        account: SignedInAccount, search: String, notice: String? = nil, failed: Slug? = nil, message: String? = nil,
        typed: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var topics = try await desk.store.deskTopics(matching: search, limit: Self.pageLimit)
        // The topic a refused change was about stays on the page, whatever the search.
        if let failed, !topics.contains(where: { $0.topic.slug == failed }),
            let found = try await desk.store.deskTopics(matching: nil, limit: 10_000).first(where: {
                $0.topic.slug == failed
            })
        {
            topics.insert(found, at: 0)
        }
        let view = TopicsPageView(
            header: desk.header(for: account, current: "topics"), topics: topics, search: search, notice: notice,
            failed: failed, message: message, typed: typed)
        return try desk.respond(with: view, status: status)
    }
}

/// The topics page.
struct TopicsPageView: NewsroomView {
    static let template = NewsroomTemplate.topics

    struct Row: Sendable {
        let name: String
        let slug: String
        let anchor: String
        let readerURL: String
        let stories: String
        let error: String?
        let errorID: String
        /// The description as readers see it, shown in the list.
        let descriptionText: String?
        /// The edit forms start open for the topic a refused change was about.
        let isOpen: Bool
        let renameField: FieldView
        let mergeField: FieldView
        let descriptionField: FieldView
        let renameURL: String
        let mergeURL: String
        let descriptionURL: String
    }

    let header: NewsroomHeader
    let rows: [Row]
    let hasRows: Bool
    let search: String
    let notice: String?

    init(
        header: NewsroomHeader, topics: [DeskTopic], search: String, notice: String?, failed: Slug?, message: String?,
        typed: String
    ) {
        self.header = header
        self.search = search
        self.notice = notice
        rows = topics.map { entry in
            let slug = entry.topic.slug.rawValue
            let isFailed = entry.topic.slug == failed
            let error = isFailed ? message : nil
            return Row(
                name: entry.topic.name, slug: slug, anchor: "topic-\(slug)",
                readerURL: SitePaths.topic(entry.topic.slug),
                stories: entry.storyCount == 1 ? "1 story" : "\(entry.storyCount) stories", error: error,
                errorID: "topic-\(slug)-error", descriptionText: entry.description, isOpen: isFailed,
                renameField: FieldView(
                    name: "name", label: "Name", value: entry.topic.name, error: nil, id: "rename-\(slug)"),
                mergeField: FieldView(
                    name: "into", label: "Merge into (the right topic's name)", value: isFailed ? typed : "",
                    error: nil, id: "merge-\(slug)"),
                descriptionField: FieldView(
                    name: "description", label: "Description on its page", value: entry.description ?? "",
                    error: nil, id: "describe-\(slug)"),
                renameURL: NewsroomPaths.topics + "/\(slug)/rename", mergeURL: NewsroomPaths.topics + "/\(slug)/merge",
                descriptionURL: NewsroomPaths.topics + "/\(slug)/description")
        }
        hasRows = !rows.isEmpty
    }
}
