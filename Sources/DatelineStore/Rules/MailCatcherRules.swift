import DatelineCore
import Foundation

/// Rules both stores apply to caught mail.
enum MailCatcherRules {
    /// The longest subject kept for the list, in characters.
    static let subjectLength = 300

    /// A catch as stored, or a refusal that says why.
    struct Checked: Sendable {
        let sender: String
        /// One address per line: addresses never hold a line break.
        let recipients: String
        let messageID: String
        let subject: String
        let content: String
        let size: Int
    }

    static func checked(_ input: CaughtMailInput, keep: Int) throws(StoreError) -> Checked {
        guard (1...CaughtMail.maximumKeep).contains(keep) else {
            throw refuse("keep", "the catcher keeps from 1 to \(CaughtMail.maximumKeep) messages, not \(keep)")
        }
        let size = input.content.utf8.count
        guard size <= CaughtMail.maximumBytes else {
            throw refuse(
                "content", "the message is \(size) bytes; the catcher keeps messages up to \(CaughtMail.maximumBytes)")
        }
        let recipients = input.recipients.map(oneLine).filter { !$0.isEmpty }
        guard !recipients.isEmpty else { throw refuse("recipients", "a caught message needs a recipient") }
        return Checked(
            sender: oneLine(input.sender), recipients: recipients.joined(separator: "\n"),
            messageID: oneLine(input.messageID), subject: String(oneLine(input.subject).prefix(subjectLength)),
            content: input.content, size: size)
    }

    static func recipients(_ stored: String) -> [String] {
        stored.split(separator: "\n").map(String.init)
    }

    /// The text with control characters (line breaks included) turned into spaces, so a list
    /// column is one line whatever a message's header held.
    static func oneLine(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 })
        ).trimmingCharacters(in: .whitespaces)
    }

    static func refuse(_ field: String, _ message: String) -> StoreError {
        .invalid(StoryValidationError(problems: [.init(field: field, message: message)]))
    }
}
