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
}
