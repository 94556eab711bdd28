import DatelineCore
import Foundation

/// Rules both stores apply to the editors' signal (``SuggestionSignal``).
public enum SuggestionSignalRules {
    /// The most items a list of a record may hold (suggestions are three to a dozen).
    public static let itemCount = 50
    /// The longest item kept, in characters (a highlight is at most ``StoryLimits/highlightLength``).
    public static let itemLength = 1_000

    /// The record as stored, or the first problem.
    static func checked(_ signal: SuggestionSignal) throws(StoreError) -> SuggestionSignal {
        for (field, items) in [
            ("suggested", signal.suggested), ("kept", signal.kept), ("removed", signal.removed),
            ("added", signal.added),
        ] {
            guard items.count <= itemCount else {
                throw refuse(field, "a record keeps at most \(itemCount) \(field) items, not \(items.count)")
            }
            if let long = items.first(where: { $0.count > itemLength }) {
                throw refuse(field, "an item of \(long.count) characters is over the \(itemLength)-character limit")
            }
            if items.contains(where: { $0.firstControlCharacter() != nil }) {
                throw refuse(field, "an item carries control characters")
            }
        }
        return signal
    }

    /// A list as both stores keep it: JSON array text.
    static func encoded(_ items: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(items), as: UTF8.self)) ?? "[]"
    }

    /// A stored list, or nil when the text is no JSON array of strings.
    static func decoded(_ text: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    static func refuse(_ field: String, _ message: String) -> StoreError {
        .invalid(StoryValidationError(problems: [.init(field: field, message: message)]))
    }
}
