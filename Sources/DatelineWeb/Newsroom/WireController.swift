import DatelineCore
import DatelineIngest
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/wire`: the wire queue — agency copy and followed pages, newest first, with their
/// origin; an item opens to be read, and "Take as draft" makes a story of it.
struct WireController: Sendable {
    let desk: NewsroomDesk

    static let missing = "There is no such wire item: it may have expired. Go back to the wire queue."

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("wire", use: list)
        router.get("wire/{id}", use: show)
        router.post("wire/{id}/take", use: take)
    }

    private var store: (any WireStore)? { desk.store as? any WireStore }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard let store else { throw NewsroomError.notFound("This database keeps no wire queue.") }
        let filter = WireFilter(
            source: try context.query.single("source"), section: try context.query.single("section"),
            subject: try context.query.single("subject"), text: try context.query.single("q"), limit: 200)
        let now = desk.configuration.now()
        let items = try await store.wireItems(filter, now: now)
        let sources = try await store.wireSources(now: now)
        let view = WirePageView(
            header: desk.header(for: account, current: "wire"), items: items, sources: sources, filter: filter, now: now
        )
        return try desk.respond(with: view)
    }

    @Sendable func show(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let item = try await item(context)
        var group: [WireItem] = []
        if let store {
            let root = item.duplicateOf ?? item.id
            // The group's other copies, as far as the queue still holds them.
            let recent = try await store.wireItems(WireFilter(limit: 1_000), now: desk.configuration.now())
            group = recent.filter { ($0.duplicateOf ?? $0.id) == root && $0.id != item.id }
            if let first = item.duplicateOf, !group.contains(where: { $0.id == first }),
                let found = try await store.wireItem(id: first)
            {
                group.insert(found, at: 0)
            }
        }
        let view = WireItemPageView(
            header: desk.header(for: account, current: "wire"), item: item, group: group,
            now: desk.configuration.now(), error: nil)
        return try desk.respond(with: view)
    }

    @Sendable func take(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let fields = try await account.postedFields(of: request)
        let item = try await item(context)
        guard let store else { throw NewsroomError.notFound(Self.missing) }
        let section = try fields.single("section")?.collapsingWhitespace().nilIfEmpty
        var draft = item.storyDraft(section: section)
        if let section { draft.section = section }
        do {
            let story = try await store.takeWireItem(id: item.id, as: draft, author: account.user.id)
            return .seeOtherPath(NewsroomPaths.story(story.id))
        } catch {
            let message: String
            switch error {
            case .notFound: throw NewsroomError.notFound(Self.missing)
            case .invalid(let invalid):
                message =
                    "This item cannot become a story as it is: "
                    + invalid.problems.map(\.message).joined(separator: "; ") + "."
            default: throw error
            }
            let view = WireItemPageView(
                header: desk.header(for: account, current: "wire"), item: item, group: [],
                now: desk.configuration.now(), error: message)
            return try desk.respond(with: view, status: .unprocessableContent)
        }
    }

    private func item(_ context: NewsroomRequestContext) async throws -> WireItem {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0, let store,
            let item = try await store.wireItem(id: id)
        else { throw NewsroomError.notFound(Self.missing) }
        return item
    }
}

/// How the wire pages show times: "3 Dec 2026, 09:30 UTC".
enum WireTime {
    static func text(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMM yyyy, HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    static func machine(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

/// The wire queue page.
struct WirePageView: NewsroomView {
    static let template = NewsroomTemplate.wire

    struct Option: Sendable {
        let name: String
        let isSelected: Bool
    }

    struct Row: Sendable {
        let url: String
        let headline: String
        let source: String
        let receivedText: String
        let receivedMachine: String
        let summary: String?
        let subjects: String?
        let embargoText: String?
        let duplicateURL: String?
        let duplicateID: String?
        let takenURL: String?
        /// The story made from another copy in this item's group, when one was.
        let copyTakenURL: String?
        let version: String?
        let isWithheld: Bool
    }

    let header: NewsroomHeader
    let rows: [Row]
    let hasRows: Bool
    let sources: [Option]
    let section: String
    let subject: String
    let text: String
    let isFiltered: Bool

    init(header: NewsroomHeader, items: [WireItem], sources: [String], filter: WireFilter, now: Date) {
        self.header = header
        self.sources = sources.map { Option(name: $0, isSelected: $0 == filter.source) }
        section = filter.section ?? ""
        subject = filter.subject ?? ""
        text = filter.text ?? ""
        isFiltered = filter.source != nil || filter.section != nil || filter.subject != nil || filter.text != nil
        // Stories made from any copy, by group, so the other copies can say so.
        var storyByGroup: [Int64: Int64] = [:]
        for item in items {
            if let story = item.storyID { storyByGroup[item.duplicateOf ?? item.id] = story }
        }
        rows = items.map { item in
            let groupStory = item.storyID == nil ? storyByGroup[item.duplicateOf ?? item.id] : nil
            let embargo = item.content.embargoedUntil.flatMap { $0 > now ? $0 : nil }
            return Row(
                url: "/newsroom/wire/\(item.id)", headline: item.content.headline, source: item.content.source,
                receivedText: WireTime.text(item.receivedAt), receivedMachine: WireTime.machine(item.receivedAt),
                summary: item.content.summary ?? item.content.body.first.map { String($0.prefix(240)) },
                subjects: item.content.subjects.isEmpty
                    ? nil : item.content.subjects.prefix(6).map(\.label).joined(separator: ", "),
                embargoText: embargo.map { "Embargoed until \(WireTime.text($0))" },
                duplicateURL: item.duplicateOf.map { "/newsroom/wire/\($0)" },
                duplicateID: item.duplicateOf.map(String.init),
                takenURL: item.storyID.map { NewsroomPaths.story($0) },
                copyTakenURL: groupStory.map { NewsroomPaths.story($0) },
                version: item.content.version > 1 ? "version \(item.content.version)" : nil,
                isWithheld: item.content.status != .usable)
        }
        hasRows = !rows.isEmpty
    }
}

/// One wire item, with its origin and the copies grouped with it.
struct WireItemPageView: NewsroomView {
    static let template = NewsroomTemplate.wireItem

    struct Fact: Sendable {
        let label: String
        let value: String
        let link: String?
    }

    struct Copy: Sendable {
        let url: String
        let headline: String
        let source: String
        let isFirst: Bool
        let takenURL: String?
    }

    let header: NewsroomHeader
    let headline: String
    let byline: String?
    let dateline: String?
    let paragraphs: [String]
    let facts: [Fact]
    let copies: [Copy]
    let hasCopies: Bool
    let takeURL: String
    let takenURL: String?
    /// The section the draft goes to: the item's own, else News.
    let section: String
    let embargoText: String?
    let statusText: String?
    let error: String?

    init(header: NewsroomHeader, item: WireItem, group: [WireItem], now: Date, error: String?) {
        self.header = header
        self.error = error
        let content = item.content
        headline = content.headline
        byline = content.byline
        dateline = content.dateline
        paragraphs = content.body
        var facts: [Fact] = [
            Fact(label: "Source", value: content.source, link: nil),
            Fact(label: "Format", value: Self.formatName(content.format), link: nil),
            Fact(label: "Identifier", value: "\(content.guid), version \(content.version)", link: nil),
            Fact(label: "Read from", value: content.origin, link: Self.webLink(content.origin)),
            Fact(label: "Received", value: WireTime.text(item.receivedAt), link: nil),
            Fact(label: "Leaves the queue", value: WireTime.text(item.expiresAt), link: nil),
        ]
        if let url = content.url { facts.append(Fact(label: "Original page", value: url, link: Self.webLink(url))) }
        if let canonical = content.canonicalURL, canonical != content.url {
            facts.append(Fact(label: "Canonical address", value: canonical, link: Self.webLink(canonical)))
        }
        if let created = content.versionCreated {
            facts.append(Fact(label: "Version made", value: WireTime.text(created), link: nil))
        }
        if !content.subjects.isEmpty {
            let text = content.subjects.map { subject in
                [subject.name, subject.code.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            }.joined(separator: "; ")
            facts.append(Fact(label: "Subjects", value: text, link: nil))
        }
        if let section = content.section { facts.append(Fact(label: "Section", value: section, link: nil)) }
        if let summary = content.summary { facts.append(Fact(label: "Summary", value: summary, link: nil)) }
        self.facts = facts
        copies = group.map { other in
            Copy(
                url: "/newsroom/wire/\(other.id)", headline: other.content.headline, source: other.content.source,
                isFirst: other.id == item.duplicateOf, takenURL: other.storyID.map { NewsroomPaths.story($0) })
        }
        hasCopies = !copies.isEmpty
        takeURL = "/newsroom/wire/\(item.id)/take"
        section = content.section ?? "News"
        takenURL = item.storyID.map { NewsroomPaths.story($0) }
        embargoText = content.embargoedUntil.flatMap {
            $0 > now ? "Embargoed until \(WireTime.text($0)): do not publish before then." : nil
        }
        statusText =
            switch content.status {
            case .usable: nil
            case .withheld: "The sender has withheld this item: do not use it until a new version clears it."
            case .canceled: "The sender has cancelled this item: do not use it."
            }
    }

    static func formatName(_ format: WireFormat) -> String {
        switch format {
        case .ninjs: "IPTC ninjs"
        case .newsML: "IPTC NewsML-G2"
        case .page: "Web page"
        }
    }

    /// `address` when it is an http(s) link a browser may follow.
    static func webLink(_ address: String) -> String? {
        guard let url = URL(string: address), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
            return nil
        }
        return address
    }
}
