import Foundation
import Hummingbird

/// Turns newsroom refusals into pages: anonymous requests go to the sign-in page (coming back
/// afterwards for a page, to the newsroom's front for a form post); everything else gets a
/// page with its status and a way back.
struct NewsroomErrorMiddleware: RouterMiddleware {
    typealias Context = NewsroomRequestContext

    let desk: NewsroomDesk

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as NewsroomError {
            if case .signInRequired = error {
                var target = NewsroomPaths.login
                if request.method == .get, let here = NewsroomPaths.insideNewsroom(request.uri.string),
                    let encoded = here.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
                {
                    target += "?next=" + encoded
                }
                return .seeOtherPath(target)
            }
            let header =
                context.account.map { desk.header(for: $0, current: "") } ?? desk.anonymousHeader()
            let view = MessagePageView(
                header: header, heading: error.heading, message: error.message, status: Int(error.status.code))
            return try desk.respond(with: view, status: error.status)
        }
    }
}

/// A page that says one thing: a refusal, or a confirmation.
struct MessagePageView: NewsroomView {
    static let template = NewsroomTemplate.message
    let header: NewsroomHeader
    let heading: String
    let message: String
    let status: Int
}
