import Hummingbird

extension Response {
    /// A non-HTML document (feed, sitemap, robots.txt) that is the same for every reader, with
    /// its validators and caching rules.
    static func document(_ text: String, contentType: String, tag: EntityTag, policy: CachePolicy) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        setValidators(of: &headers, tag: tag, policy: policy)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 304 for a document whose tag the client already holds.
    static func notModified(_ tag: EntityTag, policy: CachePolicy) -> Response {
        var headers = HTTPFields()
        setValidators(of: &headers, tag: tag, policy: policy)
        return Response(status: .notModified, headers: headers)
    }

    private static func setValidators(of headers: inout HTTPFields, tag: EntityTag, policy: CachePolicy) {
        headers[.cacheControl] = policy.cacheControl
        headers[.eTag] = tag.headerValue
        if let lastModified = tag.lastModified { headers[.lastModified] = HTTPDate.format(lastModified) }
    }
}
