import DatelineCore
import DatelineStore
import Hummingbird

/// How the newsroom's management pages (sections, topics) take a change: the store's refusal of
/// a name or a text comes back as a sentence for the person, beside the form, with what they typed.
enum NewsroomStoreChange {
    /// Runs `change`; on success redirects to `page` with `?done=` and what `change` returned; when
    /// the store refuses the input, answers with `refused` given the first problem as a sentence.
    static func run(
        redirectingTo page: String, _ change: () async throws(StoreError) -> String,
        refused: (String) async throws -> Response
    ) async throws -> Response {
        // A Result rather than a typed catch clause: Swift 6.3 crashes compiling some of those.
        let result: Result<String, StoreError>
        do {
            result = .success(try await change())
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let done):
            return .seeOtherPath(page + "?done=\(done)")
        case .failure(.invalid(let error)):
            let message = error.problems.first?.message ?? "that cannot be done"
            return try await refused(message.prefix(1).uppercased() + message.dropFirst() + ".")
        case .failure(let other):
            throw other
        }
    }
}

extension NewsroomRequestContext {
    /// The `{slug}` path parameter; 404 naming `what` ("section", "topic") when it is not a slug.
    func slugParameter(naming what: String) throws(NewsroomError) -> Slug {
        guard let slug = parameters.get("slug").flatMap(Slug.init(validating:)) else {
            throw .notFound("There is no \(what) at this address.")
        }
        return slug
    }
}
