import Hummingbird

extension Response {
    /// A 303 to a path of this site after a newsroom form post, so reloading does not re-post.
    static func seeOtherPath(_ path: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = path
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
