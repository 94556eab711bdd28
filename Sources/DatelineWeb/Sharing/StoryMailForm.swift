import DatelineMail
import Foundation

/// The "E-mail to a friend" form as a reader filled it in, checked field by field.
///
/// Everything a reader types is hostile until checked: names and notes must be plain text with no
/// line breaks in the name (so nothing can become a header) and no web addresses anywhere (so the
/// form is no use for advertising); addresses must parse as addresses.
struct StoryMailForm: Sendable {
    static let nameField = "name"
    static let senderField = "email"
    static let recipientsField = "recipients"
    static let noteField = "note"

    /// The most friends one form sends to.
    static let maximumRecipients = 3
    static let maximumNameLength = 60
    static let maximumNoteLength = 300

    /// What the reader typed, kept to fill the form again when something is wrong.
    var name = ""
    var sender = ""
    var recipients = ""
    var note = ""

    /// A problem per field name, in words shown next to the field.
    var errors: [String: String] = [:]

    /// The checked values; set only when `errors` is empty.
    private(set) var checked: Checked?

    struct Checked: Sendable {
        let name: String
        let sender: EmailAddress
        let recipients: [EmailAddress]
        let note: String?
    }

    init() {}

    init(_ form: FormFields) throws(ReaderError) {
        name = try form.single(Self.nameField) ?? ""
        sender = try form.single(Self.senderField) ?? ""
        recipients = try form.single(Self.recipientsField) ?? ""
        note = try form.single(Self.noteField) ?? ""
        check()
    }

    private mutating func check() {
        let cleanName = Self.collapsingSpaces(name)
        if cleanName.isEmpty {
            errors[Self.nameField] = "Enter your name, so your friend knows who sent the story."
        } else if cleanName.count > Self.maximumNameLength {
            errors[Self.nameField] = "Your name can be at most \(Self.maximumNameLength) characters."
        } else if Self.hasControlCharacters(cleanName, allowingLineBreaks: false) {
            errors[Self.nameField] = "Your name can only contain letters, spaces and punctuation."
        } else if Self.looksLikeLink(cleanName) || cleanName.contains("@") {
            errors[Self.nameField] = "Enter just your name, without web or e-mail addresses."
        }

        let senderAddress = try? EmailAddress(sender.trimmingCharacters(in: .whitespaces))
        if senderAddress == nil {
            errors[Self.senderField] = "Enter your e-mail address, like name@example.com."
        }

        var friends: [EmailAddress] = []
        let parts = recipients.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace })
        if parts.isEmpty {
            errors[Self.recipientsField] = "Enter at least one address to send the story to."
        } else if parts.count > Self.maximumRecipients {
            errors[Self.recipientsField] =
                "You can send the story to at most \(Self.maximumRecipients) addresses at a time."
        } else {
            for part in parts {
                guard let address = try? EmailAddress(String(part)) else {
                    let shown = part.count > 60 ? part.prefix(60) + "…" : part
                    errors[Self.recipientsField] =
                        "\u{201C}\(shown)\u{201D} is not an e-mail address; check it and try again."
                    break
                }
                if !friends.contains(where: { $0.string.lowercased() == address.string.lowercased() }) {
                    friends.append(address)
                }
            }
        }

        let cleanNote = note.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(
            in: .whitespacesAndNewlines)
        if cleanNote.count > Self.maximumNoteLength {
            errors[Self.noteField] =
                "The note can be at most \(Self.maximumNoteLength) characters; it has \(cleanNote.count)."
        } else if Self.hasControlCharacters(cleanNote, allowingLineBreaks: true) {
            errors[Self.noteField] = "The note can only contain plain text."
        } else if Self.looksLikeLink(cleanNote) {
            errors[Self.noteField] = "The note cannot contain web addresses; the message already links to the story."
        }

        if errors.isEmpty, let senderAddress {
            checked = Checked(
                name: cleanName, sender: senderAddress, recipients: friends, note: cleanNote.isEmpty ? nil : cleanNote)
        }
    }

    private static func collapsingSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// Controls, format characters (bidirectional overrides, zero-width joiners used to hide text)
    /// and, unless allowed, line breaks of any kind.
    static func hasControlCharacters(_ text: String, allowingLineBreaks: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            if scalar == "\n" { return !allowingLineBreaks }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                return true
            default:
                return false
            }
        }
    }

    /// "http://", "www.", or a bare domain such as "cheap-pills.biz" with a known shape.
    static func looksLikeLink(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower.contains("://") || lower.contains("www.") { return true }
        // word.tld with a tld of letters: the shape of a domain. Sentences end with ". ", which this skips.
        for word in lower.split(whereSeparator: { $0.isWhitespace }) {
            let trimmed = word.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?()\"'"))
            let pieces = trimmed.split(separator: ".", omittingEmptySubsequences: false)
            guard pieces.count >= 2, let last = pieces.last, (2...12).contains(last.count),
                last.allSatisfy({ $0.isASCII && $0.isLetter }),
                pieces.allSatisfy({
                    !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                })
            else { continue }
            return true
        }
        return false
    }
}
