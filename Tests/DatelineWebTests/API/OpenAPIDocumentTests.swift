import DatelineCore
import DatelineStore
import Foundation
import Hummingbird
import Testing

@testable import DatelineWeb

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// The routes the application really registers under /api, as "METHOD /path".
    private func registeredRoutes() throws -> Set<String> {
        let newsroom = try NewsroomTestSite()
        let site = try makeReaderSite(configuration: newsroom.site.configuration, store: newsroom.store)
        let desk = APIDesk(site: site, newsroom: try makeNewsroomDesk(site: site), document: try OpenAPIDocument.load())
        addAPI(desk, to: Router(context: ReaderRequestContext.self))
        return Set(desk.book.routes.map(\.description))
    }

    @Test("every registered /api route is in the document, and every documented operation is registered")
    func routesMatch() throws {
        let document = try OpenAPIDocument.load().object
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys where ["get", "put", "post", "delete", "patch"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let registered = try registeredRoutes()
        #expect(registered.count >= 13)
        #expect(registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented))")
        #expect(documented.subtracting(registered).isEmpty, "not served: \(documented.subtracting(registered))")
    }

    @Test("admin operations need the bearer scheme, and every $ref resolves")
    func securityAndReferences() throws {
        let document = try OpenAPIDocument.load().object
        let components = try #require(document["components"] as? [String: Any])
        let schemes = try #require(components["securitySchemes"] as? [String: [String: String]])
        #expect(schemes["bearerAuth"]?["scheme"] == "bearer")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, operations) in paths where path.hasPrefix("/api/v1/admin") {
            for (method, operation) in operations {
                let security = (operation as? [String: Any])?["security"] as? [[String: [String]]]
                #expect(security?.first?["bearerAuth"] != nil, "\(method) \(path)")
            }
        }
        let text = String(decoding: try OpenAPIDocument.load().data, as: UTF8.self)
        let references = text.components(separatedBy: "\"$ref\": \"#/components/").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        #expect(!references.isEmpty)
        for reference in references {
            let parts = reference.split(separator: "/").map(String.init)
            #expect(parts.count == 2, "\(reference)")
            let group = components[parts[0]] as? [String: Any]
            #expect(group?[parts[1]] != nil, "unresolved #/components/\(reference)")
        }
    }

    @Test("served with servers set to the request's origin")
    func served() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let page = try await browser.api(.get, "/api/openapi.json")
            #expect(page.status == .ok)
            let servers = try page.json()["servers"] as? [[String: String]]
            #expect(servers == [["url": "https://news.example.test"]])
        }
    }
}
