import DatelineMail
import Foundation

/// The account messages the newsroom sends (password reset links, invitations), queued through
/// the site's mail outbox so they survive an SMTP outage. Links use the site's public origin.
struct AccountMail: Sendable {
    let desk: NewsroomDesk

    /// The queue and sender, or nil when the site has no mail server configured.
    private var mail: StoryMailDesk? { desk.site.mail }

    /// True when the site can send account mail at all.
    var isAvailable: Bool { mail != nil }

    /// An absolute link to a newsroom path.
    func link(_ path: String) -> String { desk.site.absoluteURL(path) }

    /// Queues one message; false when the site has no mail server.
    @discardableResult
    func send(to address: String, name: String?, subject: String, body: String) async throws -> Bool {
        guard let mail else { return false }
        let message = try MailMessage(
            from: mail.configuration.from, to: [try Mailbox(address, displayName: name)], subject: subject, body: body,
            date: desk.configuration.now(),
            additionalHeaders: [try MailHeader(name: "Auto-Submitted", value: "auto-generated")])
        _ = try await mail.queue.enqueue(message)
        return true
    }

    /// The message with a one-time link to set a new password.
    func sendPasswordReset(to address: String, name: String, path: String) async throws {
        let siteName = desk.site.configuration.siteName
        let body = [
            "Hello \(name),",
            "",
            "Someone asked to set a new password for your \(siteName) newsroom account. If it was you,",
            "open this link within one hour to choose a new password. It works once.",
            "",
            link(path),
            "",
            "If you did not ask, ignore this message: your password stays as it is.",
        ].joined(separator: "\n")
        try await send(to: address, name: name, subject: "Set a new password for the \(siteName) newsroom", body: body)
    }

    /// The invitation, with a one-time link to choose a password.
    func sendInvitation(to address: String, name: String, role: String, from inviter: String, path: String)
        async throws
    {
        let siteName = desk.site.configuration.siteName
        let body = [
            "Hello \(name),",
            "",
            "\(inviter) has invited you to the \(siteName) newsroom as \(role.lowercased()).",
            "Open this link within seven days to choose your password; it works once.",
            "",
            link(path),
            "",
            "If you did not expect this invitation, ignore this message.",
        ].joined(separator: "\n")
        try await send(to: address, name: name, subject: "You are invited to the \(siteName) newsroom", body: body)
    }
}
