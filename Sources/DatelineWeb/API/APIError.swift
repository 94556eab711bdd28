import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird

/// An API request refused: a stable snake_case `code` for programs, a `message` for people,
/// and for validation failures the problem with each field. Always rendered as JSON.
struct APIError: Error, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var fields: [String: String] = [:]
    /// The stories a refusal is about (a media item published stories use), listed with it.
    var stories: [Int64] = []
    /// Extra headers the refusal needs (`WWW-Authenticate`, `Allow`, `Retry-After`).
    var headers: [(HTTPField.Name, String)] = []

    static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(status: .badRequest, code: code, message: message)
    }

    static func notFound(_ message: String = "There is nothing at this address.") -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    static func unauthorized(_ message: String, code: String = "unauthorized") -> APIError {
        APIError(
            status: .unauthorized, code: code, message: message,
            headers: [(.wwwAuthenticate, "Bearer realm=\"dateline\"")])
    }

    static let forbidden = APIError(
        status: .forbidden, code: "forbidden", message: "The token's account role does not allow this.")

    static func conflict(_ message: String) -> APIError {
        APIError(status: .conflict, code: "conflict", message: message)
    }

    static func preconditionFailed(latest: Int) -> APIError {
        APIError(
            status: .preconditionFailed, code: "stale_revision",
            message:
                "The story was saved by someone else since (its ETag is now \(StoryRevisionTag.tag(for: latest))); read it again, reapply your change and send the new ETag in If-Match."
        )
    }

    static let preconditionRequired = APIError(
        status: .preconditionRequired, code: "if_match_required",
        message:
            "Send the story's ETag (from GET) in an If-Match header, so a save cannot overwrite someone else's; If-Match: * saves over any version."
    )

    static let badPrecondition = APIError(
        status: .preconditionFailed, code: "stale_revision",
        message: "If-Match must be the story's ETag as GET returned it (such as \"r3\"), or *.")

    static func methodNotAllowed(_ allowed: [HTTPRequest.Method]) -> APIError {
        APIError(
            status: .methodNotAllowed, code: "method_not_allowed", message: "This address does not accept that method.",
            headers: [(.allow, allowed.map(\.rawValue).joined(separator: ", "))])
    }

    static let tooLarge = APIError(
        status: .contentTooLarge, code: "body_too_large",
        message: "The request body is larger than \(APILimits.bodyBytes / 1024) KB.")

    static let unsupportedMediaType = APIError(
        status: .unsupportedMediaType, code: "unsupported_media_type",
        message: "Send the request body as application/json.")

    static let throttled = APIError(
        status: .tooManyRequests, code: "too_many_failures",
        message: "Too many failed token checks from this address; wait a few minutes and try again.",
        headers: [(.retryAfter, "900")])

    static let unavailable = APIError(
        status: .serviceUnavailable, code: "database_unavailable",
        message: "The database cannot be reached for a moment; try again in a few seconds.",
        headers: [(.retryAfter, "5")])

    static let internalError = APIError(
        status: .internalServerError, code: "internal_error",
        message: "Something went wrong on our side; the request may not have been completed.")

    /// A validation failure, one message per field.
    static func invalid(_ error: StoryValidationError) -> APIError {
        var fields: [String: String] = [:]
        for problem in error.problems where fields[problem.field] == nil {
            fields[problem.field] = problem.message
        }
        return APIError(
            status: .unprocessableContent, code: "validation_failed",
            message: "The story is not valid: " + error.problems.map(\.message).joined(separator: "; ") + ".",
            fields: fields)
    }

    /// A request body that is JSON but not the shape the operation takes.
    static func invalidFields(_ fields: [String: String]) -> APIError {
        APIError(
            status: .unprocessableContent, code: "validation_failed",
            message: "Some fields are missing or of the wrong type.", fields: fields)
    }

    /// The JSON answer.
    func response() -> Response {
        var object: [String: Any] = ["code": code, "message": message]
        if !fields.isEmpty { object["fields"] = fields }
        if !stories.isEmpty {
            object["stories"] = stories.map { ["id": $0, "url": "\(APIPaths.version1)/admin/stories/\($0)"] }
        }
        var response = Response.json(["error": object], status: status)
        response.headers[.cacheControl] = "no-store"
        for (name, value) in headers { response.headers[name] = value }
        return response
    }

    /// Any error a handler or the framework threw, as the API reports it. Unknown errors become
    /// a 500 without detail (the caller logs them).
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as NewsroomError:
            switch error {
            case .forbidden, .formExpired, .signInRequired: return .forbidden
            case .notFound(let message): return .notFound(message)
            case .badRequest(let message): return .badRequest(message)
            case .conflict(let message): return .conflict(message)
            }
        case let error as ReaderError:
            switch error {
            case .notFound(let message): return .notFound(message)
            case .badRequest(let message): return .badRequest(message, code: "bad_query")
            case .formExpired: return .forbidden
            case .methodNotAllowed(let allowed): return .methodNotAllowed(allowed)
            case .tooLarge: return .tooLarge
            case .tooManyRequests: return .throttled
            }
        case let error as StoreError:
            switch error {
            case .invalid(let problems): return .invalid(problems)
            case .notFound(let id): return .notFound("There is no story \(id).")
            case .unavailable: return .unavailable
            case .failed: return nil
            case .stale(let latest):
                return .conflict(
                    "The story was saved by someone else since (its latest revision is \(latest)); read it again and reapply your change."
                )
            }
        case let error as any HTTPResponseError where error.status.code < 500:
            if error.status == .contentTooLarge { return .tooLarge }
            if error.status == .notFound { return .notFound() }
            return APIError(
                status: error.status, code: "http_\(error.status.code)",
                message: error.status.reasonPhrase.isEmpty ? "The request was refused." : error.status.reasonPhrase)
        default:
            return nil
        }
    }
}

/// Size limits of the APIs.
enum APILimits {
    /// The largest JSON request body accepted.
    static let bodyBytes = 1024 * 1024
    /// The most stories on one page of a list.
    static let maximumPerPage = 100
    /// Stories per page when the client does not say.
    static let defaultPerPage = 20
}

extension Response {
    /// A JSON response from a JSONSerialization-compatible value, sorted keys, UTF-8.
    static func json(_ value: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data =
            (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
