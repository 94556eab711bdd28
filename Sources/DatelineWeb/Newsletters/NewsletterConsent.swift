import Crypto
import DatelineCore
import DatelineMail
import DatelineStore
import Foundation

/// The secrets and limits of newsletter consent, and the one mail an unconfirmed address gets.
enum NewsletterConsent {
    /// How long a confirmation link works; unconfirmed people are forgotten after it.
    static let confirmationLifetime: TimeInterval = 48 * 3600
    /// Subscribe posts one client address may make in ``clientWindow``, so the form cannot be
    /// used to mail a long list of strangers (each address also gets at most one mail a day).
    static let perClient = 10
    static let clientWindow: TimeInterval = 3600
    /// The longest `email` field read; anything longer is refused before it is parsed.
    static let maximumEmailLength = 254

    /// A fresh link secret: 32 random bytes as hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.lowercaseHex
    }

    /// What the store keeps of a link secret.
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }

    /// True for a string shaped like ``newToken()``, so anything else is refused without a lookup.
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 64 && token.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The confirmation message: which lists, the link, and what happens if it is ignored.
    static func confirmationMessage(
        to address: EmailAddress, lists: [Newsletter], link: String, siteName: String, fallbackFrom: Mailbox,
        date: Date
    ) throws(MailError) -> MailMessage {
        let from: Mailbox
        if let list = lists.first, let sender = try? Mailbox(list.fromAddress, displayName: list.fromName) {
            from = sender
        } else {
            from = fallbackFrom
        }
        var lines = ["Please confirm that you want these newsletters from \(siteName):", ""]
        for list in lists { lines.append("  * \(list.name)") }
        lines += [
            "", "Confirm your subscription:", link, "",
            "The link works once and for 48 hours. If you did not ask for this, ignore this message: "
                + "you will not hear from us again and we will forget your address.",
        ]
        return try MailMessage(
            from: from, to: [Mailbox(address)], subject: "Confirm your subscription to \(siteName)",
            body: lines.joined(separator: "\n"), date: date,
            additionalHeaders: [try MailHeader(name: "Auto-Submitted", value: "auto-generated")])
    }
}
