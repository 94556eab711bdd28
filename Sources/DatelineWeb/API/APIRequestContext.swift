import DatelineCore
import DatelineStore
import Hummingbird

/// The context of every `/api` request: the client address and, on admin routes, the account
/// the bearer token acts for (filled in by ``APITokenMiddleware``). No reader or newsroom
/// cookies are read or written here.
struct APIRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's network address, as the connection (or a trusted proxy) reports it.
    var clientAddress: String?
    /// The account the bearer token acts for; nil on the public content routes.
    var account: APIAccount?

    init(context: ReaderRequestContext) throws {
        coreContext = context.coreContext
        clientAddress = context.remoteAddress
        account = nil
    }

    var maxUploadSize: Int { APILimits.bodyBytes }

    /// The token's account; 401 when the route was reached without one (a wiring mistake).
    func requireAccount() throws(APIError) -> APIAccount {
        guard let account else { throw .unauthorized("Send an API token: Authorization: Bearer dl_…") }
        return account
    }

    /// The decoded query string, with malformed escapes refused as 400.
    func query(of request: Request) throws(APIError) -> FormFields {
        do {
            return try request.queryFields()
        } catch {
            throw .badRequest(error.readerMessage, code: "bad_query")
        }
    }
}

/// The account an API token acts for, and the token.
struct APIAccount: Sendable {
    let user: User
    let token: APIToken
}

/// The `/api` paths, in one place.
enum APIPaths {
    static let root = "/api"
    static let openAPI = "/api/openapi.json"
    static let version1 = "/api/v1"

    /// Whether a request path belongs to the APIs (whose errors are JSON, never pages).
    static func contains(_ path: String) -> Bool {
        path == root || path.hasPrefix(root + "/")
    }
}
