import DatelineCore
import Foundation

/// What both stores check and how they keep an issue's stories.
enum NewsletterIssueRules {
    /// The longest editor's note, in characters.
    static let maximumNoteLength = 2_000

    /// The note trimmed; refused when too long.
    static func note(_ text: String) throws(StoreError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= maximumNoteLength else {
            throw NewsletterRules.refuse(
                "note", "the editor's note is \(trimmed.count) characters long; keep it to \(maximumNoteLength)")
        }
        return trimmed
    }

    static func encode(_ stories: [NewsletterIssueStory]) throws(StoreError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(stories), as: UTF8.self)
        } catch {
            throw .failed("cannot store the issue's stories: \(error)")
        }
    }

    static func decode(_ text: String) -> [NewsletterIssueStory] {
        (try? JSONDecoder().decode([NewsletterIssueStory].self, from: Data(text.utf8))) ?? []
    }
}
