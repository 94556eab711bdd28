import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// Changing one's own password (`/newsroom/account/password`).
///
/// The current password is asked for first, and wrong guesses count in the same failure log as
/// sign-in, so a session left open on a shared computer cannot be used to guess or take over the
/// account. A change ends every session of the account, on every device, and this browser gets a
/// fresh one, so whoever holds an old session cookie is signed out.
struct AccountPasswordController: Sendable {
    let desk: NewsroomDesk

    static let path = "/newsroom/account/password"
    static let wrongPassword = "That is not your current password, so your password stays as it was."
    static let throttled =
        "Too many wrong passwords for this account. Wait a while and try again, or ask an admin of the newsroom."

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("account/password", use: show)
        router.post("account/password", use: change)
    }

    @Sendable func show(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        return try desk.respond(with: view(account: account, errors: [:]))
    }

    @Sendable func change(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form = try await account.postedFields(of: request)
        let current = try form.single("current_password") ?? ""
        let password = try form.single("password") ?? ""
        let confirmation = try form.single("password_confirmation") ?? ""
        var errors: [String: String] = [:]
        if let problem = PasswordHasher.problem(with: password) {
            errors["password"] = "For the new password, \(problem)."
        }
        if password != confirmation { errors["password_confirmation"] = "The two new passwords differ." }
        switch try await desk.signIn(
            email: account.user.email, password: current, clientAddress: context.clientAddress ?? "unknown")
        {
        case .signedIn: break
        case .throttled: errors["current_password"] = Self.throttled
        case .refused, .deactivated: errors["current_password"] = Self.wrongPassword
        }
        guard errors.isEmpty else {
            return try desk.respond(with: view(account: account, errors: errors), status: .unprocessableContent)
        }
        try await desk.store.setPasswordHash(await desk.hasher.hash(password), forUser: account.user.id)
        let (token, cookie) = try await desk.startSession(for: account.user)
        let renewed = SignedInAccount(user: account.user, token: token)
        var response = try desk.respond(
            with: AccountMessageView(
                header: desk.header(for: renewed, current: "account"), heading: "Your password is changed",
                message: "Your new password works now. Every other session of your account has been signed out.",
                linkURL: NewsroomPaths.root, linkLabel: "Back to the stories"))
        response.setCookie(cookie)
        return response
    }

    private func view(account: SignedInAccount, errors: [String: String]) -> PasswordFormView {
        PasswordFormView(
            header: desk.header(for: account, current: "account"), heading: "Change your password",
            intro:
                "Type your current password, then the new one twice. Once it is changed, every other session "
                + "of your account is signed out.",
            csrfToken: account.formToken, action: Self.path,
            fields: [
                FieldView(
                    name: "current_password", label: "Current password", value: "", error: errors["current_password"],
                    type: "password", autocomplete: "current-password"),
                FieldView(
                    name: "password", label: "New password (at least \(PasswordHasher.minimumLength) characters)",
                    value: "", error: errors["password"], type: "password", autocomplete: "new-password"),
                FieldView(
                    name: "password_confirmation", label: "New password again", value: "",
                    error: errors["password_confirmation"], type: "password", autocomplete: "new-password"),
            ],
            buttonLabel: "Change password")
    }
}
