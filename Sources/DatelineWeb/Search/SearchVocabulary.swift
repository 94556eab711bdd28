import DatelineStore
import Foundation

/// The words a reader is likely to mean: every word of the published stories' headlines and
/// every topic name, with how many stories use it. Behind "Did you mean …?" and the search box's
/// suggestions as you type. Built from the store's published headlines and topics, so it is the
/// same on every backend, and kept per instance (``SearchVocabularyCache``).
struct SearchVocabulary: Sendable {
    /// A word as readers see it most often, and in how many headlines or topics it appears.
    struct Entry: Sendable {
        var display: String
        var count: Int
    }

    /// By folded form (lower case, no accents).
    private(set) var entries: [String: Entry] = [:]
    /// Folded forms by length, for finding near misses without comparing every word.
    private var byLength: [Int: [String]] = [:]
    /// Folded forms in order, for completing a prefix.
    private var sorted: [String] = []

    /// Words shorter than this are never corrected (too many near misses) nor suggested.
    static let shortestWord = 3

    init(headlines: [String], topics: [String]) {
        var displays: [String: [String: Int]] = [:]
        var counts: [String: Int] = [:]
        func add(_ text: String) {
            var seen: Set<String> = []
            for word in Self.words(in: text) where word.count >= Self.shortestWord {
                let key = Self.fold(word)
                guard !key.isEmpty, !key.allSatisfy(\.isNumber) else { continue }
                displays[key, default: [:]][String(word), default: 0] += 1
                if seen.insert(key).inserted { counts[key, default: 0] += 1 }
            }
        }
        headlines.forEach(add)
        topics.forEach(add)
        for (key, forms) in displays {
            // The form most often written; a capitalised headline word counts less than its
            // lower-case use elsewhere, so "City" in a title does not beat "city".
            let display =
                forms.max { a, b in
                    a.value != b.value ? a.value < b.value : a.key > b.key
                }?.key ?? key
            entries[key] = Entry(display: display, count: counts[key] ?? 1)
            byLength[key.count, default: []].append(key)
        }
        sorted = entries.keys.sorted()
    }

    /// The words of `text`: runs of letters, digits and inner apostrophes.
    static func words(in text: String) -> [Substring] {
        text.split { character in
            !(character.isLetter || character.isNumber || character == "'" || character == "’")
        }.map { $0.trimmingPrefix { $0 == "'" || $0 == "’" } }.filter { !$0.isEmpty }
    }

    /// Lower case without accents: the form words are compared in.
    static func fold(_ word: some StringProtocol) -> String {
        String(word).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
    }

    var isEmpty: Bool { entries.isEmpty }

    func contains(_ word: some StringProtocol) -> Bool { entries[Self.fold(word)] != nil }

    /// The most likely intended word for an unknown `word`: within one edit for words of up to
    /// four letters and two edits for longer ones (a letter left out, added, changed, or two
    /// swapped), the nearest first and then the most used. Nil for known or short words.
    func correction(for word: some StringProtocol) -> String? {
        let key = Self.fold(word)
        let length = key.count
        guard length >= Self.shortestWord, entries[key] == nil, !key.allSatisfy(\.isNumber) else { return nil }
        let limit = length <= 4 ? 1 : 2
        let typed = Array(key)
        var best: (distance: Int, count: Int, key: String)?
        for candidateLength in max(Self.shortestWord, length - limit)...(length + limit) {
            for candidate in byLength[candidateLength] ?? [] {
                guard let distance = Self.distance(typed, Array(candidate), limit: limit) else { continue }
                let count = entries[candidate]?.count ?? 0
                if let current = best,
                    current.distance < distance
                        || (current.distance == distance
                            && (current.count > count || (current.count == count && current.key < candidate)))
                {
                    continue
                }
                best = (distance, count, candidate)
            }
        }
        return best.flatMap { entries[$0.key]?.display }
    }

