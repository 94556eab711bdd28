import DatelineCore
import Foundation

/// Followed feeds: the sources the poller reads, each with its schedule, its validators, its
/// back-off and a bounded log of what happened (newest first), plus what each source's entries
/// looked like last time so an unchanged entry is not fetched again.
public protocol SourceStore: Sendable {
    /// Follows a new feed, due at once. Refused (``StoreError/invalid(_:)``, nothing stored) when
    /// ``SourceRules/checked(_:)`` finds a problem or the address is followed already.
    func addFeedSource(_ source: NewFeedSource, now: Date) async throws(StoreError) -> FeedSource

    /// Every source, oldest first.
    func feedSources() async throws(StoreError) -> [FeedSource]

    func feedSource(id: Int64) async throws(StoreError) -> FeedSource?

    /// Pauses or resumes a source (a resumed one is due at once); ``StoreError/notFound(id:)`` when gone.
    func pauseFeedSource(id: Int64, paused: Bool, now: Date) async throws(StoreError)

    /// Stops following a source, with its log; the items it brought stay in the wire queue.
    func removeFeedSource(id: Int64) async throws(StoreError)

    /// Hands one source to this caller to poll, or nil when none is waiting: in one statement the
    /// source is leased for ``SourceRules/lease`` so no other instance takes it meanwhile.
    /// `.due` takes a source whose time has come (the scheduler); `.now` takes any source not
    /// paused and not backing off (`dateline sources poll`). `excluding` are sources this caller
    /// has polled already in this round.
    func claimFeedSource(_ claim: FeedClaim, now: Date, excluding: Set<Int64>) async throws(StoreError)
        -> FeedSource?

    /// Records a poll's outcome, clears the lease and sets the next poll (the interval after a
    /// read, an exponential back-off or the server's Retry-After after a failure), adds the
    /// outcome's log lines and trims the log to ``SourceRules/logLimit``; in one transaction.
    @discardableResult
    func finishFeedPoll(id: Int64, outcome: FeedPollOutcome, now: Date) async throws(StoreError) -> FeedSource?

    /// The source's log, newest first.
    func feedLog(sourceID: Int64, limit: Int) async throws(StoreError) -> [FeedLogEntry]

    /// What the poller remembers of these entries of the source (entries never seen are absent).
    func feedItemStates(sourceID: Int64, guids: [String]) async throws(StoreError) -> [String: FeedItemState]

    /// Remembers an entry as it was read now.
    func recordFeedItem(sourceID: Int64, guid: String, state: FeedItemState, now: Date) async throws(StoreError)
}

/// Which sources a claim may take.
public enum FeedClaim: Sendable, Hashable {
    /// Sources whose next poll time has come.
    case due
    /// Every source not paused and not backing off, whatever its schedule.
    case now
}
