import Foundation

/// How both stores rank a search at archive scale, so a common word costs no more than a rare one.
///
/// A search reads its matches newest story first (by id, the order the full-text index keeps
/// them in, so the read stops early) and ranks at most ``candidateLimit`` of them by relevance.
/// A query with fewer matches is ranked in full and counted exactly; beyond the bound the count
/// is an estimate from how densely the matches fill the newest ids, and the ranking is that of
/// the newest ``candidateLimit`` matches. Ranking and counting every one of 50,000 matches for
/// "said" took 0.2–0.75 s on SQLite; a reader who searches one common word is looking for recent
/// stories anyway, and words or a section narrow any search below the bound.
public enum SearchWindow {
    /// The most matches ranked for one search.
    public static let candidateLimit = 1_000

    /// One match as the store read it: its id, its relevance (higher is better; SQLite's bm25,
    /// where lower is better, is negated) and its publication time for ties.
    public struct Candidate: Sendable, Hashable {
        public var id: Int64
        public var relevance: Double
        public var publishedAt: Date?

        public init(id: Int64, relevance: Double, publishedAt: Date?) {
            self.id = id
            self.relevance = relevance
            self.publishedAt = publishedAt
        }
    }

    /// What a window of candidates gives a search: the ids of the page asked for, best first,
    /// and how many stories match (exact, or an estimate when ``isEstimate``).
    public struct Ranking: Sendable, Hashable {
        public var ids: [Int64]
        public var total: Int
        public var isEstimate: Bool
        /// How many matches were ranked: the most a reader can page through.
        public var ranked: Int
    }

    /// Ranks `candidates` (read newest id first, at most the query's ``SearchQuery/candidateLimit``
    /// + 1 of them, so one more than the bound tells the store there were more) for the page
    /// `query` asks for.
    /// `highestID` is the largest story id in the store, for the estimate.
    public static func rank(_ candidates: [Candidate], for query: SearchQuery, highestID: Int64) -> Ranking {
        let limit = max(1, query.candidateLimit)
        let isEstimate = candidates.count > limit
        let window = candidates.prefix(limit)
        let ordered = window.sorted { left, right in
            if left.relevance != right.relevance { return left.relevance > right.relevance }
            let leftTime = left.publishedAt ?? .distantPast
            let rightTime = right.publishedAt ?? .distantPast
            if leftTime != rightTime { return leftTime > rightTime }
            return left.id > right.id
        }
        let page = ordered.dropFirst(max(query.offset, 0)).prefix(max(query.limit, 0)).map(\.id)
        guard isEstimate, let lowest = window.last?.id else {
            return Ranking(ids: page, total: window.count, isEstimate: false, ranked: window.count)
        }
        return Ranking(
            ids: page, total: estimate(found: window.count, lowestID: lowest, highestID: highestID), isEstimate: true,
            ranked: window.count)
    }

    /// The matches across every id, estimated from `found` matches among the ids from
    /// `lowestID` to `highestID`, to two significant figures and never below what was found.
    static func estimate(found: Int, lowestID: Int64, highestID: Int64) -> Int {
        let span = Double(max(1, highestID - lowestID + 1))
        let all = Double(found) * Double(max(highestID, 1)) / span
        let magnitude = pow(10, max(0, floor(log10(max(all, 1))) - 1))
        return max(found + 1, Int((all / magnitude).rounded() * magnitude))
    }
}
