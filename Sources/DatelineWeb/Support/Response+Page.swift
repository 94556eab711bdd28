import Hummingbird

extension Response {
    /// An HTML page. A page that shows the reader's cookies (text size, saved list, form token)
    /// is for their browser only; one for a reader without cookies may be shared (see
    /// ``CachePolicy``). A page without a tag is never shared.
    static func page(_ html: String, status: HTTPResponse.Status = .ok, tag: EntityTag? = nil) -> Response {
        page(body: ByteBuffer(string: html), status: status, tag: tag)
    }

    /// A page whose HTML is already UTF-8 bytes (a rendered template).
    static func page(utf8 html: [UInt8], status: HTTPResponse.Status = .ok, tag: EntityTag? = nil) -> Response {
        page(body: ByteBuffer(bytes: html), status: status, tag: tag)
    }

    private static func page(body: ByteBuffer, status: HTTPResponse.Status, tag: EntityTag?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        setCaching(of: &headers, tag: status == .ok ? tag : nil)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// A 304 for a page whose tag the browser already holds.
    static func notModified(_ tag: EntityTag) -> Response {
        var headers = HTTPFields()
        setCaching(of: &headers, tag: tag)
        return Response(status: .notModified, headers: headers)
    }

    /// `Cache-Control`, `Vary`, `ETag` and `Last-Modified` for a page with `tag`.
    private static func setCaching(of headers: inout HTTPFields, tag: EntityTag?) {
        headers[.cacheControl] = (tag?.policy ?? .personal).cacheControl
        headers[.vary] = "Cookie"
        guard let tag else { return }
        headers[.eTag] = tag.headerValue
        if let lastModified = tag.lastModified { headers[.lastModified] = HTTPDate.format(lastModified) }
    }

    /// A 303 back to a page of this site after a form post, so reloading does not re-post.
    static func seeOther(_ destination: ReturnPath) -> Response {
        var headers = HTTPFields()
        headers[.location] = destination.path
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
