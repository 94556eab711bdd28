import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// The admin API's author profiles: every account may list them (to credit stories by key);
/// editors and admins add and change them, as on `/newsroom/authors`.
extension AdminAPIController {
    func addAuthorRoutes(to routes: APIRouteRegistrar) {
        routes.add(.get, "authors", use: listAuthors)
        routes.add(.post, "authors", use: createAuthor)
        routes.add(.get, "authors/{id}", use: showAuthor)
        routes.add(.put, "authors/{id}", use: updateAuthor)
    }

    @Sendable func listAuthors(request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        let origin = desk.site.origin(for: request)
        let authors = try await desk.store.authors()
        return authorResponse(["authors": authors.map { APIStoryJSON.authorProfile($0, origin: origin) }])
    }

    @Sendable func showAuthor(request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requireAccount()
        guard let profile = try await desk.store.author(id: try authorID(context)) else {
            throw APIError.notFound("There is no author with this key.")
        }
        return authorResponse(APIStoryJSON.authorProfile(profile, origin: desk.site.origin(for: request)))
    }

    @Sendable func createAuthor(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard account.user.role >= .editor else { throw APIError.forbidden }
        var request = request
        let input = try Self.authorInput(try await request.apiJSONObject())
        let outcome: Result<AuthorProfile, StoreError>
        do {
            outcome = .success(try await desk.store.addAuthor(input))
        } catch {
            outcome = .failure(error)
        }
        let profile: AuthorProfile
        switch outcome {
        case .success(let added): profile = added
        case .failure(.invalid(let error)): throw Self.refusal(error)
        case .failure(let other): throw other
        }
        var response = authorResponse(
            APIStoryJSON.authorProfile(profile, origin: desk.site.origin(for: request)), status: .created)
        response.headers[.location] = "\(APIPaths.version1)/admin/authors/\(profile.author.id)"
        return response
    }

    @Sendable func updateAuthor(request: Request, context: APIRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        guard account.user.role >= .editor else { throw APIError.forbidden }
        let id = try authorID(context)
        var request = request
        let input = try Self.authorInput(try await request.apiJSONObject())
        let outcome: Result<AuthorProfile, StoreError>
        do {
            outcome = .success(try await desk.store.updateAuthor(id: id, with: input))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let profile):
            return authorResponse(APIStoryJSON.authorProfile(profile, origin: desk.site.origin(for: request)))
        case .failure(.notFound):
            throw APIError.notFound("There is no author with this key.")
        case .failure(.invalid(let error)):
            throw Self.refusal(error)
        case .failure(let other):
            throw other
        }
    }

    /// `{"name", "slug", "bio", "user_id"}` read strictly, as story bodies are.
    static func authorInput(_ object: [String: Any]) throws(APIError) -> AuthorInput {
        var problems: [String: String] = [:]
        let known: Set<String> = ["name", "slug", "bio", "user_id"]
        for key in object.keys where !known.contains(key) { problems[key] = "unknown field" }
        func text(_ key: String, limit: Int) -> String? {
            switch object[key] {
            case nil, is NSNull: return nil
            case let value as String:
                if value.unicodeScalars.count > limit { problems[key] = "longer than \(limit) characters" }
                return value
            default:
                problems[key] = "must be a string or null"
                return nil
            }
        }
        let name = text("name", limit: AuthorLimits.nameLength)
        if object["name"] == nil || object["name"] is NSNull { problems["name"] = "required" }
        let slug = text("slug", limit: Slug.maximumLength)
        let bio = text("bio", limit: AuthorLimits.bioLength)
        var userID: Int64?
        switch object["user_id"] {
        case nil, is NSNull: break
        case let number as NSNumber
        where String(cString: number.objCType) != "c" && Int64(exactly: number.doubleValue).map({ $0 >= 1 }) == true:
            userID = Int64(exactly: number.doubleValue)
        default: problems["user_id"] = "must be an account id or null"
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        return AuthorInput(name: name ?? "", slug: slug, bio: bio, userID: userID)
    }

    /// The store's refusal of a profile, worded for an author rather than a story.
    static func refusal(_ error: StoryValidationError) -> APIError {
        var fields: [String: String] = [:]
        for problem in error.problems where fields[problem.field] == nil { fields[problem.field] = problem.message }
        return APIError(
            status: .unprocessableContent, code: "validation_failed",
            message: "The author was not saved: " + error.problems.map(\.message).joined(separator: "; ") + ".",
            fields: fields)
    }

    private func authorID(_ context: APIRequestContext) throws(APIError) -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw .notFound("There is no author at this address.")
        }
        return id
    }

    private func authorResponse(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        var response = Response.json(object, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
