import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// Signing in and out (`/newsroom/login`, `/newsroom/logout`) and the one-time set-up link that
/// makes the first admin (`/newsroom/setup/{token}`).
struct LoginController: Sendable {
    let desk: NewsroomDesk

    /// What the page says for every refused sign-in, whether or not the account exists.
    static let refusal = "That e-mail address and password do not match an account."
    /// What the page says when the password is right but the account has been turned off.
    static let deactivated =
        "This account has been turned off, so it cannot sign in. Ask an admin of the newsroom to turn it back on."
    /// What the page says while sign-ins are throttled.
    static let throttled =
        "Too many failed sign-ins for this account or from this network. Wait 15 minutes and try again."

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("login", use: loginForm)
        router.post("login", use: login)
        router.post("logout", use: logout)
        router.get("setup/{token}", use: setupForm)
        router.post("setup/{token}", use: setup)
    }

    @Sendable func loginForm(request: Request, context: NewsroomRequestContext) async throws -> Response {
        if context.account != nil { return .seeOtherPath(NewsroomPaths.root) }
        let next = NewsroomPaths.insideNewsroom(try context.query.single("next"))
        return try desk.respond(with: loginView(context: context, email: "", next: next, message: nil))
    }

    @Sendable func login(request: Request, context: NewsroomRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formFields(limit: 16 * 1024)
        try context.reader.verifyFormToken(in: form)
        let email = try form.single("email") ?? ""
        let password = try form.single("password") ?? ""
        let next = NewsroomPaths.insideNewsroom(try form.single("next"))
        let outcome = try await desk.signIn(
            email: email, password: password, clientAddress: context.clientAddress ?? "unknown")
        switch outcome {
        case .throttled:
            return try desk.respond(
                with: loginView(context: context, email: email, next: next, message: Self.throttled),
                status: .tooManyRequests)
        case .refused:
            return try desk.respond(
                with: loginView(context: context, email: email, next: next, message: Self.refusal),
                status: .unauthorized)
        case .deactivated:
            return try desk.respond(
                with: loginView(context: context, email: email, next: next, message: Self.deactivated),
                status: .forbidden)
        case .signedIn(let user):
            // With two-factor sign-in on, the password earns only the chance to type a code.
            if let challenge = try await TwoFactorSignIn(desk: desk).challenge(for: user, next: next) {
                return challenge
            }
            // A session the browser brought along is never promoted: the signed-in session is new.
            if let old = request.cookies[NewsroomCookies.sessionName].flatMap({ SessionToken(validating: $0.value) }) {
                try await desk.store.deleteSession(digest: old.digest)
            }
            let (_, cookie) = try await desk.startSession(for: user)
            var response = Response.seeOtherPath(next ?? NewsroomPaths.root)
            response.setCookie(cookie)
            return response
        }
    }

    @Sendable func logout(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        var request = request
        let form = try await request.formFields(limit: 16 * 1024)
        guard account.token.acceptsFormToken(try form.single("csrf_token")) else { throw NewsroomError.formExpired }
        try await desk.store.deleteSession(digest: account.token.digest)
        var response = Response.seeOtherPath(NewsroomPaths.login)
        response.setCookie(desk.cookies.cleared())
        return response
    }

    @Sendable func setupForm(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        try await requireValidSetupLink(token)
        return try desk.respond(with: setupView(context: context, token: token, fields: [:], errors: [:]))
    }

    @Sendable func setup(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        var request = request
        let form = try await request.formFields(limit: 16 * 1024)
        try context.reader.verifyFormToken(in: form)
        try await requireValidSetupLink(token)
        let name = (try form.single("name") ?? "").collapsingWhitespace()
        let email = User.normalizedEmail(try form.single("email") ?? "")
        let password = try form.single("password") ?? ""
        let confirmation = try form.single("password_confirmation") ?? ""
        var errors: [String: String] = [:]
        if name.isEmpty { errors["name"] = "Enter your name." }
        if !User.isPlausibleEmail(email) { errors["email"] = "Enter an e-mail address such as jane@example.com." }
        if let problem = PasswordHasher.problem(with: password) { errors["password"] = "For the password, \(problem)." }
        if password != confirmation { errors["password_confirmation"] = "The two passwords differ." }
        guard errors.isEmpty else {
            return try desk.respond(
                with: setupView(
                    context: context, token: token, fields: ["name": name, "email": email], errors: errors),
                status: .unprocessableContent)
        }
        let hash = await desk.hasher.hash(password)
        guard
            let admin = try await desk.store.createFirstAdmin(
                email: email, name: name, passwordHash: hash, setupTokenDigest: SessionToken.hexDigest(token),
                now: desk.configuration.now())
        else { throw NewsroomError.notFound(Self.usedLink) }
        let (_, cookie) = try await desk.startSession(for: admin)
        var response = Response.seeOtherPath(NewsroomPaths.root)
        response.setCookie(cookie)
        return response
    }

    static let usedLink = "This set-up link has been used or has expired. Ask the person running the server."

    private func requireValidSetupLink(_ token: String) async throws {
        guard token.utf8.count <= 128,
            try await desk.store.isSetupTokenValid(
                digest: SessionToken.hexDigest(token), now: desk.configuration.now()),
            try await desk.store.userCount() == 0
        else { throw NewsroomError.notFound(Self.usedLink) }
    }

    private func loginView(context: NewsroomRequestContext, email: String, next: String?, message: String?)
        -> LoginPageView
    {
        LoginPageView(
            header: desk.anonymousHeader(), csrfToken: context.reader.csrfToken.value, email: email, next: next,
            message: message)
    }

    private func setupView(
        context: NewsroomRequestContext, token: String, fields: [String: String], errors: [String: String]
    ) -> SetupPageView {
        SetupPageView(
            header: desk.anonymousHeader(), csrfToken: context.reader.csrfToken.value,
            action: NewsroomPaths.setup(token),
            fields: [
                FieldView(name: "name", label: "Your name", value: fields["name"] ?? "", error: errors["name"]),
                FieldView(
                    name: "email", label: "E-mail address", value: fields["email"] ?? "", error: errors["email"],
                    type: "email", autocomplete: "username"),
                FieldView(
                    name: "password", label: "Password (at least \(PasswordHasher.minimumLength) characters)",
                    value: "", error: errors["password"], type: "password", autocomplete: "new-password"),
                FieldView(
                    name: "password_confirmation", label: "Password again", value: "",
                    error: errors["password_confirmation"], type: "password", autocomplete: "new-password"),
            ])
    }
}

/// The sign-in page.
struct LoginPageView: NewsroomView {
    static let template = NewsroomTemplate.login
    let header: NewsroomHeader
    /// The reader-side double-submit token: there is no session to bind to yet.
    let csrfToken: String
    let email: String
    let next: String?
    /// The refusal or throttling message, shown above the form.
    let message: String?
}

/// The first-admin set-up page.
struct SetupPageView: NewsroomView {
    static let template = NewsroomTemplate.setup
    let header: NewsroomHeader
    let csrfToken: String
    let action: String
    let fields: [FieldView]
}