    /// `text` with every unknown plain word replaced by its correction; nil when nothing changed.
    /// Search syntax is left alone: words after a minus sign, words ending in a star, and the
    /// operators OR, AND and NOT.
    func suggestion(for text: String) -> String? {
        var result = ""
        var changed = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character.isLetter || character.isNumber else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            var end = index
            while end < text.endIndex, text[end].isLetter || text[end].isNumber || text[end] == "'" {
                end = text.index(after: end)
            }
            let word = text[index..<end]
            let excluded = index > text.startIndex && text[text.index(before: index)] == "-"
            let starred = end < text.endIndex && text[end] == "*"
            let isOperator = ["OR", "AND", "NOT"].contains(String(word))
            if !excluded, !starred, !isOperator, let correction = correction(for: word) {
                result += Self.matchingCase(of: word, correction)
                changed = true
            } else {
                result += word
            }
            index = end
        }
        return changed ? result : nil
    }

    /// Known words that start with `prefix` (folded), most used first.
    func completions(for prefix: String, limit: Int) -> [String] {
        let key = Self.fold(prefix)
        guard key.count >= 2 else { return [] }
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < key { low = middle + 1 } else { high = middle }
        }
        var found: [Entry] = []
        var position = low
        while position < sorted.count, sorted[position].hasPrefix(key), found.count < 500 {
            if let entry = entries[sorted[position]] { found.append(entry) }
            position += 1
        }
        return found.sorted { $0.count != $1.count ? $0.count > $1.count : $0.display < $1.display }
            .prefix(limit).map(\.display)
    }

    /// The correction written the way the reader wrote the word: all capitals, a capital first
    /// letter, or as the vocabulary has it.
    private static func matchingCase(of typed: Substring, _ correction: String) -> String {
        if typed.count > 1, typed.allSatisfy({ !$0.isLetter || $0.isUppercase }) { return correction.uppercased() }
        if typed.first?.isUppercase == true { return correction.prefix(1).uppercased() + correction.dropFirst() }
        return correction
    }

    /// Optimal string alignment distance (insertions, deletions, substitutions and swaps of two
    /// neighbours), or nil once it must exceed `limit`.
    static func distance(_ a: [Character], _ b: [Character], limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowBest = current[0]
            for j in 1..<(b.count + 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowBest = min(rowBest, value)
            }
            if rowBest > limit { return nil }
            (previous2, previous, current) = (previous, current, previous2)
        }
        let result = a.isEmpty ? b.count : previous[b.count]
        return result <= limit ? result : nil
    }
}

/// The instance's vocabulary, built on first use and rebuilt in the background at most once per
/// ``refreshInterval`` while searches come in, so a newly published story's words are suggested
/// within a minute or so and no search waits for a rebuild after the first.
actor SearchVocabularyCache {
    static let refreshInterval: TimeInterval = 60
    /// Headlines read per query while building, and the most read in all.
    static let pageSize = 50_000
    static let mostStories = 500_000

    private var current: SearchVocabulary?
    private var builtAt: Date?
    private var building: Task<SearchVocabulary, any Error>?

    func vocabulary(from store: any StoryStore, now: Date = Date()) async throws -> SearchVocabulary {
        if let current, let builtAt, now.timeIntervalSince(builtAt) < Self.refreshInterval { return current }
        if let current {
            if building == nil { startBuilding(from: store, now: now) }
            return current
        }
        if building == nil { startBuilding(from: store, now: now) }
        return try await building!.value
    }

    private func startBuilding(from store: any StoryStore, now: Date) {
        building = Task {
            defer { self.finished() }
            let vocabulary = try await Self.build(from: store)
            self.store(vocabulary, at: now)
            return vocabulary
        }
    }

    private func finished() { building = nil }

    private func store(_ vocabulary: SearchVocabulary, at time: Date) {
        current = vocabulary
        builtAt = time
    }

    static func build(from store: any StoryStore) async throws -> SearchVocabulary {
        var headlines: [String] = []
        var offset = 0
        while offset < mostStories {
            let page = try await store.publishedStoryStamps(since: nil, limit: pageSize, offset: offset)
            headlines += page.map(\.headline)
            if page.count < pageSize { break }
            offset += pageSize
        }
        let topics = try await store.publishedTopics().map(\.name)
        return SearchVocabulary(headlines: headlines, topics: topics)
    }
}
