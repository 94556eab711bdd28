import DatelineCore
import Foundation

/// The rules for followed sources both stores apply: what may be followed, how long a claim
/// lasts, how far a failing source backs off, how much log is kept.
public enum SourceRules {
    /// Lines of log kept per source.
    public static let logLimit = 100
    /// How long a claimed source is left to its poller before another instance may take it.
    public static let lease: TimeInterval = 10 * 60
    /// Polling intervals accepted, in minutes (a minute to a week).
    public static let intervals = 1...10_080
    /// The longest back-off after errors, and the longest Retry-After honoured.
    public static let maximumBackoff: TimeInterval = 24 * 3600
    /// Entries not seen in a source's feed for this long are forgotten.
    public static let itemMemory: TimeInterval = 60 * 86_400
    static let urlLimit = 2_000
    static let sectionLimit = 100

    /// The source as stored, or every problem found.
    public static func checked(_ source: NewFeedSource) throws(StoreError) -> NewFeedSource {
        var problems: [StoryValidationError.Problem] = []
        let address = source.url.trimmingWhitespace()
        let url = URL(string: address)
        if address.isEmpty {
            problems.append(.init(field: "url", message: "give the feed's address"))
        } else if address.count > urlLimit {
            problems.append(.init(field: "url", message: "keep the address under \(urlLimit) characters"))
        } else if let url, ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false {
            if url.user != nil || url.password != nil {
                problems.append(.init(field: "url", message: "an address with a user name or password is not followed"))
            }
        } else {
            problems.append(
                .init(field: "url", message: "'\(address.prefix(80))' is not an http or https address of a feed"))
        }
        let section = source.section?.collapsingWhitespace().nilIfEmpty
        if let section, section.count > sectionLimit {
            problems.append(.init(field: "section", message: "keep the section under \(sectionLimit) characters"))
        }
        if let problem = section?.controlCharacterProblem() {
            problems.append(.init(field: "section", message: "the section " + problem))
        }
        if !intervals.contains(source.intervalMinutes) {
            problems.append(
                .init(
                    field: "every",
                    message: "poll every \(intervals.lowerBound) to \(intervals.upperBound) minutes, not "
                        + "\(source.intervalMinutes)"))
        }
        guard problems.isEmpty else { throw .invalid(StoryValidationError(problems: problems)) }
        return NewFeedSource(
            url: address, section: section, intervalMinutes: source.intervalMinutes, allowPrivate: source.allowPrivate)
    }

    /// The refusal for an address followed already.
    static func alreadyFollowed(_ url: String) -> StoreError {
        .invalid(StoryValidationError(problems: [.init(field: "url", message: "\(url) is followed already")]))
    }

    /// When a source that has now failed `failures` times in a row (this failure counted) may
    /// next be polled: the server's Retry-After when it gave one (at most a day), else the
    /// interval doubled for each failure after the first, from 1 minute up to a day.
    public static func backoff(failures: Int, intervalMinutes: Int, retryAfter: Date?, now: Date) -> Date {
        if let retryAfter {
            return min(max(retryAfter, now), now + maximumBackoff)
        }
        let base = TimeInterval(max(intervalMinutes, 1) * 60)
        let doublings = Double(min(max(failures - 1, 0), 20))
        return now + min(base * pow(2, doublings), maximumBackoff)
    }

    /// A log line cut to a length a page can show.
    static func trimmed(_ message: String) -> String {
        let clean = message.collapsingWhitespace()
        return clean.count > 1_000 ? String(clean.prefix(999)) + "…" : clean
    }

    /// The fields a finished poll sets, worked out once for both stores.
    struct Finish {
        var etag: String?
        var lastModified: String?
        var failures: Int
        var backoffUntil: Date?
        var nextPoll: Date
    }

    static func finish(_ outcome: FeedPollOutcome, source: FeedSource, now: Date) -> Finish {
        switch outcome.kind {
        case .read:
            return Finish(
                etag: outcome.etag, lastModified: outcome.lastModified, failures: 0, backoffUntil: nil,
                nextPoll: now + TimeInterval(source.intervalMinutes * 60))
        case .unchanged:
            return Finish(
                etag: outcome.etag ?? source.etag, lastModified: outcome.lastModified ?? source.lastModified,
                failures: 0, backoffUntil: nil, nextPoll: now + TimeInterval(source.intervalMinutes * 60))
        case .failed(let retryAfter):
            let failures = source.failureCount + 1
            let until = backoff(
                failures: failures, intervalMinutes: source.intervalMinutes, retryAfter: retryAfter, now: now)
            return Finish(
                etag: source.etag, lastModified: source.lastModified, failures: failures, backoffUntil: until,
                nextPoll: until)
        }
    }
}
