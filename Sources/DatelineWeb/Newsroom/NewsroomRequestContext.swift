import DatelineCore
import Hummingbird

/// The context of every `/newsroom` request: the reader context it grew from (for the login
/// form's token and the query) plus the signed-in account, filled in by ``NewsroomSessionMiddleware``.
struct NewsroomRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The reader-side cookies: the double-submit token protects the sign-in and set-up forms.
    var reader: ReaderSession
    /// The decoded query string.
    var query: FormFields
    /// The client's network address, as the connection (or a trusted proxy) reports it.
    var clientAddress: String?
    /// Who is signed in; nil for anonymous requests.
    var account: SignedInAccount?

    init(context: ReaderRequestContext) throws {
        coreContext = context.coreContext
        reader = context.session
        query = context.query
        clientAddress = context.remoteAddress
        account = nil
    }

    /// Story bodies are long; the newsroom reads forms up to this size.
    static let formLimit = 4 * 1024 * 1024

    var maxUploadSize: Int { Self.formLimit }

    /// The signed-in account, or a redirect to the sign-in page.
    func requireAccount() throws(NewsroomError) -> SignedInAccount {
        guard let account else { throw .signInRequired }
        return account
    }
}

/// A signed-in account and the session it signed in with.
struct SignedInAccount: Sendable {
    /// The account.
    let user: User
    /// The session's secret, from the cookie; forms are bound to it.
    let token: SessionToken

    /// The token every form on a newsroom page carries.
    var formToken: String { token.formToken }
}
