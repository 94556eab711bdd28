import Foundation
import GRDB

extension SQLiteStoryStore: StoryChangeSignal {
    /// How often the file is checked for changes made by any process.
    static let changePollInterval: Duration = .milliseconds(500)

    /// Polls a fingerprint of the stories and corrections (newest change, counts) and the site's
    /// change counter (sections and topics), which every write, publication, deletion, section or
    /// topic change moves, and signals when it differs from the last one seen.
    public func storyChangeSignals() -> AsyncStream<Void> {
        AsyncStream { continuation in
            let task = Task {
                var last: String?
                while !Task.isCancelled {
                    let fingerprint = try? await read { db in
                        try String.fetchOne(
                            db,
                            sql: """
                                SELECT COALESCE(MAX(updated_at), '') || '|' || COUNT(*) || '|'
                                    || (SELECT COUNT(*) FROM story_corrections)
                                    || '|' || (SELECT COUNT(*) FROM stories WHERE status = 'published')
                                    || '|' || (SELECT counter FROM site_changes)
                                FROM stories
                                """)
                    }
                    if let fingerprint, fingerprint != last {
                        if last != nil { continuation.yield() }
                        last = fingerprint
                    }
                    try? await Task.sleep(for: Self.changePollInterval)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
