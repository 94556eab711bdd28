import Foundation
import Logging
import PostgresNIO

extension PostgresStoryStore: StoryChangeSignal {
    /// Listens on ``PostgresSchema/changeChannel`` on one pooled connection. When that connection
    /// is lost, notifications sent meanwhile are lost too, so a signal is given on every reconnect.
    public func storyChangeSignals() -> AsyncStream<Void> {
        AsyncStream { continuation in
            let task = Task {
                var failures = 0
                while !Task.isCancelled {
                    do {
                        try await client.withConnection { connection in
                            // A statement on a connection that closed as it was lent is never
                            // answered (see `PooledConnectionLease.run`); take another instead.
                            guard !connection.isClosed else { throw PooledConnectionLease.ClosedBeforeUse() }
                            try await connection.listen(on: PostgresSchema.changeChannel) { notifications in
                                if failures > 0 { continuation.yield() }
                                failures = 0
                                for try await _ in notifications { continuation.yield() }
                            }
                        }
                    } catch {
                        if Task.isCancelled { break }
                        failures += 1
                        logger.debug("story change listener lost its connection", metadata: ["error": "\(error)"])
                    }
                    // Back off while the server is away, up to a few seconds.
                    try? await Task.sleep(for: .milliseconds(min(200 * (1 << min(failures, 4)), 3_000)))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
