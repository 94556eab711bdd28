import Foundation
import Hummingbird

/// One API operation: a method and a path template such as `/api/v1/stories/{slug}`.
struct APIRoute: Hashable, Sendable, CustomStringConvertible {
    let method: HTTPRequest.Method
    let path: String

    var description: String { "\(method.rawValue) \(path)" }

    /// Whether a concrete request path fits this template (`{name}` stands for one segment).
    func matches(path concrete: String) -> Bool {
        let pattern = path.split(separator: "/", omittingEmptySubsequences: false)
        let parts = concrete.split(separator: "/", omittingEmptySubsequences: false)
        guard pattern.count == parts.count else { return false }
        return zip(pattern, parts).allSatisfy { template, part in
            template.hasPrefix("{") ? !part.isEmpty : template == part
        }
    }
}

/// The API routes as they are registered, so refusals can list the methods a path allows and
/// tests can hold the OpenAPI document against what the server really answers.
final class APIRouteBook: @unchecked Sendable {
    // Written while routes are added, before the server starts; read afterwards. The lock keeps
    // that honest without relying on the order.
    private let lock = NSLock()
    private var entries: [APIRoute] = []

    func record(_ route: APIRoute) { lock.withLock { entries.append(route) } }

    var routes: [APIRoute] { lock.withLock { entries } }

    /// The methods some route answers at `path` (HEAD with every GET); empty when none does.
    func allowedMethods(at path: String) -> [HTTPRequest.Method] {
        var methods = routes.filter { $0.matches(path: path) }.map(\.method)
        if methods.contains(.get) { methods.append(.head) }
        var seen = Set<HTTPRequest.Method>()
        return methods.filter { seen.insert($0).inserted }
    }
}

/// Registers handlers on an API group and records each route in the book.
struct APIRouteRegistrar {
    let group: RouterGroup<APIRequestContext>
    /// The group's path from the root, such as `/api/v1/admin`.
    let prefix: String
    let book: APIRouteBook

    func add(
        _ method: HTTPRequest.Method, _ path: String,
        use handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response
    ) {
        group.on(RouterPath(path), method: method, use: handler)
        book.record(APIRoute(method: method, path: path.isEmpty ? prefix : prefix + "/" + path))
    }
}
