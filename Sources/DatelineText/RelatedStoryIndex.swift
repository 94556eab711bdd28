import Foundation

/// What the "Don't Miss" index needs to know of a story.
public struct IndexedStory: Hashable, Sendable {
    /// The store's id of the story.
    public var id: Int64
    /// The headline; its words count double.
    public var headline: String
    /// The story text (paragraphs joined or not; only the words matter).
    public var body: String
    /// The "All About" topic names; a shared topic weighs more than any shared word.
    public var topics: [String]

    /// Makes an index entry.
    public init(id: Int64, headline: String, body: String, topics: [String]) {
        self.id = id
        self.headline = headline
        self.body = body
        self.topics = topics
    }
}

/// One "Don't Miss" suggestion: a related story and how strongly it is related.
public struct RelatedStory: Hashable, Sendable {
    /// The related story's id.
    public var id: Int64
    /// The BM25 similarity; only the order means anything.
    public var score: Double

    /// Makes a suggestion value.
    public init(id: Int64, score: Double) {
        self.id = id
        self.score = score
    }
}

/// The archive's "Don't Miss" index: BM25 similarity over headline, body and topics, kept in an
/// inverted index that is updated as stories are added, changed or removed.
///
/// It is a value type: `Sendable` because it holds only values. Share one copy by keeping it in
/// an actor (or another single owner) that applies ``add(_:)`` and ``remove(id:)`` and answers
/// ``related(to:limit:)``. Each story keeps only its ``termsPerStory`` strongest terms, so memory
/// grows by about 8 bytes × `termsPerStory` per story, and a query reads only the postings of the
/// query story's strongest, rarest terms.
public struct RelatedStoryIndex: Sendable {
    /// How many terms each story keeps in the index (its strongest by weighted frequency).
    public let termsPerStory: Int
    /// How many of a query story's terms are looked up (the rarest of its kept terms).
    public let queryTerms: Int

    private var termIDs: [String: Int32] = [:]
    private var postings: [[Posting]] = []
    private var documentFrequency: [Int32] = []
    private var slots: [Int64: Int32] = [:]
    private var storyIDs: [Int64] = []
    private var storyTerms: [[TermWeight]] = []
    private var lengths: [Float] = []
    private var alive: [Bool] = []
    private var liveCount = 0
    private var deadPostings = 0
    private var totalPostings = 0
    private var totalLength: Double = 0

    private struct Posting: Sendable {
        var slot: Int32
        var frequency: Float
    }

    private struct TermWeight: Sendable {
        var term: Int32
        var frequency: Float
    }

    /// Makes an empty index.
    public init(termsPerStory: Int = 64, queryTerms: Int = 24) {
        self.termsPerStory = max(8, termsPerStory)
        self.queryTerms = max(4, queryTerms)
    }

    /// How many stories the index holds.
    public var count: Int { liveCount }

    /// True when the index holds the story.
    public func contains(id: Int64) -> Bool { slots[id] != nil }

    /// Adds a story, or replaces it when its id is already indexed.
    public mutating func add(_ story: IndexedStory) {
        if slots[story.id] != nil { remove(id: story.id) }
        let weighted = Self.weightedTerms(of: story)
        let kept = weighted.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(termsPerStory)
        let slot = Int32(storyIDs.count)
        var terms: [TermWeight] = []
        terms.reserveCapacity(kept.count)
        var length: Float = 0
        for (term, frequency) in kept {
            let id = termID(term)
            postings[Int(id)].append(Posting(slot: slot, frequency: frequency))
            documentFrequency[Int(id)] += 1
            terms.append(TermWeight(term: id, frequency: frequency))
            length += frequency
            totalPostings += 1
        }
        storyIDs.append(story.id)
        storyTerms.append(terms)
        lengths.append(length)
        alive.append(true)
        slots[story.id] = slot
        liveCount += 1
        totalLength += Double(length)
    }

    /// Removes a story; removing an id that is not indexed does nothing.
    public mutating func remove(id: Int64) {
        guard let slot = slots.removeValue(forKey: id) else { return }
        let index = Int(slot)
        alive[index] = false
        liveCount -= 1
        totalLength -= Double(lengths[index])
        for term in storyTerms[index] { documentFrequency[Int(term.term)] -= 1 }
        deadPostings += storyTerms[index].count
        storyTerms[index] = []
        // Postings of removed stories are skipped at query time and swept once they pile up.
        if deadPostings > 1_000, deadPostings * 2 > totalPostings { compact() }
    }

