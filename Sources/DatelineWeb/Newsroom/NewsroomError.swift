import Hummingbird

/// A newsroom request refused, with the status it deserves and words for the person at the desk.
enum NewsroomError: Error, Sendable, HTTPResponseError {
    /// Nobody is signed in; the answer is a redirect to the sign-in page.
    case signInRequired
    /// The account's role does not allow this.
    case forbidden
    /// The form did not carry this session's token.
    case formExpired
    /// No such story, revision or account.
    case notFound(String)
    /// The request is malformed.
    case badRequest(String)
    /// The action does not fit the story's state ("already published").
    case conflict(String)

    var status: HTTPResponse.Status {
        switch self {
        case .signInRequired: return .seeOther
        case .forbidden, .formExpired: return .forbidden
        case .notFound: return .notFound
        case .badRequest: return .badRequest
        case .conflict: return .conflict
        }
    }

    /// The page's heading.
    var heading: String {
        switch self {
        case .signInRequired: return "Sign in"
        case .forbidden: return "Not allowed"
        case .formExpired: return "Form expired"
        case .notFound: return "Not found"
        case .badRequest: return "Bad request"
        case .conflict: return "Cannot do that now"
        }
    }

    /// What the person is told; never internal detail.
    var message: String {
        switch self {
        case .signInRequired: return "Sign in to use the newsroom."
        case .forbidden: return "Your role does not allow this. Ask an editor or an admin."
        case .formExpired: return "This form has expired, so nothing was changed. Reload the page and try again."
        case .notFound(let message), .badRequest(let message), .conflict(let message): return message
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message)))
    }
}
