import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// The admin API's newsletters: lists, their people (paged, imported as JSON or CSV, exported as
/// CSV, taken off one at a time) and the suppression list. Editors and admins only, as on
/// `/newsroom/newsletters`; list settings go through the same store rules as the newsroom form.
extension AdminAPIController {
    func addNewsletterRoutes(to routes: APIRouteRegistrar) {
        routes.add(.get, "newsletters", use: listNewsletters)
        routes.add(.post, "newsletters", use: createNewsletter)
        routes.add(.get, "newsletters/{id}", use: showNewsletter)
        routes.add(.put, "newsletters/{id}", use: updateNewsletter)
        routes.add(.delete, "newsletters/{id}", use: deleteNewsletter)
        routes.add(.get, "newsletters/{id}/subscribers", use: listSubscribers)
        routes.add(.post, "newsletters/{id}/subscribers", use: addSubscribers)
        routes.add(.get, "newsletters/{id}/subscribers.csv", use: exportSubscribers)
        routes.add(.post, "newsletters/{id}/subscribers.csv", use: importSubscribers)
        routes.add(.delete, "newsletters/{id}/subscribers/{email}", use: removeSubscriber)
        routes.add(.get, "newsletter-suppressions", use: listSuppressions)
        routes.add(.post, "newsletter-suppressions", use: addSuppression)
    }

    /// The most people one JSON request may add (more go in a CSV).
    static let subscribersPerRequest = 1000

    // MARK: Lists

    @Sendable func listNewsletters(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        let origin = desk.site.origin(for: request)
        let lists = try await store.newsletters()
        return newsletterResponse(["newsletters": lists.map { Self.newsletterJSON($0, origin: origin) }])
    }

    @Sendable func showNewsletter(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        let list = try await newsletter(context, in: store)
        return newsletterResponse(Self.newsletterJSON(list, origin: desk.site.origin(for: request)))
    }

    @Sendable func createNewsletter(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        var request = request
        let input = try Self.newsletterInput(try await request.apiJSONObject())
        let outcome: Result<Newsletter, StoreError>
        do {
            outcome = .success(try await store.addNewsletter(input, now: desk.configuration.now()))
        } catch {
            outcome = .failure(error)
        }
        let list: Newsletter
        switch outcome {
        case .success(let added): list = added
        case .failure(.invalid(let error)): throw Self.newsletterRefusal(error)
        case .failure(let other): throw other
        }
        var response = newsletterResponse(
            Self.newsletterJSON(list, origin: desk.site.origin(for: request)), status: .created)
        response.headers[.location] = "\(APIPaths.version1)/admin/newsletters/\(list.id)"
        return response
    }

