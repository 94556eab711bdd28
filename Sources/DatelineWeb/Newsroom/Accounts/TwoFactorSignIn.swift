import Crypto
import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// The second step of signing in, for accounts with two-factor sign-in on: after the right
/// password the browser holds only a short-lived half-signed-in cookie, which is worth nothing
/// but the chance to type a code (`/newsroom/login/code`). A full session starts after the code.
struct TwoFactorSignIn: Sendable {
    let desk: NewsroomDesk

    /// The half-signed-in cookie's name.
    static let cookieName = "dateline_newsroom_2fa"
    /// How long the person has to type the code.
    static let lifetime: TimeInterval = 5 * 60
    static let path = "/newsroom/login/code"

    static let wrongCode =
        "That code is not right. Type the 6 digits your authenticator app shows now, or one of your recovery codes."
    static let reusedCode =
        "That code has been used already. Wait for your app to show the next code, and type that one."
    static let expired = "Signing in took too long, so it has been cancelled. Sign in again with your password."
    static let throttled = "Too many wrong codes for this account. Wait 15 minutes and sign in again."

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("login/code", use: codeForm)
        router.post("login/code", use: checkCode)
    }

    /// Called after a right password: nil when the account has no two-factor sign-in (sign in at
    /// once), else the redirect to the code page with the half-signed-in cookie.
    func challenge(for user: User, next: String?) async throws -> Response? {
        guard try await desk.accounts.twoFactor(userID: user.id)?.isEnabled == true else { return nil }
        let token = SessionToken.random()
        let now = desk.configuration.now()
        try await desk.accounts.createSignInChallenge(
            digest: token.digest, userID: user.id, expiresAt: now.addingTimeInterval(Self.lifetime))
        var target = Self.path
        if let next, let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
            target += "?next=" + encoded
        }
        var response = Response.seeOtherPath(target)
        response.setCookie(cookie(token.value, maxAge: Int(Self.lifetime)))
        return response
    }

    @Sendable func codeForm(request: Request, context: NewsroomRequestContext) async throws -> Response {
        guard try await pendingUser(request) != nil else { return try restart() }
        let next = NewsroomPaths.insideNewsroom(try context.query.single("next"))
        return try desk.respond(with: view(context: context, next: next, message: nil))
    }

    @Sendable func checkCode(request: Request, context: NewsroomRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formFields(limit: 16 * 1024)
        try context.reader.verifyFormToken(in: form)
        let next = NewsroomPaths.insideNewsroom(try form.single("next"))
        guard let token = challengeToken(request), let user = try await pendingUser(request) else {
            return try restart()
        }
        let now = desk.configuration.now()
        let failureName = "two-factor:" + user.email
        let client = context.clientAddress ?? "unknown"
        let failures = try await desk.store.loginFailures(
            account: failureName, clientAddress: client,
            since: now.addingTimeInterval(-desk.configuration.failureWindow))
        if failures.account >= desk.configuration.accountFailureLimit {
            try await desk.accounts.deleteSignInChallenge(digest: token.digest, now: now)
            var response = try desk.respond(
                with: view(context: context, next: next, message: Self.throttled), status: .tooManyRequests)
            response.setCookie(cookie("", maxAge: 0))
            return response
        }
        let typed = try form.single("code") ?? ""
        switch try await verify(typed, for: user, at: now) {
        case .accepted:
            try await desk.store.clearLoginFailures(account: failureName)
            try await desk.accounts.deleteSignInChallenge(digest: token.digest, now: now)
            if let old = request.cookies[NewsroomCookies.sessionName].flatMap({ SessionToken(validating: $0.value) }) {
                try await desk.store.deleteSession(digest: old.digest)
            }
            let (_, session) = try await desk.startSession(for: user)
            var response = Response.seeOtherPath(next ?? NewsroomPaths.root)
            response.setCookie(session)
            response.setCookie(cookie("", maxAge: 0))
            return response
        case .reused:
            return try desk.respond(
                with: view(context: context, next: next, message: Self.reusedCode), status: .unauthorized)
        case .wrong:
            try await desk.store.recordLoginFailure(account: failureName, clientAddress: client, at: now)
            return try desk.respond(
                with: view(context: context, next: next, message: Self.wrongCode), status: .unauthorized)
        }
    }

    /// What a typed code came to.
    enum Verdict: Sendable {
        case accepted
        case reused
        case wrong
    }

    /// Checks a TOTP code (each step once) or an unused recovery code.
    func verify(_ typed: String, for user: User, at now: Date) async throws -> Verdict {
        guard let setup = try await desk.accounts.twoFactor(userID: user.id), setup.isEnabled,
            let secret = TwoFactorSecretSealer(key: desk.configuration.twoFactorKey).open(
                setup.sealedSecret, userID: user.id)
        else { return .wrong }
        if let step = TOTP(secret: secret).matchingStep(for: typed, at: now) {
            return try await desk.accounts.useTwoFactorStep(step, userID: user.id) ? .accepted : .reused
        }
        if let digest = RecoveryCodes.digest(of: typed),
            try await desk.accounts.useRecoveryCode(digest: digest, userID: user.id, at: now)
        {
            return .accepted
        }
        return .wrong
    }

    private func challengeToken(_ request: Request) -> SessionToken? {
        request.cookies[Self.cookieName].flatMap { SessionToken(validating: $0.value) }
    }

    private func pendingUser(_ request: Request) async throws -> User? {
        guard let token = challengeToken(request) else { return nil }
        return try await desk.accounts.signInChallengeUser(digest: token.digest, now: desk.configuration.now())
    }

    private func restart() throws -> Response {
        var response = try desk.respond(
            with: AccountMessageView(
                header: desk.anonymousHeader(), heading: "Sign in again", message: Self.expired,
                linkURL: NewsroomPaths.login, linkLabel: "Sign in"),
            status: .unauthorized)
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    private func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: Self.cookieName, value: value, maxAge: maxAge, path: "/newsroom", secure: desk.cookies.secure,
            httpOnly: true, sameSite: .lax)
    }

    private func view(context: NewsroomRequestContext, next: String?, message: String?) -> TwoFactorCodeView {
        TwoFactorCodeView(
            header: desk.anonymousHeader(), csrfToken: context.reader.csrfToken.value, next: next, message: message)
    }
}

/// The page asking for the code after the password.
struct TwoFactorCodeView: NewsroomView {
    static let template = NewsroomTemplate.twoFactorCode
    let header: NewsroomHeader
    let csrfToken: String
    let next: String?
    let message: String?
}

/// One-time recovery codes: ten of them, ten base32 characters each ("ABCDE-FGHJK"), kept only as
/// SHA-256 digests of their normalised form.
enum RecoveryCodes {
    static let count = 10

    static func make() -> [String] {
        (0..<count).map { _ in
            let text = Base32.encode(SymmetricKey(size: .init(bitCount: 64)).withUnsafeBytes { Array($0) })
            return String(text.prefix(5)) + "-" + String(text.dropFirst(5).prefix(5))
        }
    }

    /// The digest of a typed recovery code (any case, spaces and dashes ignored); nil when it
    /// cannot be one.
    static func digest(of typed: String) -> String? {
        let normalized = typed.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard normalized.count == 10, Base32.decode(normalized) != nil else { return nil }
        return SessionToken.hexDigest(normalized)
    }
}
