import DatelineCore
import DatelineStore
import Foundation
import Hummingbird

/// Account management for admins (`/newsroom/users`): list, add, change a role.
struct UsersController: Sendable {
    let desk: NewsroomDesk

    func addRoutes(to router: RouterGroup<NewsroomRequestContext>) {
        router.get("users", use: list)
        router.post("users", use: add)
        router.post("users/{user}/role", use: changeRole)
    }

    @Sendable func list(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        try desk.require(.manageUsers, for: account)
        return try await page(account: account, fields: [:], errors: [:], status: .ok)
    }

    @Sendable func add(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form = try await account.postedFields(of: request)
        try desk.require(.manageUsers, for: account)
        let email = try form.single("email") ?? ""
        let name = try form.single("name") ?? ""
        let password = try form.single("password") ?? ""
        let roleText = try form.single("role") ?? ""
        var errors: [String: String] = [:]
        let role = Role(rawValue: roleText)
        if role == nil { errors["role"] = "Choose a role." }
        if let problem = PasswordHasher.problem(with: password) { errors["password"] = "For the password, \(problem)." }
        if let role, errors.isEmpty {
            let hash = await desk.hasher.hash(password)
            let problems = try await createAccount(email: email, name: name, role: role, hash: hash)
            if problems.isEmpty { return .seeOtherPath(NewsroomPaths.users) }
            errors.merge(problems) { first, _ in first }
        }
        return try await page(
            account: account, fields: ["email": email, "name": name, "role": roleText], errors: errors,
            status: .unprocessableContent)
    }

    @Sendable func changeRole(request: Request, context: NewsroomRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let form = try await account.postedFields(of: request)
        try desk.require(.manageUsers, for: account)
        guard let id = context.parameters.get("user").flatMap({ Int64($0) }),
            try await desk.store.user(id: id) != nil
        else { throw NewsroomError.notFound("There is no such account.") }
        guard let role = try form.single("role").flatMap({ Role(rawValue: $0) }) else {
            throw NewsroomError.badRequest("Choose a role.")
        }
        guard id != account.user.id else {
            throw NewsroomError.conflict("Ask another admin to change your own role, so the newsroom keeps an admin.")
        }
        _ = try await desk.store.setRole(role, forUser: id)
        return .seeOtherPath(NewsroomPaths.users)
    }

    /// Adds the account, or returns the store's objections by field.
    private func createAccount(email: String, name: String, role: Role, hash: String) async throws -> [String: String] {
        do {
            _ = try await desk.store.createUser(email: email, name: name, role: role, passwordHash: hash)
            return [:]
        } catch {
            guard case .invalid(let validation) = error else { throw error }
            var errors: [String: String] = [:]
            for problem in validation.problems { errors[problem.field] = problem.message.capitalizedFirst + "." }
            return errors
        }
    }

    /// The accounts page; `invitations` carries the invite form's values, errors or confirmation.
    func page(
        account: SignedInAccount, fields: [String: String], errors: [String: String], status: HTTPResponse.Status,
        invitations: InvitationsSectionView? = nil
    ) async throws -> Response {
        let users = try await desk.store.users()
        var twoFactorIDs: Set<Int64> = []
        for user in users where try await desk.accounts.twoFactor(userID: user.id)?.isEnabled == true {
            twoFactorIDs.insert(user.id)
        }
        var invitationsSection = invitations
        if invitationsSection == nil { invitationsSection = try await InvitationsSectionView.make(desk: desk) }
        let view = UsersPageView(
            header: desk.header(for: account, current: "users"), users: users, twoFactorIDs: twoFactorIDs,
            selfID: account.user.id,
            invitations: invitationsSection,
            fields: [
                FieldView(name: "name", label: "Name", value: fields["name"] ?? "", error: errors["name"]),
                FieldView(
                    name: "email", label: "E-mail address", value: fields["email"] ?? "", error: errors["email"],
                    type: "email", autocomplete: "off"),
                FieldView(
                    name: "password", label: "Password (at least \(PasswordHasher.minimumLength) characters)",
                    value: "", error: errors["password"], type: "password", autocomplete: "new-password"),
            ],
            role: fields["role"], roleError: errors["role"])
        return try desk.respond(with: view, status: status)
    }
}

/// The accounts page.
struct UsersPageView: NewsroomView {
    static let template = NewsroomTemplate.users

    /// A role in a `<select>`.
    struct RoleChoice: Sendable {
        let value: String
        let label: String
        let isSelected: Bool
    }

    /// One account in the list.
    struct Row: Sendable {
        let name: String
        let email: String
        let roleTitle: String
        let roleURL: String
        let selectID: String
        let isSelf: Bool
        let roles: [RoleChoice]
        /// False once an admin has turned the account off.
        let isActive: Bool
        /// Where the "Turn off" or "Turn on" form posts.
        let activationURL: String
        /// Two-factor sign-in is on for the account.
        let hasTwoFactor: Bool
        /// Where an admin's "Turn off two-factor sign-in" posts.
        let twoFactorResetURL: String
    }

    let header: NewsroomHeader
    let rows: [Row]
    let fields: [FieldView]
    let roles: [RoleChoice]
    let roleError: String?
    /// Open invitations and the invite form.
    let invitations: InvitationsSectionView?

    init(
        header: NewsroomHeader, users: [User], twoFactorIDs: Set<Int64>, selfID: Int64,
        invitations: InvitationsSectionView?,
        fields: [FieldView], role: String?, roleError: String?
    ) {
        self.header = header
        self.invitations = invitations
        rows = users.map { user in
            Row(
                name: user.name, email: user.email, roleTitle: user.role.title,
                roleURL: "\(NewsroomPaths.users)/\(user.id)/role", selectID: "role-\(user.id)",
                isSelf: user.id == selfID,
                roles: Role.allCases.map {
                    RoleChoice(value: $0.rawValue, label: $0.title, isSelected: $0 == user.role)
                }, isActive: user.isActive,
                activationURL: NewsroomPaths.userActivation(user.id, active: !user.isActive),
                hasTwoFactor: twoFactorIDs.contains(user.id),
                twoFactorResetURL: "\(NewsroomPaths.users)/\(user.id)/two-factor/reset")
        }
        self.fields = fields
        roles = Role.allCases.map { RoleChoice(value: $0.rawValue, label: $0.title, isSelected: $0.rawValue == role) }
        self.roleError = roleError
    }
}

extension String {
    /// The text with its first letter upper-cased.
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
