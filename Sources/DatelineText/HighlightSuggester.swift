import DatelineCore
import Foundation

/// One sentence considered for the Story Highlights, with what the scorer made of it.
public struct HighlightCandidate: Hashable, Sendable {
    /// The sentence's place in the story, from zero.
    public var position: Int
    /// The sentence as the story has it.
    public var text: String
    /// The sentence after clause trimming (the same text when nothing was trimmed).
    public var trimmed: String
    /// The feature vector, in the order of ``HighlightFeatures/names``.
    public var features: [Double]
    /// The model's score; higher is a better highlight.
    public var score: Double
    /// False for sentences never offered as highlights (too short, too long, page credits).
    public var isEligible: Bool
    /// The sentence's term numbers in its story's lexicon, sorted, for telling near repeats apart.
    var terms: [Int32]
}

/// Proposes a story's Highlights: three or four short sentences taken from the story, chosen
/// by a small linear scorer over position, length, vocabulary and topic features, with near
/// repeats left out and clauses trimmed.
public struct HighlightSuggester: Sendable {
    /// How many highlights to propose.
    public var count: Int
    /// The scorer's weights.
    public var model: HighlightModel
    /// Only the story's first sentences are weighed, so very long texts cost little.
    public var maximumSentences: Int

    /// Makes a suggester; `count` is clamped to what a story may carry.
    public init(count: Int = 3, model: HighlightModel = .fitted, maximumSentences: Int = 200) {
        self.count = min(max(count, 1), StoryLimits.highlightCount)
        self.model = model
        self.maximumSentences = max(maximumSentences, 1)
    }

    /// Highlights for a raw story text (dateline and residue are handled by the splitter).
    public func highlights(for text: String) -> [String] {
        StorySuggester(highlighter: self, maximumSentences: maximumSentences).suggestions(for: text).highlights
    }

    /// Highlights for a story already split, given its topics (which weigh in the scoring).
    public func highlights(for sentences: [Sentence], topics: [ExtractedTopic]) -> [String] {
        let sentences = Array(sentences.prefix(maximumSentences))
        let (words, lexicon) = Lexicon.interning(sentences.lazy.map(\.text))
        return highlights(for: sentences, words: words, lexicon: lexicon, topics: topics)
    }

    /// Highlights for sentences already cut into words (interned in `lexicon`).
    func highlights(for sentences: [Sentence], words: [[Word]], lexicon: Lexicon, topics: [ExtractedTopic])
        -> [String]
    {
        let candidates = self.candidates(for: sentences, words: words, lexicon: lexicon, topics: topics)
        guard Self.readsAsEnglish(words) else {
            // The scorer, the clause trimmer and the set choice were fitted on English news; on
            // other languages they do worse than the story's own opening, so the opening it is.
            return leadingSentences(of: candidates).map { Self.fitted($0.text) }
        }
        let chosen = choose(from: candidates)
        return chosen.map { candidate in
            Self.fitted(model.trimsClauses ? candidate.trimmed : candidate.text)
        }
    }

    /// The first ``count`` sentences that may be highlights, in story order.
    func leadingSentences(of candidates: [HighlightCandidate]) -> [HighlightCandidate] {
        var pool = candidates.filter(\.isEligible)
        if pool.isEmpty { pool = candidates.filter { !$0.text.isEmpty } }
        return Array(pool.prefix(count))
    }

    /// False when the text's commonest words are not English ones: in English news about two
    /// words in five are function words ("the", "of", "and", "to" …), in French, Spanish,
    /// German or Portuguese news well under one in ten are English function words. Short texts
    /// (under 40 words) count as English: too few words to tell.
    static func readsAsEnglish(_ words: [[Word]]) -> Bool {
        var seen = 0
        var english = 0
        for sentence in words {
            for word in sentence {
                seen += 1
                if word.marks.contains(.stopword) { english += 1 }
                if seen == 400 { return Double(english) / Double(seen) >= englishShare }
            }
        }
        return seen < 40 || Double(english) / Double(seen) >= englishShare
    }

    /// The least share of English function words a text must have to be scored as English.
    static let englishShare = 0.15

    /// Every sentence with its features and score, for inspection and for fitting the model.
    public func candidates(for sentences: [Sentence], topics: [ExtractedTopic]) -> [HighlightCandidate] {
        let sentences = Array(sentences.prefix(maximumSentences))
        let (words, lexicon) = Lexicon.interning(sentences.lazy.map(\.text))
        return candidates(for: sentences, words: words, lexicon: lexicon, topics: topics)
    }

