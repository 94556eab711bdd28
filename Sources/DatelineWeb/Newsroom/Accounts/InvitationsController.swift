import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// Invitations by e-mail: admins invite, send again and revoke (`/newsroom/users/invitations…`);
/// the invitee opens the one-time link (`/newsroom/invitations/{token}`), chooses a password and
/// is signed in.
struct InvitationsController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.post("users/invitations", use: invite)
        router.post("users/invitations/{invitation}/resend", use: resend)
        router.post("users/invitations/{invitation}/revoke", use: revoke)
        router.get("invitations/{token}", use: acceptForm)
        router.post("invitations/{token}", use: accept)
    }

    static let noMail =
        "This site has no mail server, so it cannot send invitations. Add the account with a password instead."
    static let noSuchInvitation = "There is no such open invitation: it may have been accepted or revoked already."

    // MARK: Admins

    @Sendable func invite(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form = try await account.postedFields(of: request)
        try desk.require(.manageUsers, for: account)
        let mail = AccountMail(desk: desk)
        guard mail.isAvailable else { throw NewsroomError.conflict(Self.noMail) }
        let email = try form.single("email") ?? ""
        let name = try form.single("name") ?? ""
        let roleText = try form.single("role") ?? ""
        let fields = ["email": email, "name": name, "role": roleText]
        var errors: [String: String] = [:]
        if name.collapsingWhitespace().isEmpty { errors["name"] = "Enter the person's name." }
        guard let role = Role(rawValue: roleText) else {
            errors["role"] = "Choose a role."
            return try await refused(account: account, fields: fields, errors: errors)
        }
        guard errors.isEmpty else { return try await refused(account: account, fields: fields, errors: errors) }
        let token = SessionToken.random()
        let invitation: Invitation
        let accounts = try desk.accounts
        do {
            invitation = try await accounts.createInvitation(
                email: email, name: name, role: role, invitedBy: account.user.id,
                digest: SessionToken.hexDigest(token.value), at: desk.configuration.now())
        } catch {
            guard case .invalid(let validation) = error else { throw error }
            for problem in validation.problems {
                errors[problem.field] = Self.sentence(problem.message)
            }
            return try await refused(account: account, fields: fields, errors: errors)
        }
        try await send(invitation, token: token, from: account.user)
        return try await UsersController(desk: desk).page(
            account: account, fields: [:], errors: [:], status: .ok,
            invitations: try await InvitationsSectionView.make(
                desk: desk, notice: "Invitation sent to \(invitation.email). The link works for seven days."))
    }

    @Sendable func resend(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await account.postedFields(of: request)
        try desk.require(.manageUsers, for: account)
        guard AccountMail(desk: desk).isAvailable else { throw NewsroomError.conflict(Self.noMail) }
        let id = try invitationID(context)
        let token = SessionToken.random()
        guard
            let invitation = try await desk.accounts.renewInvitation(
                id: id, digest: SessionToken.hexDigest(token.value), at: desk.configuration.now())
        else { throw NewsroomError.notFound(Self.noSuchInvitation) }
        try await send(invitation, token: token, from: account.user)
        return try await UsersController(desk: desk).page(
            account: account, fields: [:], errors: [:], status: .ok,
            invitations: try await InvitationsSectionView.make(
                desk: desk,
                notice: "Invitation sent again to \(invitation.email), with a new link; the old link no longer works."))
    }

    @Sendable func revoke(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        _ = try await account.postedFields(of: request)
        try desk.require(.manageUsers, for: account)
        guard try await desk.accounts.revokeInvitation(id: try invitationID(context), at: desk.configuration.now())
        else { throw NewsroomError.notFound(Self.noSuchInvitation) }
        return .seeOtherPath(NewsroomPaths.users)
    }

    // MARK: The invitee

    @Sendable func acceptForm(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let invitation = try await pendingInvitation(token)
        guard let invitation else { return try await unusable(token) }
        return try desk.respond(with: acceptView(context: context, token: token, invitation: invitation, errors: [:]))
    }

    @Sendable func accept(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        var request = request
        let form = try await request.formFields(limit: 16 * 1024)
        try context.reader.verifyFormToken(in: form)
        guard let invitation = try await pendingInvitation(token) else { return try await unusable(token) }
        let password = try form.single("password") ?? ""
        let confirmation = try form.single("password_confirmation") ?? ""
        var errors: [String: String] = [:]
        if let problem = PasswordHasher.problem(with: password) { errors["password"] = "For the password, \(problem)." }
        if password != confirmation { errors["password_confirmation"] = "The two passwords differ." }
        guard errors.isEmpty else {
            return try desk.respond(
                with: acceptView(context: context, token: token, invitation: invitation, errors: errors),
                status: .unprocessableContent)
        }
        let hash = await desk.hasher.hash(password)
        switch try await desk.accounts.acceptInvitation(
            digest: SessionToken.hexDigest(token), passwordHash: hash, now: desk.configuration.now())
        {
        case .accepted(let user):
            if let old = request.cookies[NewsroomCookies.sessionName].flatMap({ SessionToken(validating: $0.value) }) {
                try await desk.store.deleteSession(digest: old.digest)
            }
            let (_, cookie) = try await desk.startSession(for: user)
            var response = Response.seeOtherPath(NewsroomPaths.root)
            response.setCookie(cookie)
            return response
        case .accountExists:
            return try message(
                heading: "You already have an account",
                message: "An account with \(invitation.email) exists already, so this invitation is not needed. "
                    + "Sign in, or ask for a new password if you have forgotten it.",
                link: (NewsroomPaths.login, "Sign in"), status: .conflict)
        case .unusable:
            return try await unusable(token)
        }
    }

    // MARK: Helpers

    private func send(_ invitation: Invitation, token: SessionToken, from inviter: User) async throws {
        try await AccountMail(desk: desk).sendInvitation(
            to: invitation.email, name: invitation.name, role: invitation.role.title, from: inviter.name,
            path: NewsroomPaths.acceptInvitation(token.value))
    }

    private func refused(account: SignedInAccount, fields: [String: String], errors: [String: String])
        async throws -> Response
    {
        try await UsersController(desk: desk).page(
            account: account, fields: [:], errors: [:], status: .unprocessableContent,
            invitations: try await InvitationsSectionView.make(desk: desk, fields: fields, errors: errors))
    }

    private func invitationID(_ context: NewsroomRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("invitation").flatMap({ Int64($0) }) else {
            throw NewsroomError.notFound(Self.noSuchInvitation)
        }
        return id
    }

    private func pendingInvitation(_ token: String) async throws -> Invitation? {
        guard token.utf8.count <= 128,
            let invitation = try await desk.accounts.invitation(digest: SessionToken.hexDigest(token)),
            invitation.state(at: desk.configuration.now()) == .pending
        else { return nil }
        return invitation
    }

    /// The page for a link that no longer works, saying why.
    private func unusable(_ token: String) async throws -> Response {
        let invitation =
            token.utf8.count <= 128
            ? try await desk.accounts.invitation(digest: SessionToken.hexDigest(token)) : nil
        switch invitation?.state(at: desk.configuration.now()) {
        case .expired:
            return try message(
                heading: "This invitation has expired",
                message: "Invitation links work for seven days, and this one has run out. "
                    + "Ask the admin who invited you to send it again.",
                link: nil, status: .gone)
        case .accepted:
            return try message(
                heading: "This invitation has been used",
                message: "This invitation link has already been used to make an account. Sign in with that account.",
                link: (NewsroomPaths.login, "Sign in"), status: .gone)
        case .revoked:
            return try message(
                heading: "This invitation was withdrawn",
                message: "An admin has withdrawn this invitation. Ask them if you should have one.",
                link: nil, status: .gone)
        case .pending, nil:
            return try message(
                heading: "This invitation link does not work",
                message: "The link is not one we sent, or it was replaced by a newer one. "
                    + "Use the link in the most recent invitation e-mail, or ask the admin who invited you.",
                link: nil, status: .notFound)
        }
    }

    private func message(heading: String, message: String, link: (String, String)?, status: HTTPResponse.Status)
        throws -> Response
    {
        try desk.respond(
            with: AccountMessageView(
                header: desk.anonymousHeader(), heading: heading, message: message, linkURL: link?.0,
                linkLabel: link?.1),
            status: status)
    }

    private func acceptView(
        context: NewsroomRequestContext, token: String, invitation: Invitation, errors: [String: String]
    ) -> PasswordFormView {
        PasswordFormView(
            header: desk.anonymousHeader(), heading: "Join the \(desk.site.configuration.siteName) newsroom",
            intro: "Welcome, \(invitation.name). Choose a password to sign in as \(invitation.email) "
                + "(\(invitation.role.title.lowercased())).",
            csrfToken: context.reader.csrfToken.value, action: NewsroomPaths.acceptInvitation(token),
            fields: PasswordResetController.passwordFields(errors: errors), buttonLabel: "Create my account")
    }

    /// A store message as a sentence: "An account with this address exists."
    private static func sentence(_ text: String) -> String {
        let capitalized = text.prefix(1).uppercased() + text.dropFirst()
        return capitalized.hasSuffix(".") ? capitalized : capitalized + "."
    }
}
