import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// "Forgot your password?" (`/newsroom/password/forgot`) and the one-time link it mails
/// (`/newsroom/password/reset/{token}`).
///
/// The answer to a request never says whether the address has an account: the page is the same
/// and takes at least ``minimumAnswerTime`` either way. Requests are counted per address and per
/// client in the failed sign-in log; an address over its limit silently gets no more mail.
struct PasswordResetController: Sendable {
    let desk: NewsroomDesk

    /// What every accepted request is told.
    static let sent =
        "If an account exists for that address, we've sent a link to set a new password. "
        + "It works once, for one hour. If nothing arrives, check your spam folder or ask an admin of the newsroom."
    static let noMail =
        "This site has no mail server, so it cannot send a link to set a new password. "
        + "Ask an admin of the newsroom for help."
    static let throttled = "Too many requests for new passwords from this network. Wait an hour and try again."
    static let unusableLink =
        "This link to set a new password has expired, has been used, or your password has changed since it was sent. "
        + "Links work once, for one hour. Ask for a new one."

    /// Mails to one address per ``window``.
    static let perAddressLimit = 3
    /// Requests from one client address per ``window``.
    static let perClientLimit = 10
    static let window: TimeInterval = 3_600
    /// The shortest time an answer takes, so the work done for a known address does not show.
    static let minimumAnswerTime: Duration = .milliseconds(300)

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("password/forgot", use: forgotForm)
        router.post("password/forgot", use: forgot)
        router.get("password/reset/{token}", use: resetForm)
        router.post("password/reset/{token}", use: reset)
    }

    @Sendable func forgotForm(request: Request, context: NewsroomRequestContext) async throws -> Response {
        try desk.respond(with: forgotView(context: context, email: "", error: nil))
    }

    @Sendable func forgot(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        let form = try await request.formFields(limit: 16 * 1024)
        try context.reader.verifyFormToken(in: form)
        let mail = AccountMail(desk: desk)
        guard mail.isAvailable else {
            return try desk.respond(with: forgotView(context: context, email: "", error: nil), status: .notFound)
        }
        let email = User.normalizedEmail(try form.single("email") ?? "")
        guard User.isPlausibleEmail(email) else {
            return try desk.respond(
                with: forgotView(
                    context: context, email: email, error: "Enter an e-mail address such as jane@example.com."),
                status: .unprocessableContent)
        }
        let now = desk.configuration.now()
        let client = "password-reset:" + (context.clientAddress ?? "unknown")
        let account = "password-reset:" + email
        let counts = try await desk.store.loginFailures(
            account: account, clientAddress: client, since: now.addingTimeInterval(-Self.window))
        guard counts.clientAddress < Self.perClientLimit else {
            return try desk.respond(
                with: AccountMessageView(
                    header: desk.anonymousHeader(), heading: "Try again later", message: Self.throttled,
                    linkURL: NewsroomPaths.login, linkLabel: "Back to sign in"),
                status: .tooManyRequests)
        }
        try await desk.store.recordLoginFailure(account: account, clientAddress: client, at: now)
        if counts.account < Self.perAddressLimit, let user = try await desk.store.credentials(email: email)?.user,
            user.isActive
        {
            let token = SessionToken.random()
            if try await desk.accounts.createPasswordReset(
                digest: SessionToken.hexDigest(token.value), userID: user.id, at: now)
            {
                try await mail.sendPasswordReset(
                    to: user.email, name: user.name, path: NewsroomPaths.passwordReset(token.value))
            }
        }
        try? await Task.sleep(until: started + Self.minimumAnswerTime)
        return try desk.respond(
            with: AccountMessageView(
                header: desk.anonymousHeader(), heading: "Check your e-mail", message: Self.sent,
                linkURL: NewsroomPaths.login, linkLabel: "Back to sign in"))
    }

    @Sendable func resetForm(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard try await usableUser(token) != nil else { return try unusable() }
        return try desk.respond(with: resetView(context: context, token: token, errors: [:]))
    }

    @Sendable func reset(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        var request = request
        let form = try await request.formFields(limit: 16 * 1024)
        try context.reader.verifyFormToken(in: form)
        guard try await usableUser(token) != nil else { return try unusable() }
        let password = try form.single("password") ?? ""
        let confirmation = try form.single("password_confirmation") ?? ""
        var errors: [String: String] = [:]
        if let problem = PasswordHasher.problem(with: password) { errors["password"] = "For the password, \(problem)." }
        if password != confirmation { errors["password_confirmation"] = "The two passwords differ." }
        guard errors.isEmpty else {
            return try desk.respond(
                with: resetView(context: context, token: token, errors: errors), status: .unprocessableContent)
        }
        let hash = await desk.hasher.hash(password)
        guard
            let user = try await desk.accounts.completePasswordReset(
                digest: SessionToken.hexDigest(token), passwordHash: hash, now: desk.configuration.now())
        else { return try unusable() }
        try await desk.store.clearLoginFailures(account: user.email)
        var response = try desk.respond(
            with: AccountMessageView(
                header: desk.anonymousHeader(), heading: "Your password is changed",
                message:
                    "Your new password works now. Every session of your account has been signed out, on every device.",
                linkURL: NewsroomPaths.login, linkLabel: "Sign in with your new password"))
        // Signed in here before, this browser's session has just ended too.
        if request.cookies[NewsroomCookies.sessionName] != nil { response.setCookie(desk.cookies.cleared()) }
        return response
    }

    private func usableUser(_ token: String) async throws -> User? {
        guard token.utf8.count <= 128 else { return nil }
        return try await desk.accounts.passwordResetUser(
            digest: SessionToken.hexDigest(token), now: desk.configuration.now())
    }

    private func unusable() throws -> Response {
        try desk.respond(
            with: AccountMessageView(
                header: desk.anonymousHeader(), heading: "This link no longer works", message: Self.unusableLink,
                linkURL: NewsroomPaths.forgotPassword, linkLabel: "Ask for a new link"),
            status: .gone)
    }

    private func forgotView(context: NewsroomRequestContext, email: String, error: String?) -> ForgotPasswordView {
        ForgotPasswordView(
            header: desk.anonymousHeader(), csrfToken: context.reader.csrfToken.value,
            email: FieldView(
                name: "email", label: "E-mail address", value: email, error: error, type: "email",
                autocomplete: "email"),
            unavailable: AccountMail(desk: desk).isAvailable ? nil : Self.noMail)
    }

    private func resetView(context: NewsroomRequestContext, token: String, errors: [String: String])
        -> PasswordFormView
    {
        PasswordFormView(
            header: desk.anonymousHeader(), heading: "Set a new password",
            intro: "Choose a new password. Once it is set, every session of your account is signed out.",
            csrfToken: context.reader.csrfToken.value, action: NewsroomPaths.passwordReset(token),
            fields: Self.passwordFields(errors: errors), buttonLabel: "Set the new password")
    }

    /// A new password and its confirmation, as every form that sets one asks for them.
    static func passwordFields(errors: [String: String]) -> [FieldView] {
        [
            FieldView(
                name: "password", label: "New password (at least \(PasswordHasher.minimumLength) characters)",
                value: "", error: errors["password"], type: "password", autocomplete: "new-password"),
            FieldView(
                name: "password_confirmation", label: "New password again", value: "",
                error: errors["password_confirmation"], type: "password", autocomplete: "new-password"),
        ]
    }
}
