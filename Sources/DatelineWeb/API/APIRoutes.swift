import DatelineStore
import Foundation
import Hummingbird

/// What the API handlers share: the reader site, the newsroom (nil when the store keeps none, and
/// then there is no admin API), the OpenAPI document, and the book of registered routes.
struct APIDesk: Sendable {
    let site: ReaderSite
    let newsroom: NewsroomDesk?
    let document: OpenAPIDocument
    let book = APIRouteBook()
}

/// Adds the APIs under `/api`, before the reader's cookie and error-page middleware so API
/// responses never carry reader cookies or turn into HTML: the public content API and the
/// OpenAPI document always, the admin API when the store keeps the newsroom. Every route is
/// recorded in `desk.book` (what 405 answers and the OpenAPI test read).
func addAPI(_ desk: APIDesk, to router: Router<ReaderRequestContext>) {
    let book = desk.book
    router.add(middleware: APIFallbackMiddleware(book: book))
    let api = router.group("api", context: APIRequestContext.self)
    api.add(middleware: APIErrorMiddleware<APIRequestContext>())
    APIRouteRegistrar(group: api, prefix: APIPaths.root, book: book).add(.get, "openapi.json") { request, _ in
        desk.document.response(site: desk.site, request: request)
    }
    let version1 = api.group("v1")
    ContentAPIController(site: desk.site)
        .addRoutes(to: APIRouteRegistrar(group: version1, prefix: APIPaths.version1, book: book))
    if let newsroom = desk.newsroom {
        let admin = version1.group("admin")
        admin.add(middleware: APITokenMiddleware(desk: newsroom))
        let adminRoutes = APIRouteRegistrar(group: admin, prefix: APIPaths.version1 + "/admin", book: book)
        AdminAPIController(desk: newsroom).addRoutes(to: adminRoutes)
        if let media = desk.site.media {
            AdminMediaAPIController(desk: newsroom, media: media).addRoutes(to: adminRoutes)
        }
    }
}

/// The hand-written OpenAPI 3.1 description of the APIs (Templates/api/openapi.json), served with
/// `servers` set to the address the client used.
struct OpenAPIDocument: Sendable {
    let data: Data

    static func load() throws(WebSetupError) -> OpenAPIDocument {
        guard
            let url = WebResources.templateFolder?.appendingPathComponent("api/openapi.json", isDirectory: false),
            let data = try? Data(contentsOf: url),
            (try? JSONSerialization.jsonObject(with: data)) is [String: Any]
        else { throw .missingResources("Templates/api/openapi.json is missing or not a JSON object") }
        return OpenAPIDocument(data: data)
    }

    /// The parsed document.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    func response(site: ReaderSite, request: Request) -> Response {
        var object = self.object
        let origin = site.origin(for: request)
        object["servers"] = [["url": origin]]
        var builder = EntityTag.Builder(page: "api:openapi", siteVersion: site.version)
        builder.add(origin)
        let tag = builder.finish()
        if tag.isMatched(by: request) { return .notModified(tag, policy: .shared) }
        return .apiDocument(object, tag: tag)
    }
}
