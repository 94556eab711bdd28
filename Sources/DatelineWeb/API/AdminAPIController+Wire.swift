import DatelineCore
import DatelineIngest
import DatelineStore
import Foundation
import Hummingbird

/// The admin API's wire queue and followed sources: the queue read and filtered as on
/// `/newsroom/wire` (any account), an item taken as a draft story with its credit line kept,
/// and the sources with how each last went, followed, paused, resumed and dropped (editors and
/// admins, as on `/newsroom/sources`; never from private addresses, which only the command line
/// allows).
extension AdminAPIController {
    func addWireRoutes(to routes: APIRouteRegistrar) {
        routes.add(.get, "wire", use: listWire)
        routes.add(.get, "wire/{id}", use: showWireItem)
        routes.add(.post, "wire/{id}/take", use: takeWireItem)
        routes.add(.get, "sources", use: listSources)
        routes.add(.post, "sources", use: addSource)
        routes.add(.get, "sources/{id}", use: showSource)
        routes.add(.delete, "sources/{id}", use: removeSource)
        routes.add(.post, "sources/{id}/pause", use: pauseSource)
        routes.add(.post, "sources/{id}/resume", use: resumeSource)
    }

    /// The most items one request lists, and the default.
    static let wireLimit = 200
    static let wireDefaultLimit = 50
    /// The longest filter value accepted.
    static let wireFilterLength = 200

    static let noWireItem = APIError.notFound("There is no such wire item: it may have expired.")

    @Sendable func listWire(request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let store = try wireStore()
        let fields = try context.query(of: request)
        var limit = Self.wireDefaultLimit
        if let text = try APIQuery.single("limit", in: fields) {
            guard let value = Int(text), (1...Self.wireLimit).contains(value) else {
                throw APIError(
                    status: .badRequest, code: "bad_query",
                    message: "“limit” must be a whole number from 1 to \(Self.wireLimit).",
                    fields: ["limit": "not a number from 1 to \(Self.wireLimit)"])
            }
            limit = value
        }
        var values: [String: String] = [:]
        for name in ["source", "section", "subject", "q"] {
            guard let given = try APIQuery.single(name, in: fields) else { continue }
            // Values are only compared with (bound, never spliced into SQL), so any text will do.
            guard given.unicodeScalars.count <= Self.wireFilterLength else {
                throw APIError(
                    status: .badRequest, code: "bad_query",
                    message: "“\(name)” must be at most \(Self.wireFilterLength) characters.",
                    fields: [name: "too long"])
            }
            let text = given.collapsingWhitespace()
            guard !text.isEmpty else { continue }
            values[name] = text
        }
        let filter = WireFilter(
            source: values["source"], section: values["section"], subject: values["subject"], text: values["q"],
            limit: limit)
        let items = try await store.wireItems(filter, now: desk.configuration.now())
        return noStore(.json(["items": items.map { Self.wireJSON($0, body: false) }]))
    }

    @Sendable func showWireItem(request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let item = try await wireItem(context)
        return noStore(.json(Self.wireJSON(item, body: true)))
    }

    /// "Take as draft": a draft story owned by the token's account, highlights and topics
    /// suggested, the credit line kept, recorded on the item.
    @Sendable func takeWireItem(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        var request = request
        let object = try await request.apiJSONObject()
        let unknown = Set(object.keys).subtracting(["section"])
        guard unknown.isEmpty else {
            throw APIError.invalidFields(
                Dictionary(uniqueKeysWithValues: unknown.sorted().map { ($0, "unknown field") }))
        }
        var section: String?
        if let value = object["section"], !(value is NSNull) {
            guard let text = value as? String else { throw APIError.invalidFields(["section": "must be a string"]) }
            section = text.collapsingWhitespace().nilIfEmpty
        }
        let item = try await wireItem(context)
        let store = try wireStore()
        var draft = item.storyDraft(section: section)
        if let section { draft.section = section }
        // Through a Result: a typed-throws catch of one case here crashed the 6.3 compiler.
        let outcome: Result<Story, StoreError>
        do {
            outcome = .success(try await store.takeWireItem(id: item.id, as: draft, author: account.user.id))
        } catch {
            outcome = .failure(error)
        }
        let story: Story
        switch outcome {
        case .success(let made): story = made
        case .failure(.notFound): throw Self.noWireItem
        case .failure(let other): throw other
        }
        var response = try await storyResponse(story, request: request, status: .created, revision: 1)
        response.headers[.location] = "\(APIPaths.version1)/admin/stories/\(story.id)"
        return response
    }

    @Sendable func listSources(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try sourceStore(context)
        let sources = try await store.feedSources()
        return noStore(.json(["sources": sources.map(Self.sourceJSON)]))
    }

    @Sendable func showSource(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try sourceStore(context)
        return noStore(.json(Self.sourceJSON(try await source(context, in: store))))
    }

