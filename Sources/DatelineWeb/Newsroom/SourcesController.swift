import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/sources`: editors follow feeds into the wire queue, pause or remove them, and read
/// each source's log. Private and loopback addresses can be followed only from the command line
/// (`dateline sources add --allow-private`), never from a form.
struct SourcesController: Sendable {
    let desk: NewsroomDesk

    static let path = "/newsroom/sources"
    static let missing = "There is no such source: it may have been removed."

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("sources", use: list)
        router.post("sources", use: add)
        router.post("sources/{id}/pause", use: pause)
        router.post("sources/{id}/remove", use: remove)
    }

    private var store: (any SourceStore)? { desk.store as? any SourceStore }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        var notice: String?
        switch try context.query.single("done") {
        case "added": notice = "Source added: it is polled within a minute, and its items arrive in the wire queue."
        case "paused": notice = "Source paused: it is not polled until it is resumed."
        case "resumed": notice = "Source resumed: it is polled within a minute."
        case "removed": notice = "Source removed. The items it brought stay in the wire queue until they expire."
        default: break
        }
        return try await respond(account: account, notice: notice)
    }

    @Sendable func add(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let typed = Typed(
            url: try fields.single("url") ?? "", section: try fields.single("section") ?? "",
            every: try fields.single("every") ?? "")
        guard let store else { throw NewsroomError.notFound("This database keeps no sources.") }
        guard let minutes = Int(typed.every.trimmingWhitespace()) else {
            return try await respond(
                account: account, typed: typed, message: "Give the minutes between polls as a whole number.",
                status: .unprocessableContent)
        }
        let source = NewFeedSource(url: typed.url, section: typed.section, intervalMinutes: minutes)
        let now = desk.configuration.now()
        return try await NewsroomStoreChange.run(redirectingTo: Self.path) { () async throws(StoreError) -> String in
            _ = try await store.addFeedSource(source, now: now)
            return "added"
        } refused: { message in
            try await respond(account: account, typed: typed, message: message, status: .unprocessableContent)
        }
    }

    @Sendable func pause(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        let fields = try await account.postedFields(of: request)
        let id = try sourceID(context)
        let paused = try fields.single("paused") == "yes"
        try await change { () async throws(StoreError) in
            try await store?.pauseFeedSource(id: id, paused: paused, now: desk.configuration.now())
        }
        return .seeOtherPath(Self.path + "?done=\(paused ? "paused" : "resumed")#source-\(id)")
    }

    @Sendable func remove(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try account.requireEditor()
        _ = try await account.postedFields(of: request)
        let id = try sourceID(context)
        try await change { () async throws(StoreError) in try await store?.removeFeedSource(id: id) }
        return .seeOtherPath(Self.path + "?done=removed")
    }

    // MARK: Helpers

    /// What was typed into the add form, shown again beside a refusal.
    struct Typed: Sendable {
        var url = ""
        var section = ""
        var every = "15"
    }

    private func change(_ work: () async throws(StoreError) -> Void) async throws {
        let result: Result<Void, StoreError>
        do {
            result = .success(try await work())
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success: return
        case .failure(.notFound): throw NewsroomError.notFound(Self.missing)
        case .failure(let other): throw other
        }
    }

    private func sourceID(_ context: NewsroomRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw NewsroomError.notFound(Self.missing)
        }
        return id
    }

    private func respond(
        account: SignedInAccount, notice: String? = nil, typed: Typed = Typed(), message: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let store else { throw NewsroomError.notFound("This database keeps no sources.") }
        var rows: [SourcesPageView.Row] = []
        for source in try await store.feedSources() {
            rows.append(SourcesPageView.Row(source, log: try await store.feedLog(sourceID: source.id, limit: 20)))
        }
        let view = SourcesPageView(
            header: desk.header(for: account, current: "sources"), rows: rows, notice: notice, typed: typed,
            message: message)
        return try desk.respond(with: view, status: status)
    }
}

/// The sources page.
struct SourcesPageView: NewsroomView {
    static let template = NewsroomTemplate.sources

    struct LogLine: Sendable {
        let timeText: String
        let machineTime: String
        let level: String
        let message: String
    }

    struct Row: Sendable {
        let anchor: String
        let name: String
        let url: String
        let facts: String
        let state: String
        let isPaused: Bool
        let isFailing: Bool
        let lastResult: String
        let pauseURL: String
        let removeURL: String
        let log: [LogLine]
        let hasLog: Bool

        init(_ source: FeedSource, log: [FeedLogEntry]) {
            anchor = "source-\(source.id)"
            name = source.displayName
            url = source.url
            var facts = ["every \(source.intervalMinutes) min"]
            if let section = source.section { facts.append("section \(section)") }
            if source.allowPrivate { facts.append("private addresses allowed") }
            self.facts = facts.joined(separator: " · ")
            isPaused = source.paused
            isFailing = source.backoffUntil != nil
            if source.paused {
                state = "Paused"
            } else if let until = source.backoffUntil {
                state = "Backing off after \(source.failureCount) failed polls until \(WireTime.text(until))"
            } else {
                state = "Next poll \(WireTime.text(source.nextPollAt))"
            }
            lastResult = source.lastResult ?? "Not polled yet"
            pauseURL = SourcesController.path + "/\(source.id)/pause"
            removeURL = SourcesController.path + "/\(source.id)/remove"
            self.log = log.map {
                LogLine(
                    timeText: WireTime.text($0.time), machineTime: WireTime.machine($0.time), level: $0.level.rawValue,
                    message: $0.message)
            }
            hasLog = !log.isEmpty
        }
    }

    let header: NewsroomHeader
    let rows: [Row]
    let hasRows: Bool
    let notice: String?
    let urlField: FieldView
    let sectionField: FieldView
    let everyField: FieldView

    init(
        header: NewsroomHeader, rows: [Row], notice: String?, typed: SourcesController.Typed, message: String?
    ) {
        self.header = header
        self.rows = rows
        hasRows = !rows.isEmpty
        self.notice = notice
        let lower = message?.lowercased() ?? ""
        let everyError = lower.contains("poll every") || lower.contains("minutes between") ? message : nil
        let sectionError = everyError == nil && lower.contains("section") ? message : nil
        let urlError = message != nil && everyError == nil && sectionError == nil ? message : nil
        urlField = FieldView(
            name: "url", label: "Feed address", value: typed.url, error: urlError, type: "url",
            hint:
                "An RSS 2.0, Atom or JSON Feed address, or an agency's ninjs or NewsML-G2 feed (http or https) "
                + "on the public internet.", id: "source-url")
        sectionField = FieldView(
            name: "section", label: "Section (optional)", value: typed.section, error: sectionError,
            id: "source-section")
        everyField = FieldView(
            name: "every", label: "Minutes between polls", value: typed.every, error: everyError, type: "number",
            id: "source-every")
    }
}
