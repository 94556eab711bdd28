import DatelineCore
import DatelineStore
import Foundation

/// The invitations part of the accounts page: the form that invites someone by e-mail and the
/// invitations still open, each with "Send again" and "Revoke".
struct InvitationsSectionView: Sendable {
    /// One open invitation.
    struct Row: Sendable {
        let name: String
        let email: String
        let roleTitle: String
        /// "Expires 10 Dec 2026, 14:05" or "Expired 3 Dec 2026, 09:00".
        let expiry: String
        let isExpired: Bool
        let resendURL: String
        let revokeURL: String
    }

    /// False when the site has no mail server: then accounts are added with a password instead.
    let canInvite: Bool
    let rows: [Row]
    let hasRows: Bool
    let fields: [FieldView]
    let roles: [UsersPageView.RoleChoice]
    let roleError: String?
    /// A confirmation after sending ("Invitation sent to …").
    let notice: String?

    /// The section as it stands, with the invite form's values and errors.
    static func make(
        desk: NewsroomDesk, fields: [String: String] = [:], errors: [String: String] = [:], notice: String? = nil
    ) async throws -> InvitationsSectionView {
        let now = desk.configuration.now()
        let open = try await desk.accounts.openInvitations()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = desk.site.configuration.timeZone
        formatter.dateFormat = "d MMM yyyy, HH:mm"
        return InvitationsSectionView(
            canInvite: AccountMail(desk: desk).isAvailable,
            rows: open.map { invitation in
                let expired = invitation.state(at: now) == .expired
                return Row(
                    name: invitation.name, email: invitation.email, roleTitle: invitation.role.title,
                    expiry: (expired ? "Expired " : "Expires ") + formatter.string(from: invitation.expiresAt),
                    isExpired: expired, resendURL: NewsroomPaths.invitation(invitation.id, "resend"),
                    revokeURL: NewsroomPaths.invitation(invitation.id, "revoke"))
            },
            hasRows: !open.isEmpty,
            fields: [
                FieldView(
                    name: "name", label: "Name", value: fields["name"] ?? "", error: errors["name"],
                    id: "invite-name"),
                FieldView(
                    name: "email", label: "E-mail address", value: fields["email"] ?? "", error: errors["email"],
                    type: "email", autocomplete: "off", id: "invite-email"),
            ],
            roles: Role.allCases.map {
                UsersPageView.RoleChoice(value: $0.rawValue, label: $0.title, isSelected: $0.rawValue == fields["role"])
            },
            roleError: errors["role"], notice: notice)
    }
}
