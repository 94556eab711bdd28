import DatelineStore
import Hummingbird

extension NewsroomDesk {
    /// The store's account management; both Dateline stores provide it.
    var accounts: any AccountStore {
        get throws(NewsroomError) {
            guard let store = store as? any AccountStore else {
                throw .notFound("This site's database cannot manage accounts.")
            }
            return store
        }
    }

    /// The form of a signed-in page, once its session-bound token has been checked.
    func postedForm(_ request: Request, account: SignedInAccount) async throws -> FormFields {
        var request = request
        let form = try await request.formFields(limit: 16 * 1024)
        guard account.token.acceptsFormToken(try form.single("csrf_token")) else { throw NewsroomError.formExpired }
        return form
    }
}