    /// Follows a feed (`{url, section, interval_minutes}`), due at once; 422 names the field the
    /// rules of `sources add` refuse, including an address followed already.
    @Sendable func addSource(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try sourceStore(context)
        var request = request
        let object = try await request.apiJSONObject()
        var problems: [String: String] = [:]
        for key in Set(object.keys).subtracting(["url", "section", "interval_minutes"]) {
            problems[key] = "unknown field"
        }
        let url = object["url"] as? String
        if url == nil { problems["url"] = object["url"] == nil ? "required" : "must be a string" }
        var section: String?
        if let value = object["section"], !(value is NSNull) {
            if let text = value as? String { section = text } else { problems["section"] = "must be a string" }
        }
        var interval = 15
        if let value = object["interval_minutes"], !(value is NSNull) {
            // JSON numbers arrive as NSNumber; true and false do too, and are refused.
            if let number = value as? NSNumber, String(cString: number.objCType) != "c",
                let minutes = Int(exactly: number.doubleValue)
            {
                interval = minutes
            } else {
                problems["interval_minutes"] = "must be a whole number of minutes"
            }
        }
        guard problems.isEmpty, let url else { throw APIError.invalidFields(problems) }
        let outcome: Result<FeedSource, StoreError>
        do {
            outcome = .success(
                try await store.addFeedSource(
                    NewFeedSource(url: url, section: section, intervalMinutes: interval),
                    now: desk.configuration.now()))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let source):
            var response = noStore(.json(Self.sourceJSON(source), status: .created))
            response.headers[.location] = "\(APIPaths.version1)/admin/sources/\(source.id)"
            return response
        case .failure(.invalid(let error)):
            var fields: [String: String] = [:]
            for problem in error.problems {
                // The rules name the command line's --every; the API calls it interval_minutes.
                let field = problem.field == "every" ? "interval_minutes" : problem.field
                if fields[field] == nil { fields[field] = problem.message }
            }
            throw APIError(
                status: .unprocessableContent, code: "validation_failed",
                message: "The source cannot be followed: " + error.problems.map(\.message).joined(separator: "; ")
                    + ".",
                fields: fields)
        case .failure(let other): throw other
        }
    }

    @Sendable func removeSource(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try sourceStore(context)
        let source = try await source(context, in: store)
        try await store.removeFeedSource(id: source.id)
        return noStore(Response(status: .noContent))
    }

    @Sendable func pauseSource(request: Request, context: APIRequestContext) async throws -> Response {
        try await setPaused(true, context: context)
    }

    @Sendable func resumeSource(request: Request, context: APIRequestContext) async throws -> Response {
        try await setPaused(false, context: context)
    }

    private func setPaused(_ paused: Bool, context: APIRequestContext) async throws -> Response {
        let store = try sourceStore(context)
        let source = try await source(context, in: store)
        let outcome: Result<Void, StoreError>
        do {
            outcome = .success(
                try await store.pauseFeedSource(id: source.id, paused: paused, now: desk.configuration.now()))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success: break
        case .failure(.notFound): throw Self.noSource
        case .failure(let other): throw other
        }
        return noStore(.json(Self.sourceJSON(try await self.source(context, in: store))))
    }

    // MARK: JSON

    static func wireJSON(_ item: WireItem, body: Bool) -> [String: Any] {
        let copy = item.content
        var object: [String: Any] = [
            "id": item.id, "headline": copy.headline, "source": copy.source, "guid": copy.guid,
            "version": copy.version, "format": copy.format.rawValue, "byline": nullable(copy.byline),
            "dateline": nullable(copy.dateline), "summary": nullable(copy.summary),
            "subjects": copy.subjects.map { ["code": nullable($0.code), "name": nullable($0.name)] },
            "url": nullable(copy.url), "canonical_url": nullable(copy.canonicalURL), "section": nullable(copy.section),
            "language": nullable(copy.language), "status": copy.status.rawValue, "origin": copy.origin,
            "received_at": WireTime.machine(item.receivedAt), "expires_at": WireTime.machine(item.expiresAt),
            "embargoed_until": nullable(copy.embargoedUntil.map(WireTime.machine)),
            "version_created": nullable(copy.versionCreated.map(WireTime.machine)),
            "duplicate_of": nullable(item.duplicateOf), "story_id": nullable(item.storyID),
        ]
        if body { object["body"] = copy.body }
        return object
    }

    /// JSON null for nil.
    private static func nullable(_ value: Any?) -> Any { value ?? NSNull() }

    static func sourceJSON(_ source: FeedSource) -> [String: Any] {
        return [
            "id": source.id, "url": source.url, "name": nullable(source.name), "section": nullable(source.section),
            "interval_minutes": source.intervalMinutes, "allow_private": source.allowPrivate, "paused": source.paused,
            "next_poll_at": WireTime.machine(source.nextPollAt),
            "backoff_until": nullable(source.backoffUntil.map(WireTime.machine)),
            "failure_count": source.failureCount,
            "last_polled_at": nullable(source.lastPolledAt.map(WireTime.machine)),
            "last_result": nullable(source.lastResult), "created_at": WireTime.machine(source.createdAt),
        ]
    }

    // MARK: Helpers

    static let noSource = APIError.notFound("There is no such source: it may have been removed.")

    private func sourceStore(_ context: APIRequestContext) throws(APIError) -> any SourceStore {
        let account = try context.requireAccount()
        guard account.user.role >= .editor else { throw .forbidden }
        guard let store = desk.store as? any SourceStore else {
            throw .notFound("This database does not follow sources.")
        }
        return store
    }

    private func source(_ context: APIRequestContext, in store: any SourceStore) async throws -> FeedSource {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw Self.noSource }
        guard let source = try await store.feedSource(id: id) else { throw Self.noSource }
        return source
    }

    private func wireStore() throws(APIError) -> any WireStore {
        guard let store = desk.store as? any WireStore else {
            throw APIError.notFound("This database keeps no wire queue.")
        }
        return store
    }

    private func wireItem(_ context: APIRequestContext) async throws -> WireItem {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw Self.noWireItem }
        guard let item = try await wireStore().wireItem(id: id) else { throw Self.noWireItem }
        return item
    }
}
