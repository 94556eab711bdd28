import Hummingbird

extension Router where Context == ReaderRequestContext {
    /// Answers `methods` at `path` with a 405 page naming the `allowed` ones, instead of the
    /// router's default 404: the address exists, it just is not used that way.
    func refuse(_ methods: [HTTPRequest.Method], at path: RouterPath, allowing allowed: [HTTPRequest.Method]) {
        for method in methods {
            on(path, method: method) { _, _ -> Response in throw ReaderError.methodNotAllowed(allowed: allowed) }
        }
    }

    /// Refuses every method that changes things at a read-only page.
    func refuseWrites(at path: RouterPath) {
        refuse([.post, .put, .delete, .patch], at: path, allowing: [.get, .head])
    }
}
