import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// Turning accounts off and on again (`/newsroom/users/{user}/deactivate`, `…/reactivate`), for
/// admins. A turned-off account cannot sign in, and its sessions and API tokens stop working at
/// once: the store ends its sessions, and every request reads the account's state afresh.
struct AccountActivationController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.post("users/{user}/deactivate") { request, context in
            try await change(request: request, context: context, active: false)
        }
        router.post("users/{user}/reactivate") { request, context in
            try await change(request: request, context: context, active: true)
        }
    }

    static let notYourself =
        "You cannot turn off your own account. Ask another admin, so the newsroom always keeps one."
    static let lastAdmin =
        "This is the last active admin, so it stays on. Make another account an admin first."

    func change(request: Request, context: NewsroomRequestContext, active: Bool) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await account.postedFields(of: request)
        try desk.require(.manageUsers, for: account)
        guard let id = context.parameters.get("user").flatMap({ Int64($0) }) else {
            throw NewsroomError.notFound("There is no such account.")
        }
        guard id != account.user.id else { throw NewsroomError.conflict(Self.notYourself) }
        switch try await desk.accounts.setActive(active, userID: id, at: desk.configuration.now()) {
        case .changed: return .seeOtherPath(NewsroomPaths.users)
        case .unknownAccount: throw NewsroomError.notFound("There is no such account.")
        case .lastActiveAdmin: throw NewsroomError.conflict(Self.lastAdmin)
        }
    }
}
