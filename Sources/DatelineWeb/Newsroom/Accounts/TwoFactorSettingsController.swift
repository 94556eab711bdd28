import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// Turning two-factor sign-in on and off from one's own account page
/// (`/newsroom/account/two-factor`): a new secret shown as base32 text and an `otpauth://` URI,
/// confirmed with a code, then ten recovery codes shown once.
struct TwoFactorSettingsController: Sendable {
    let desk: NewsroomDesk

    static let path = "/newsroom/account/two-factor"

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("account/two-factor", use: show)
        router.post("account/two-factor/start", use: start)
        router.post("account/two-factor/confirm", use: confirm)
        router.post("account/two-factor/disable", use: disable)
        router.post("users/{user}/two-factor/reset", use: resetForColleague)
    }

    static let notYourOwn = "Turn off your own two-factor sign-in from your account page, with your password."

    /// An admin turns off a colleague's two-factor sign-in (a lost or replaced phone, with no
    /// recovery codes left). Their password still works; if the site requires two-factor sign-in
    /// for their role, the next page they open sends them to set it up again.
    @Sendable func resetForColleague(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await account.postedFields(of: request)
        try desk.require(.manageUsers, for: account)
        guard let id = context.parameters.get("user").flatMap({ Int64($0) }),
            try await desk.store.user(id: id) != nil
        else { throw NewsroomError.notFound("There is no such account.") }
        guard id != account.user.id else { throw NewsroomError.conflict(Self.notYourOwn) }
        try await desk.accounts.disableTwoFactor(userID: id)
        return .seeOtherPath(NewsroomPaths.users)
    }

    @Sendable func show(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        return try await page(account: account)
    }

    @Sendable func start(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await account.postedFields(of: request)
        let totp = TOTP.random()
        let sealed = try sealer.seal(totp.secret, userID: account.user.id)
        guard try await desk.accounts.startTwoFactorSetup(userID: account.user.id, sealedSecret: sealed) else {
            throw NewsroomError.conflict("Two-factor sign-in is on already. Turn it off first to use a new app.")
        }
        return .seeOtherPath(Self.path)
    }

    @Sendable func confirm(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form = try await account.postedFields(of: request)
        let userID = account.user.id
        guard let setup = try await desk.accounts.twoFactor(userID: userID), !setup.isEnabled,
            let secret = sealer.open(setup.sealedSecret, userID: userID)
        else { return .seeOtherPath(Self.path) }
        let typed = try form.single("code") ?? ""
        guard let step = TOTP(secret: secret).matchingStep(for: typed, at: desk.configuration.now()) else {
            return try await page(
                account: account,
                codeError: "That code is not right. Type the 6 digits your app shows now for this newsroom.",
                status: .unprocessableContent)
        }
        let codes = RecoveryCodes.make()
        guard
            try await desk.accounts.enableTwoFactor(
                userID: userID, step: step, recoveryCodeDigests: codes.compactMap(RecoveryCodes.digest(of:)),
                at: desk.configuration.now())
        else { return .seeOtherPath(Self.path) }
        return try await page(account: account, recoveryCodes: codes)
    }

    @Sendable func disable(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form = try await account.postedFields(of: request)
        let password = try form.single("password") ?? ""
        let credentials = try await desk.store.credentials(email: account.user.email)
        guard await desk.hasher.verify(password, against: credentials?.passwordHash) else {
            return try await page(
                account: account, passwordError: "That is not your password, so two-factor sign-in stays on.",
                status: .unprocessableContent)
        }
        try await desk.accounts.disableTwoFactor(userID: account.user.id)
        return .seeOtherPath(Self.path)
    }

    private var sealer: TwoFactorSecretSealer { TwoFactorSecretSealer(key: desk.configuration.twoFactorKey) }

    private func page(
        account: SignedInAccount, codeError: String? = nil, passwordError: String? = nil,
        recoveryCodes: [String] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let userID = account.user.id
        let setup = try await desk.accounts.twoFactor(userID: userID)
        var secret: String?
        var uri: String?
        if let setup, !setup.isEnabled, let bytes = sealer.open(setup.sealedSecret, userID: userID) {
            let totp = TOTP(secret: bytes)
            secret = totp.base32Secret
            uri = totp.provisioningURI(
                account: account.user.email, issuer: desk.site.configuration.siteName + " newsroom")
        }
        let isEnabled = setup?.isEnabled == true
        let view = TwoFactorSettingsView(
            header: desk.header(for: account, current: "account"), isEnabled: isEnabled,
            isRequired: TwoFactorRequirement.applies(to: account.user, configuration: desk.configuration),
            secret: secret, uri: uri,
            qrCode: uri.flatMap { QRCode(text: $0) }?.svg(
                pixels: 220, label: "QR code to add this newsroom to an authenticator app"),
            code: FieldView(
                name: "code", label: "Code from your app", value: "", error: codeError, autocomplete: "one-time-code"),
            password: FieldView(
                name: "password", label: "Your password", value: "", error: passwordError, type: "password",
                autocomplete: "current-password"),
            recoveryCodes: recoveryCodes, hasRecoveryCodes: !recoveryCodes.isEmpty,
            remainingRecoveryCodes: isEnabled ? try await desk.accounts.unusedRecoveryCodes(userID: userID) : 0)
        return try desk.respond(with: view, status: status)
    }
}

/// The two-factor sign-in page of one's account.
struct TwoFactorSettingsView: NewsroomView {
    static let template = NewsroomTemplate.twoFactorSettings
    let header: NewsroomHeader
    let isEnabled: Bool
    /// The site requires it of this account's role.
    let isRequired: Bool
    /// The secret in base32 while set-up waits for a code.
    let secret: String?
    /// The `otpauth://` URI for the same secret.
    let uri: String?
    /// The same URI as a QR code (SVG drawn here, so no one else sees the secret).
    let qrCode: String?
    let code: FieldView
    let password: FieldView
    /// Shown once, right after turning it on.
    let recoveryCodes: [String]
    let hasRecoveryCodes: Bool
    let remainingRecoveryCodes: Int
}

/// The site's rule that editors and admins (or whoever the configuration names) must use
/// two-factor sign-in: until they turn it on, every newsroom page but the set-up page and
/// signing out sends them to set it up.
struct TwoFactorRequirement: RouterMiddleware {
    typealias Context = NewsroomRequestContext
    let desk: NewsroomDesk

    static func applies(to user: User, configuration: NewsroomConfiguration) -> Bool {
        guard let role = configuration.twoFactorRequiredFrom else { return false }
        return user.role >= role
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let account = context.account, Self.applies(to: account.user, configuration: desk.configuration)
        else { return try await next(request, context) }
        let path = request.uri.path
        if path.hasPrefix(TwoFactorSettingsController.path) || path == NewsroomPaths.logout {
            return try await next(request, context)
        }
        if try await desk.accounts.twoFactor(userID: account.user.id)?.isEnabled == true {
            return try await next(request, context)
        }
        if request.method == .get || request.method == .head { return .seeOtherPath(TwoFactorSettingsController.path) }
        throw NewsroomError.conflict(
            "This site requires two-factor sign-in for your role. Turn it on from your account page first.")
    }
}
