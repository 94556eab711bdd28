import Foundation

/// Tells a process when stories may have changed, whoever changed them — another instance, an
/// import, the scheduler — so per-instance caches can be dropped instead of served stale.
///
/// A signal carries no detail: receivers treat it as "anything may have changed". It may come
/// more often than needed (after a lost connection, say) but never stays silent after a change
/// for longer than the backend's delay: PostgreSQL notifies at commit (`LISTEN/NOTIFY`); SQLite,
/// which has no notifications across processes, is polled.
public protocol StoryChangeSignal: Sendable {
    /// Signals until the consuming task is cancelled.
    func storyChangeSignals() -> AsyncStream<Void>
}
