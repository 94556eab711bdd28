import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// `/newsroom/tokens`: every signed-in account lists, creates and revokes its own admin-API
/// tokens. A new token's secret is shown on the page that answers the form, once; the store
/// keeps only its digest.
struct APITokensController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("tokens", use: list)
        router.post("tokens", use: create)
        router.post("tokens/{token}/revoke", use: revoke)
    }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        return try await page(account: account, name: "", error: nil, secret: nil, status: .ok)
    }

    @Sendable func create(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form = try await posted(request, account: account)
        let name = (try form.single("name") ?? "").collapsingWhitespace()
        guard !name.isEmpty, name.count <= APIToken.nameLength else {
            return try await page(
                account: account, name: name,
                error: "Give the token a name of up to \(APIToken.nameLength) characters, such as “CMS sync”.",
                secret: nil, status: .unprocessableContent)
        }
        let secret = APITokenSecret.random()
        let token = try await desk.store.createAPIToken(
            userID: account.user.id, name: name, digest: secret.digest, prefix: secret.prefix,
            at: desk.configuration.now())
        return try await page(
            account: account, name: "", error: nil,
            secret: TokensPageView.Secret(name: token.name, value: secret.value), status: .ok)
    }

    @Sendable func revoke(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await posted(request, account: account)
        guard let id = context.parameters.get("token").flatMap({ Int64($0) }),
            try await desk.store.revokeAPIToken(id: id, ofUser: account.user.id)
        else { throw NewsroomError.notFound("You have no such live token.") }
        return .seeOtherPath(NewsroomPaths.tokens)
    }

    private func page(
        account: SignedInAccount, name: String, error: String?, secret: TokensPageView.Secret?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let tokens = try await desk.store.apiTokens(ofUser: account.user.id)
        let clock = desk.site.clock
        let view = TokensPageView(
            header: desk.header(for: account, current: "tokens"),
            rows: tokens.map { token in
                TokensPageView.Row(
                    name: token.name, prefix: token.prefix, created: clock.fullText(token.createdAt),
                    lastUsed: token.lastUsedAt.map(clock.fullText) ?? "Never",
                    isRevoked: token.revokedAt != nil, revoked: token.revokedAt.map(clock.fullText) ?? "",
                    revokeURL: "\(NewsroomPaths.tokens)/\(token.id)/revoke")
            },
            fields: [
                FieldView(name: "name", label: "Name (what the token is for)", value: name, error: error)
            ],
            secret: secret)
        return try desk.respond(with: view, status: status)
    }

    private func posted(_ request: Request, account: SignedInAccount) async throws -> FormFields {
        var request = request
        let form = try await request.formFields(limit: 16 * 1024)
        guard account.token.acceptsFormToken(try form.single("csrf_token")) else { throw NewsroomError.formExpired }
        return form
    }
}

/// The API tokens page.
struct TokensPageView: NewsroomView {
    static let template = NewsroomTemplate.tokens

    /// A token just made, with the secret shown this once.
    struct Secret: Sendable {
        let name: String
        let value: String
    }

    /// One token in the list.
    struct Row: Sendable {
        let name: String
        let prefix: String
        let created: String
        let lastUsed: String
        let isRevoked: Bool
        let revoked: String
        let revokeURL: String
    }

    let header: NewsroomHeader
    let rows: [Row]
    let fields: [FieldView]
    let secret: Secret?
    let hasTokens: Bool

    init(header: NewsroomHeader, rows: [Row], fields: [FieldView], secret: Secret?) {
        self.header = header
        self.rows = rows
        self.fields = fields
        self.secret = secret
        hasTokens = !rows.isEmpty
    }
}