    /// The stories most like the indexed story `id`, best first, itself left out; empty when
    /// `id` is not indexed.
    public func related(to id: Int64, limit: Int = 5) -> [RelatedStory] {
        guard let slot = slots[id] else { return [] }
        let query = storyTerms[Int(slot)].map { (term: $0.term, frequency: $0.frequency) }
        return search(query, excluding: slot, limit: limit)
    }

    /// The indexed stories most like a story that need not be in the index (a draft, say).
    public func related(to story: IndexedStory, limit: Int = 5) -> [RelatedStory] {
        let excluded = slots[story.id] ?? -1
        let query = Self.weightedTerms(of: story).compactMap { term, frequency in
            termIDs[term].map { (term: $0, frequency: frequency) }
        }
        return search(query, excluding: excluded, limit: limit)
    }

    private func search(_ query: [(term: Int32, frequency: Float)], excluding: Int32, limit: Int) -> [RelatedStory] {
        guard limit > 0, liveCount > 1 else { return [] }
        let storyCount = Double(liveCount)
        let averageLength = max(totalLength / storyCount, 1)
        // The rarest terms say most about a story and have the shortest postings: look only at them.
        var weighted: [QueryTerm] = []
        for item in query {
            let frequency = Double(documentFrequency[Int(item.term)])
            guard frequency > 0 else { continue }
            let idf: Double = log(1 + (storyCount - frequency + 0.5) / (frequency + 0.5))
            weighted.append(QueryTerm(term: item.term, weight: idf * Double(item.frequency), frequency: frequency))
        }
        weighted.sort { $0.weight > $1.weight }
        // A dense accumulator beats a dictionary here: one pass of additions, then only touched slots are read.
        var scores = [Double](repeating: 0, count: storyIDs.count)
        var touched: [Int32] = []
        let k1 = 1.2
        let b = 0.75
        for item in weighted.prefix(queryTerms) {
            // Terms in more than a fifth of the archive barely separate stories; skip their long lists.
            if item.frequency > storyCount * 0.2, storyCount > 50 { continue }
            for posting in postings[Int(item.term)] where posting.slot != excluding && alive[Int(posting.slot)] {
                let slot = Int(posting.slot)
                let frequency = Double(posting.frequency)
                let relativeLength = Double(lengths[slot]) / averageLength
                let norm: Double = k1 * (1 - b + b * relativeLength)
                if scores[slot] == 0 { touched.append(posting.slot) }
                scores[slot] += item.weight * frequency * (k1 + 1) / (frequency + norm)
            }
        }
        var ranked: [RelatedStory] = []
        ranked.reserveCapacity(limit + 1)
        for slot in touched {
            let candidate = RelatedStory(id: storyIDs[Int(slot)], score: scores[Int(slot)])
            if ranked.count == limit, let worst = ranked.last, !Self.ranksBefore(candidate, worst) { continue }
            let position = ranked.firstIndex { Self.ranksBefore(candidate, $0) } ?? ranked.count
            ranked.insert(candidate, at: position)
            if ranked.count > limit { ranked.removeLast() }
        }
        return ranked
    }

    private static func ranksBefore(_ lhs: RelatedStory, _ rhs: RelatedStory) -> Bool {
        lhs.score != rhs.score ? lhs.score > rhs.score : lhs.id < rhs.id
    }

    private struct QueryTerm {
        var term: Int32
        var weight: Double
        var frequency: Double
    }

    private mutating func termID(_ term: String) -> Int32 {
        if let id = termIDs[term] { return id }
        let id = Int32(postings.count)
        termIDs[term] = id
        postings.append([])
        documentFrequency.append(0)
        return id
    }

    private mutating func compact() {
        for index in postings.indices {
            postings[index].removeAll { !alive[Int($0.slot)] }
        }
        totalPostings -= deadPostings
        deadPostings = 0
    }

    /// Term frequencies with the headline counted twice and each topic as one strong term.
    private static func weightedTerms(of story: IndexedStory) -> [String: Float] {
        var weights: [String: Float] = [:]
        for term in Term.terms(in: story.body) { weights[term, default: 0] += 1 }
        for term in Term.terms(in: story.headline) { weights[term, default: 0] += 2 }
        for topic in story.topics {
            let key = "topic:" + Gazetteer.key(topic)
            weights[key, default: 0] += 4
        }
        return weights
    }
}