    @Sendable func updateNewsletter(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        let id = try newsletterID(context)
        var request = request
        let input = try Self.newsletterInput(try await request.apiJSONObject())
        let outcome: Result<Newsletter, StoreError>
        do {
            outcome = .success(try await store.updateNewsletter(id: id, with: input))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let list):
            return newsletterResponse(Self.newsletterJSON(list, origin: desk.site.origin(for: request)))
        case .failure(.notFound): throw Self.noNewsletter
        case .failure(.invalid(let error)): throw Self.newsletterRefusal(error)
        case .failure(let other): throw other
        }
    }

    @Sendable func deleteNewsletter(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        guard try await store.deleteNewsletter(id: try newsletterID(context)) else { throw Self.noNewsletter }
        return newsletterResponse(nil, status: .noContent)
    }

    // MARK: People

    @Sendable func listSubscribers(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        let paging = try APIPaging(try context.query(of: request))
        let list = try await newsletter(context, in: store)
        let members = try await store.members(ofNewsletter: list.id, limit: paging.perPage + 1, offset: paging.offset)
        let origin = desk.site.origin(for: request)
        let envelope = paging.envelope(
            items: members.prefix(paging.perPage).map(Self.memberJSON), key: "subscribers", total: nil,
            hasNext: members.count > paging.perPage, request: request, origin: origin)
        return newsletterResponse(envelope)
    }

    /// `{"subscribers": [{"email", "subscribed_at"}]}`: people who consented elsewhere, added as
    /// confirmed; suppressed addresses are counted and never added; bad entries are reported by
    /// their position (1-based) and skipped.
    @Sendable func addSubscribers(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        let id = try newsletterID(context)
        var request = request
        let object = try await request.apiJSONObject()
        var problems: [String: String] = [:]
        for key in object.keys where key != "subscribers" { problems[key] = "unknown field" }
        guard let items = object["subscribers"] as? [Any] else {
            problems["subscribers"] = "required: a list of {\"email\": …, \"subscribed_at\": …}"
            throw APIError.invalidFields(problems)
        }
        guard problems.isEmpty else { throw APIError.invalidFields(problems) }
        guard items.count <= Self.subscribersPerRequest else {
            throw APIError.invalidFields([
                "subscribers": "at most \(Self.subscribersPerRequest) in one request; send more as CSV"
            ])
        }
        // The shape is checked first, for the whole request (422 naming the entry); what the
        // values say (an address that is not one, a date in the future) is reported per entry.
        var shaped: [(position: Int, email: String, since: String?)] = []
        for (offset, item) in items.enumerated() {
            let key = "subscribers[\(offset)]"
            guard let entry = item as? [String: Any] else {
                problems[key] = "must be an object with “email” and optionally “subscribed_at”"
                continue
            }
            if let unknown = entry.keys.first(where: { $0 != "email" && $0 != "subscribed_at" }) {
                problems[key + "." + unknown] = "unknown field"
            }
            guard let email = entry["email"] as? String else {
                problems[key + ".email"] = "required: a string"
                continue
            }
            switch entry["subscribed_at"] {
            case nil, is NSNull: shaped.append((offset + 1, email, nil))
            case let text as String: shaped.append((offset + 1, email, text))
            default: problems[key + ".subscribed_at"] = "must be a string or null"
            }
        }
        guard problems.isEmpty else { throw APIError.invalidFields(problems) }
        let now = desk.configuration.now()
        var rows = NewsletterCSV.Rows(now: now)
        for (position, email, text) in shaped { rows.add(line: position, email: email, subscribedAt: text) }
        let entries = rows.entries
        let refused = rows.refused
        var tally = NewsletterImportTally(alreadySubscribed: rows.duplicates)
        if !entries.isEmpty {
            let stored = try await importing { () async throws(StoreError) -> NewsletterImportTally in
                try await store.importSubscribers(entries, toNewsletter: id, now: now)
            }
            tally = tally + stored
        } else if try await store.newsletter(id: id) == nil {
            throw Self.noNewsletter
        }
        return newsletterResponse(Self.summaryJSON(NewsletterImportSummary(tally: tally, refused: refused)))
    }

    /// A CSV body (text/csv) as `dateline newsletters import` reads it.
    @Sendable func importSubscribers(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        let id = try newsletterID(context)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let mediaType = contentType.split(separator: ";").first.map { String($0).trimmingWhitespace() } ?? ""
        guard mediaType == "text/csv" else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "Send the subscribers as text/csv with a header row (email, subscribed_at).")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: NewsletterCSV.maximumBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(
                status: .contentTooLarge, code: "body_too_large",
                message:
                    "The CSV is larger than \(NewsletterCSV.maximumBytes / (1024 * 1024)) MB; split it and import the parts."
            )
        } catch {
            throw APIError.badRequest("The request body could not be read.", code: "unreadable_body")
        }
        let now = desk.configuration.now()
        let csv: NewsletterCSV
        do {
            csv = try NewsletterCSV(Array(buffer.readableBytesView), now: now)
        } catch {
            throw APIError(
                status: .unprocessableContent, code: "csv_refused",
                message: "The CSV was not imported: " + error.message + ".")
        }
        let summary = try await importing { () async throws(StoreError) -> NewsletterImportSummary in
            try await csv.run(into: store, newsletterID: id, now: now)
        }
        return newsletterResponse(Self.summaryJSON(summary))
    }

    @Sendable func exportSubscribers(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        let list = try await newsletter(context, in: store)
        var text = NewsletterCSV.exportHeader
        var offset = 0
        while true {
            let page = try await store.members(ofNewsletter: list.id, limit: 1000, offset: offset)
            for member in page { text += NewsletterCSV.exportLine(member) }
            guard page.count == 1000 else { break }
            offset += 1000
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8; header=present"
        headers[.contentDisposition] = "attachment; filename=\"\(list.slug.rawValue)-subscribers.csv\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func removeSubscriber(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        let list = try await newsletter(context, in: store)
        let raw = context.parameters.get("email") ?? ""
        let email = raw.removingPercentEncoding ?? raw
        guard try await store.removeSubscriber(email: email, fromNewsletter: list.id) else {
            throw APIError.notFound("That address is not on this newsletter.")
        }
        return newsletterResponse(nil, status: .noContent)
    }

    // MARK: Suppression

    @Sendable func listSuppressions(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        let paging = try APIPaging(try context.query(of: request))
        let entries = try await store.suppressions(limit: paging.perPage + 1, offset: paging.offset)
        let envelope = paging.envelope(
            items: entries.prefix(paging.perPage).map(Self.suppressionJSON), key: "suppressions", total: nil,
            hasNext: entries.count > paging.perPage, request: request, origin: desk.site.origin(for: request))
        return newsletterResponse(envelope)
    }

    /// `{"email", "reason"}`: never mail this address again. 201 when it is new, 200 when it was
    /// suppressed already (the first reason is kept).
    @Sendable func addSuppression(request: Request, context: APIRequestContext) async throws -> Response {
        let store = try newsletterStore(context)
        var request = request
        let object = try await request.apiJSONObject()
        var problems: [String: String] = [:]
        for key in object.keys where key != "email" && key != "reason" { problems[key] = "unknown field" }
        let email = object["email"] as? String
        let address = email.flatMap(NewsletterCSV.address)
        if let email, address == nil {
            problems["email"] = NewsletterCSV.addressProblem(email)
        } else if email == nil {
            problems["email"] = "required: the address never to mail again"
        }
        var reason = SuppressionReason.unsubscribed
        switch object["reason"] {
        case nil, is NSNull: break
        case let text as String where SuppressionReason(rawValue: text) != nil:
            reason = SuppressionReason(rawValue: text) ?? .unsubscribed
        default:
            problems["reason"] =
                "one of \(SuppressionReason.allCases.map(\.rawValue).joined(separator: ", ")), or null for unsubscribed"
        }
        guard problems.isEmpty, let address else { throw APIError.invalidFields(problems) }
        let existed = try await store.suppression(email: address) != nil
        if !existed { try await store.suppress(email: address, reason: reason, now: desk.configuration.now()) }
        let stored = try await store.suppression(email: address) ?? reason
        return newsletterResponse(["email": address, "reason": stored.rawValue], status: existed ? .ok : .created)
    }

    // MARK: Helpers

    static let noNewsletter = APIError.notFound("There is no newsletter with this key.")

    /// The store's newsletters, for an editor or admin; 403 for other roles, 404 when the
    /// database keeps none.
    private func newsletterStore(_ context: APIRequestContext) throws(APIError) -> any NewsletterStore {
        let account = try context.requireAccount()
        guard account.user.role >= .editor else { throw .forbidden }
        guard let store = desk.store as? any NewsletterStore else {
            throw .notFound("This database does not keep newsletters.")
        }
        return store
    }

    private func newsletterID(_ context: APIRequestContext) throws(APIError) -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw Self.noNewsletter }
        return id
    }

    private func newsletter(_ context: APIRequestContext, in store: any NewsletterStore) async throws -> Newsletter {
        guard let list = try await store.newsletter(id: try newsletterID(context)) else { throw Self.noNewsletter }
        return list
    }

    /// Runs an import, turning an unknown list into 404.
    private func importing<T: Sendable>(_ work: () async throws(StoreError) -> T) async throws -> T {
        let outcome: Result<T, StoreError>
        do {
            outcome = .success(try await work())
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let value): return value
        case .failure(.notFound): throw Self.noNewsletter
        case .failure(let other): throw other
        }
    }

    private func newsletterResponse(_ object: [String: Any]?, status: HTTPResponse.Status = .ok) -> Response {
        var response = object.map { Response.json($0, status: status) } ?? Response(status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The store's refusal of a list, worded for a newsletter.
    static func newsletterRefusal(_ error: StoryValidationError) -> APIError {
        var fields: [String: String] = [:]
        for problem in error.problems where fields[Self.newsletterField(problem.field)] == nil {
            fields[Self.newsletterField(problem.field)] = problem.message
        }
        return APIError(
            status: .unprocessableContent, code: "validation_failed",
            message: "The newsletter was not saved: " + error.problems.map(\.message).joined(separator: "; ") + ".",
            fields: fields)
    }

    /// The JSON name of a store field ("sendTime" → "send_time").
    private static func newsletterField(_ field: String) -> String {
        switch field {
        case "sendTime": "send_time"
        case "timeZone": "time_zone"
        case "fromName": "from_name"
        case "fromAddress": "from_address"
        default: field
        }
    }
}
