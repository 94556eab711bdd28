import Hummingbird

extension Response {
    /// An HTML page. Pages depend on the reader's cookies (text size, saved list, form token),
    /// so shared caches must not keep them and browsers must revalidate with the ETag.
    static func page(_ html: String, status: HTTPResponse.Status = .ok, tag: EntityTag? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "private, no-cache"
        headers[.vary] = "Cookie"
        if let tag { headers[.eTag] = tag.headerValue }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A 304 for a page whose tag the browser already holds.
    static func notModified(_ tag: EntityTag) -> Response {
        var headers = HTTPFields()
        headers[.eTag] = tag.headerValue
        headers[.cacheControl] = "private, no-cache"
        headers[.vary] = "Cookie"
        return Response(status: .notModified, headers: headers)
    }

    /// A 303 back to a page of this site after a form post, so reloading does not re-post.
    static func seeOther(_ destination: ReturnPath) -> Response {
        var headers = HTTPFields()
        headers[.location] = destination.path
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