    /// Scored sentences for sentences already cut into words (`words` parallel to `sentences`,
    /// interned in `lexicon`).
    func candidates(for sentences: [Sentence], words: [[Word]], lexicon: Lexicon, topics: [ExtractedTopic])
        -> [HighlightCandidate]
    {
        let sentences = Array(sentences.prefix(maximumSentences))
        let words = Array(words.prefix(sentences.count))
        let terms = words.map { lexicon.termSet(of: $0) }
        let trimmed = sentences.map { ClauseTrimmer.trimmed($0.text) }
        let vectors = HighlightFeatures.vectors(
            sentences: sentences, words: words, terms: terms, lexicon: lexicon, trimmed: trimmed, topics: topics)
        return sentences.indices.map { index in
            HighlightCandidate(
                position: index, text: sentences[index].text, trimmed: trimmed[index], features: vectors[index],
                score: model.score(vectors[index]), isEligible: Self.isEligible(sentences[index].text),
                terms: terms[index])
        }
    }

    /// The best set of eligible sentences, in story order: picked one at a time, each the best
    /// score less ``HighlightModel/diversityWeight`` times its overlap with the sentences already
    /// picked, and never one sharing more than ``HighlightModel/redundancyLimit`` of its terms with
    /// one of them.
    func choose(from candidates: [HighlightCandidate]) -> [HighlightCandidate] {
        var pool = candidates.filter(\.isEligible)
        if pool.isEmpty { pool = candidates.filter { !$0.text.isEmpty } }
        var chosen: [HighlightCandidate] = []
        var taken = [Bool](repeating: false, count: pool.count)
        while chosen.count < count {
            var best: (index: Int, value: Double)?
            for (index, candidate) in pool.enumerated() where !taken[index] {
                var overlap = 0.0
                for other in chosen {
                    let smaller = min(candidate.terms.count, other.terms.count)
                    guard smaller > 0 else { continue }
                    overlap = max(
                        overlap, Double(TermSet.sharedCount(candidate.terms, other.terms)) / Double(smaller))
                }
                if overlap > model.redundancyLimit { continue }
                let value = candidate.score - model.diversityWeight * overlap
                // Ties go to the earlier sentence.
                if value > (best?.value ?? -.infinity) { best = (index, value) }
            }
            guard let best else { break }
            taken[best.index] = true
            chosen.append(pool[best.index])
        }
        return chosen.sorted { $0.position < $1.position }
    }

    /// Sentences never offered: fragments, run-ons, credits and sign-offs.
    static func isEligible(_ sentence: String) -> Bool {
        // Headlines, bullet lists and other lines without an end mark are page parts, not sentences.
        guard let last = sentence.unicodeScalars.last,
            ScalarKind.isSentenceTerminator(last) || ScalarKind.isCloser(last)
        else { return false }
        var sentence = sentence
        return sentence.withUTF8 { bytes in
            // One pass counts the words and, where a byte (ASCII capitals read as small letters)
            // opens a credit line or "•", compares the rest. ASCII lower-casing is enough: the
            // credits are ASCII.
            let needles = Self.creditsAndBullet
            var words = 1
            for index in bytes.indices {
                let byte = bytes[index]
                if byte == UInt8(ascii: " ") {
                    words += 1
                    if words > 70 { return false }
                    continue
                }
                let folded = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
                guard Self.opensNeedle[Int(folded)] else { continue }
                for needle in needles where needle[0] == folded && bytes.hasCaseless(needle, at: index) {
                    return false
                }
            }
            return words >= 5
        }
    }

    /// The credits and "•" (as UTF-8), which no highlight contains.
    private static let creditsAndBullet: [[UInt8]] = credits + [Array("\u{2022}".utf8)]
    /// For each byte value, whether one of those opens with it.
    private static let opensNeedle: [Bool] = (0..<256).map { value in
        creditsAndBullet.contains { $0[0] == UInt8(value) }
    }

    /// Sign-offs and page furniture that no highlight contains, as UTF-8.
    private static let credits: [[UInt8]] = [
        "contributed to this report", "contributed reporting", "follow us on", "click here", "sign up",
    ].map { Array($0.utf8) }

    /// Keeps a highlight within ``StoryLimits/highlightLength``, cutting at a clause if it can.
    static func fitted(_ highlight: String) -> String {
        let limit = StoryLimits.highlightLength
        guard highlight.count > limit else { return highlight }
        let head = String(highlight.prefix(limit - 1))
        for separator in [" -- ", "; ", ", "] {
            if let range = head.range(of: separator, options: .backwards),
                head.distance(from: head.startIndex, to: range.lowerBound) > limit / 3
            {
                let clause = head[..<range.lowerBound]
                // "… in the U.S., he said" cut at the comma keeps the one period it has.
                let ended = clause.hasSuffix(".") || clause.hasSuffix("?") || clause.hasSuffix("!")
                return String(clause) + (ended ? "" : ".")
            }
        }
        if let space = head.lastIndex(of: " ") { return String(head[..<space]) + "\u{2026}" }
        return head + "\u{2026}"
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// True when `needle` (lower case) stands at `index`, ASCII capitals read as small letters.
    @inline(__always) fileprivate func hasCaseless(_ needle: [UInt8], at index: Int) -> Bool {
        guard count - index >= needle.count else { return false }
        for offset in needle.indices {
            let byte = self[index + offset]
            guard (byte >= 65 && byte <= 90 ? byte | 0x20 : byte) == needle[offset] else { return false }
        }
        return true
    }
}
