import DatelineCore

/// What Dateline proposes for one story: its highlights and "All About" topics.
public struct StorySuggestions: Hashable, Sendable {
    /// The proposed Story Highlights, in story order.
    public var highlights: [String]
    /// The proposed topics, most salient first.
    public var topics: [ExtractedTopic]
    /// Every person, place and organisation found, most salient first (a longer list than `topics`).
    public var entities: [ExtractedTopic]
    /// The dateline found at the head of the text; empty when none.
    public var dateline: Dateline

    /// Makes a suggestions value.
    public init(highlights: [String], topics: [ExtractedTopic], dateline: Dateline, entities: [ExtractedTopic] = []) {
        self.highlights = highlights
        self.topics = topics
        self.entities = entities
        self.dateline = dateline
    }
}

/// Reads a story once and proposes both its highlights and its topics, as the importer, the
/// newsroom and `dateline highlights` need them.
public struct StorySuggester: Sendable {
    /// The highlight chooser.
    public var highlighter: HighlightSuggester
    /// The topic finder.
    public var topicExtractor: TopicExtractor
    /// Only this many sentences are read for topics, so a huge text costs little.
    public var maximumSentences: Int

    /// Makes a suggester with Dateline's shipped settings unless told otherwise.
    public init(
        highlighter: HighlightSuggester = HighlightSuggester(), topicExtractor: TopicExtractor = TopicExtractor(),
        maximumSentences: Int = 400
    ) {
        self.highlighter = highlighter
        self.topicExtractor = topicExtractor
        self.maximumSentences = max(1, maximumSentences)
    }

    /// Suggestions for a story text; `headline`, when known, weighs in the topic ranking.
    ///
    /// The text may be copy in any form: markup, entities, slugs and tokenisation are cleaned
    /// away first (``CopyCleaner``), so the highlights and topics are plain text.
    public func suggestions(for text: String, headline: String? = nil) -> StorySuggestions {
        let split = SentenceSplitter().split(scalars: CopyCleaner.plainScalars(text))
        let sentences = Array(split.sentences.prefix(maximumSentences))
        var (words, lexicon) = Lexicon.interning(sentences.lazy.map(\.text))
        let ranked = topicExtractor.entities(
            inWords: words, lexicon: &lexicon, headline: headline, exclude: split.dateline.source, keepsOther: true)
        let topics = topicExtractor.topics(fromRanked: ranked, exclude: split.dateline.source)
        var highlights = highlighter.highlights(for: sentences, words: words, lexicon: lexicon, topics: topics)
        if split.isCaseless {
            // Lower-case copy: a highlight still reads as a sentence.
            highlights = highlights.map(Self.capitalisingFirstLetter)
        }
        return StorySuggestions(
            highlights: highlights, topics: topics, dateline: split.dateline,
            entities: ranked.filter { $0.kind != .other && !$0.forms.isEmpty })
    }

    /// "\"it's a good day,\" said …" → "\"It's a good day,\" said …".
    static func capitalisingFirstLetter(_ sentence: String) -> String {
        guard let first = sentence.firstIndex(where: \.isLetter) else { return sentence }
        return sentence[..<first] + sentence[first...].prefix(1).uppercased()
            + sentence[sentence.index(after: first)...]
    }

    /// The scored sentences of a story, for fitting and inspecting the highlight model.
    public func candidates(for text: String) -> [HighlightCandidate] {
        let split = SentenceSplitter().split(scalars: CopyCleaner.plainScalars(text))
        let sentences = Array(split.sentences.prefix(maximumSentences))
        var (words, lexicon) = Lexicon.interning(sentences.lazy.map(\.text))
        let topics = topicExtractor.topics(
            inWords: words, lexicon: &lexicon, headline: nil, exclude: split.dateline.source)
        return highlighter.candidates(for: sentences, words: words, lexicon: lexicon, topics: topics)
    }
}
