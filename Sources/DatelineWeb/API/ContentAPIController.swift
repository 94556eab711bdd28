import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// The public, read-only content API: published stories, sections and topics as JSON, with the
/// reader pages' validators and caching.
struct ContentAPIController: Sendable {
    let site: ReaderSite

    func addRoutes(to routes: APIRouteRegistrar) {
        routes.add(.get, "stories", use: stories)
        routes.add(.get, "stories/{slug}", use: story)
        routes.add(.get, "sections", use: sections)
        routes.add(.get, "topics", use: topics)
    }

    @Sendable func stories(request: Request, context: APIRequestContext) async throws -> Response {
        let fields = try context.query(of: request)
        let paging = try APIPaging(fields)
        var query = StoryQuery(limit: paging.perPage, offset: paging.offset)
        query.publishedSince = try APIQuery.date("since", in: fields)
        query.publishedBefore = try APIQuery.date("before", in: fields)
        if let text = try APIQuery.single("section", in: fields) {
            guard let slug = Slug(validating: text) else { return try emptyList(paging, request: request) }
            query.section = slug
        }
        if let text = try APIQuery.single("topic", in: fields) {
            guard let slug = Slug(validating: text) else { return try emptyList(paging, request: request) }
            query.topic = slug
        }
        let total = try await site.store.countPublished(query)
        let stories = paging.offset < total ? try await site.store.publishedStories(query) : []
        let origin = site.origin(for: request)
        // Every story's pictures in one read, so each body_html shows its figures.
        let images = try await site.images(for: stories, body: true)

        var builder = EntityTag.Builder(page: "api:stories?\(request.uri.query ?? "")", siteVersion: site.version)
        builder.add(origin)
        builder.add(String(total))
        for story in stories { builder.add(story) }
        images.add(to: &builder)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }
        let envelope = paging.envelope(
            items: stories.map { APIStoryJSON.story($0, origin: origin, images: images) }, key: "stories", total: total,
            hasNext: paging.page * paging.perPage < total, request: request, origin: origin)
        return .apiDocument(envelope, tag: tag)
    }

    @Sendable func story(request: Request, context: APIRequestContext) async throws -> Response {
        guard let text = context.parameters.get("slug"), let slug = Slug(validating: text),
            let story = try await site.store.story(slug: slug), story.status.isPublic
        else { throw APIError.notFound("There is no published story at this address.") }
        let origin = site.origin(for: request)
        let images = try await site.images(for: [story], body: true)
        var builder = EntityTag.Builder(page: "api:story:\(story.id)", siteVersion: site.version)
        builder.add(origin)
        builder.add(story)
        images.add(to: &builder)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }
        return .apiDocument(APIStoryJSON.story(story, origin: origin, images: images), tag: tag)
    }

    @Sendable func sections(request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.query(of: request)
        let sections = try await site.store.sections()
        var builder = EntityTag.Builder(page: "api:sections", siteVersion: site.version)
        for section in sections { builder.add("\(section.slug.rawValue)=\(section.name)") }
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }
        return .apiDocument(["sections": sections.map(APIStoryJSON.section)], tag: tag)
    }

    @Sendable func topics(request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.query(of: request)
        let topics = try await site.store.publishedTopics()
        var builder = EntityTag.Builder(page: "api:topics", siteVersion: site.version)
        for topic in topics { builder.add("\(topic.slug.rawValue)=\(topic.name)") }
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }
        return .apiDocument(["topics": topics.map(APIStoryJSON.topic)], tag: tag)
    }

    /// The answer for a filter no story can match (a section or topic that cannot be a slug).
    private func emptyList(_ paging: APIPaging, request: Request) throws -> Response {
        let origin = site.origin(for: request)
        let builder = EntityTag.Builder(page: "api:stories:none", siteVersion: site.version)
        let envelope = paging.envelope(
            items: [], key: "stories", total: 0, hasNext: false, request: request, origin: origin)
        return .apiDocument(envelope, tag: builder.finish())
    }
}

/// Reading API query parameters: malformed values are 400s with the parameter's name.
enum APIQuery {
    static func single(_ name: String, in fields: FormFields) throws(APIError) -> String? {
        do {
            return try fields.single(name)
        } catch {
            throw APIError(
                status: .badRequest, code: "bad_query", message: error.readerMessage, fields: [name: "given twice"])
        }
    }

    static func integer(_ name: String, in fields: FormFields, range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let text = try single(name, in: fields) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError(
                status: .badRequest, code: "bad_query",
                message: "“\(name)” must be a whole number from \(range.lowerBound) to \(range.upperBound).",
                fields: [name: "a whole number from \(range.lowerBound) to \(range.upperBound)"])
        }
        return value
    }

    static func date(_ name: String, in fields: FormFields) throws(APIError) -> Date? {
        guard let text = try single(name, in: fields) else { return nil }
        guard let date = APIStoryJSON.parseDate(text) else {
            throw APIError(
                status: .badRequest, code: "bad_query",
                message: "“\(name)” must be an ISO 8601 date or date-time, such as 2026-03-01T09:30:00Z.",
                fields: [name: "an ISO 8601 date or date-time"])
        }
        return date
    }
}

/// `page` and `per_page`, and the envelope a page of results goes out in.
struct APIPaging {
    /// The highest page number accepted (keeps offsets far from overflow).
    static let maximumPage = 100_000

    let page: Int
    let perPage: Int

    init(_ fields: FormFields) throws(APIError) {
        page = try APIQuery.integer("page", in: fields, range: 1...Self.maximumPage) ?? 1
        perPage =
            try APIQuery.integer("per_page", in: fields, range: 1...APILimits.maximumPerPage)
            ?? APILimits.defaultPerPage
    }

    var offset: Int { (page - 1) * perPage }

    /// `{ key: [...], page, per_page, total, next }`, where `next` is the absolute address of the
    /// following page (the same query with `page` moved on), or null on the last page.
    func envelope(items: [Any], key: String, total: Int?, hasNext: Bool, request: Request, origin: String)
        -> [String: Any]
    {
        var next: Any = NSNull()
        if hasNext, page < Self.maximumPage {
            let kept = (request.uri.query ?? "").split(separator: "&").filter {
                !$0.hasPrefix("page=") && $0 != "page"
            }
            let query = (kept + ["page=\(page + 1)"]).joined(separator: "&")
            next = origin + request.uri.path + "?" + query
        }
        var envelope: [String: Any] = [key: items, "page": page, "per_page": perPage, "next": next]
        if let total { envelope["total"] = total }
        return envelope
    }
}

extension Response {
    /// A JSON document every client may share, with its validators and the reader pages' caching.
    static func apiDocument(_ value: Any, tag: EntityTag) -> Response {
        var response = Response.json(value)
        response.headers[.cacheControl] = tag.policy.cacheControl
        response.headers[.eTag] = tag.headerValue
        if let lastModified = tag.lastModified { response.headers[.lastModified] = HTTPDate.format(lastModified) }
        return response
    }
}
