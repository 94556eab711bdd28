import DatelineCore
import DatelineStore
import Foundation

/// What a site keeps that its archive does not carry yet (newsletters and their people, the
/// suppression list, the wire queue), so `export` and a PostgreSQL `backup` say
/// so instead of leaving an operator to find out after a move.
enum ArchiveGaps {
    /// The warning line for `store`, or nil when it holds none of those.
    static func warning(for store: any StoryStore) async -> String? {
        var left: [String] = []
        if let newsletters = store as? any NewsletterStore {
            if let lists = try? await newsletters.newsletters(), !lists.isEmpty {
                let subscriptions = lists.reduce(0) { $0 + $1.subscriberCount }
                left.append(
                    "\(counted(lists.count, "newsletter", "newsletters")) "
                        + "(\(counted(subscriptions, "subscription", "subscriptions")))")
            }
            if let suppressed = try? await newsletters.suppressions(limit: 1, offset: 0), !suppressed.isEmpty {
                left.append("the suppression list")
            }
        }
        if let wire = store as? any WireStore, let items = try? await wire.wireItems(WireFilter(limit: 1), now: Date()),
            !items.isEmpty
        {
            left.append("the wire queue")
        }
        guard !left.isEmpty else { return nil }
        return "warning: archives do not carry \(list(left)) yet; they are not in this file. "
            + "Keep a SQLite backup or a pg_dump for them, and see the README's \"Not done yet\"."
    }

    private static func counted(_ number: Int, _ one: String, _ many: String) -> String {
        "\(number) \(number == 1 ? one : many)"
    }

    private static func list(_ parts: [String]) -> String {
        guard parts.count > 1 else { return parts.joined() }
        return parts.dropLast().joined(separator: ", ") + " or " + (parts.last ?? "")
    }
}
