import Hummingbird

/// A request the reader site refuses, with the status it deserves and a message fit to show the
/// reader. ``ErrorPageMiddleware`` turns these into proper pages.
enum ReaderError: Error, Sendable, HTTPResponseError {
    /// No published story, section or topic at this address.
    case notFound(String)
    /// The address or form is malformed (bad slug, bad page number, broken percent-encoding).
    case badRequest(String)
    /// A form arrived without a matching token: a stale page or a cross-site post.
    case formExpired
    /// The address exists but not for this method.
    case methodNotAllowed(allowed: [HTTPRequest.Method])
    /// A form body was larger than any of our forms can produce.
    case tooLarge
    /// The reader (or their address) reached a limit that protects others, such as mail sent per hour.
    case tooManyRequests(String)

    /// The HTTP status for the error.
    var status: HTTPResponse.Status {
        switch self {
        case .notFound: return .notFound
        case .badRequest: return .badRequest
        case .formExpired: return .forbidden
        case .methodNotAllowed: return .methodNotAllowed
        case .tooLarge: return .contentTooLarge
        case .tooManyRequests: return .tooManyRequests
        }
    }

    /// What the reader is told; never includes internal detail.
    var readerMessage: String {
        switch self {
        case .notFound(let message), .badRequest(let message), .tooManyRequests(let message): return message
        case .formExpired:
            return "This form has expired, so nothing was changed. Reload the page and try again."
        case .methodNotAllowed:
            return "This address cannot be used that way. Follow a link or use the buttons on the page."
        case .tooLarge: return "That form submission was too large to accept."
        }
    }

    /// Plain-text fallback used only where no error page renderer sits in front.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        if case .methodNotAllowed(let allowed) = self {
            headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: readerMessage)))
    }
}
