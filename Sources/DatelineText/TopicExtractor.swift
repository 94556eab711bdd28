import DatelineCore

/// A person, place or organisation a story is about, as the topic extractor found it.
public struct ExtractedTopic: Hashable, Sendable {
    /// The canonical display name ("Vojislav Kostunica", "United Nations").
    public var name: String
    /// What the name stands for, as far as the rules can tell.
    public var kind: TopicKind
    /// How many times the story names it, under any of its forms.
    public var mentions: Int
    /// The ranking score: mentions weighted by how early and prominently they come.
    public var salience: Double
    /// Every form the story writes the name in ("Nasser Hussain", "Hussain"), commonest first.
    public var forms: [String]
    /// What the kind model read of the name; filled only for fitting (``TopicExtractor/candidates(in:)``).
    public internal(set) var features: [String] = []

    /// Makes a topic value.
    public init(name: String, kind: TopicKind, mentions: Int, salience: Double, forms: [String]? = nil) {
        self.name = name
        self.kind = kind
        self.mentions = mentions
        self.salience = salience
        self.forms = forms ?? [name]
    }

    /// The topic as the rest of Dateline stores it, with its stable slug; nil for a name without
    /// letters or digits.
    public var topic: Topic? { Topic(name: name) }
}

/// Finds the people, places and organisations a story is "All About", ranked by salience, under
/// canonical names so one topic page collects every story about them.
///
/// The method is rule-based: runs of capitalised words, with sentence openers, titles and
/// possessives handled, merged by alias (a gazetteer of countries and organisations), by surname
/// ("Kostunica" joins "Vojislav Kostunica") and by acronym.
public struct TopicExtractor: Sendable {
    /// The most topics returned.
    public var maximumCount: Int
    /// The least salience a topic needs to be returned; one early mention scores about 2.5.
    public var minimumSalience: Double

    /// Makes an extractor.
    public init(maximumCount: Int = 6, minimumSalience: Double = 2.5) {
        self.maximumCount = max(0, maximumCount)
        self.minimumSalience = minimumSalience
    }

    /// The topics of a story text (dateline and residue are handled by the splitter).
    public func topics(in text: String, headline: String? = nil) -> [ExtractedTopic] {
        let split = SentenceSplitter().split(scalars: CopyCleaner.plainScalars(text))
        return topics(inSentences: split.sentences.map(\.text), headline: headline, exclude: split.dateline.source)
    }

    /// The topics of a story already split into sentences; `exclude` names a source to leave out
    /// (a story's own wire, "CNN", is never what it is about).
    public func topics(inSentences sentences: [String], headline: String? = nil, exclude: String? = nil)
        -> [ExtractedTopic]
    {
        var (words, lexicon) = Lexicon.interning(sentences)
        return topics(inWords: words, lexicon: &lexicon, headline: headline, exclude: exclude)
    }

    /// The topics of a story whose sentences are already cut into words (interned in `lexicon`).
    func topics(inWords sentences: [[Word]], lexicon: inout Lexicon, headline: String?, exclude: String?)
        -> [ExtractedTopic]
    {
        topics(
            fromRanked: entities(
                inWords: sentences, lexicon: &lexicon, headline: headline, exclude: exclude, keepsOther: true),
            exclude: exclude)
    }

    /// The short "All About" list from a story's ranked names: the most salient, enough of them,
    /// never the wire that sent the story ("CNN", "AP", "Reuters", or the dateline's source).
    func topics(fromRanked ranked: [ExtractedTopic], exclude: String?) -> [ExtractedTopic] {
        var excluded: Set<String> = ["cnn", "ap", "reuters"]
        if let exclude { excluded.insert(Gazetteer.key(exclude)) }
        let kept = ranked.filter { topic in
            let key = Gazetteer.key(topic.name)
            return !excluded.contains(key) && !excluded.contains(where: { key.hasPrefix($0 + " ") })
                && topic.salience >= minimumSalience
        }
        return Array(kept.prefix(maximumCount))
    }

    /// Every person, place and organisation of a story, most salient first, however often named.
    public func entities(in text: String, headline: String? = nil) -> [ExtractedTopic] {
        let split = SentenceSplitter().split(scalars: CopyCleaner.plainScalars(text))
        var (words, lexicon) = Lexicon.interning(split.sentences.lazy.map(\.text))
        return entities(
            inWords: words, lexicon: &lexicon, headline: headline, exclude: split.dateline.source, keepsOther: false)
    }

    /// Every capitalised name the story holds, those the kind model turns down included (as
    /// `.other`), each with the features the model read: what bench/topics/fit.py fits on.
    public func candidates(in text: String) -> [ExtractedTopic] {
        let split = SentenceSplitter().split(scalars: CopyCleaner.plainScalars(text))
        var (words, lexicon) = Lexicon.interning(split.sentences.lazy.map(\.text))
        return entities(
            inWords: words, lexicon: &lexicon, headline: nil, exclude: nil, keepsOther: true, keepsUnclassified: true
        ).filter { !$0.forms.isEmpty }
    }

    /// Every name of a story, most salient first; `keepsOther` keeps names of no known kind too.
    /// The story's own wire ("Reuters") is left out of topics, not of entities.
    func entities(
        inWords sentences: [[Word]], lexicon: inout Lexicon, headline: String?, exclude: String?, keepsOther: Bool,
        keepsUnclassified: Bool = false
    ) -> [ExtractedTopic] {
        let commonWords = CommonWords(sentences, lexicon: lexicon)
        var mentions: [Mention] = []
        if let headline {
            // Interned after the common words were read, so the headline's own words do not count.
            mentions += MentionReader.mentions(
                in: WordTokenizer.words(in: headline, lexicon: &lexicon), position: -1, commonWords: commonWords)
        }
        for (position, sentence) in sentences.enumerated() {
            mentions += MentionReader.mentions(in: sentence, position: position, commonWords: commonWords)
        }
        var groups = TopicGroups(mentions: mentions)
        let ranked = groups.resolve(keepsUnclassified: keepsUnclassified)
        // A country named only by its adjective ("Serbian") is a topic, not a name the story wrote.
        return keepsOther ? ranked : ranked.filter { $0.kind != .other && !$0.forms.isEmpty }
    }
}

/// The words a story writes in small letters somewhere ("storm" as well as "Storm"): a
/// capitalised sentence opener that is one of them is no name.
struct CommonWords {
    private var byLexeme: [Bool]

    /// Reads the words of a story interned in `lexicon`.
    init(_ sentences: [[Word]], lexicon: Lexicon) {
        byLexeme = [Bool](repeating: false, count: lexicon.forms.count)
        for sentence in sentences {
            for word in sentence where !word.isCapitalized && word.lexeme >= 0 && word.text == word.lower {
                byLexeme[Int(word.lexeme)] = true
            }
        }
    }

    /// True when the story writes `word`'s lower-case form as it is, in small letters.
    func contains(_ word: Word) -> Bool {
        word.lexeme >= 0 && Int(word.lexeme) < byLexeme.count && byLexeme[Int(word.lexeme)]
    }
}

/// One capitalised phrase found in a sentence.
struct Mention {
    /// The words of the name, titles and possessives removed.
    var words: [String]
    /// The sentence index; -1 for the headline.
    var position: Int
    /// True when the phrase starts a sentence or quotation, where capitals prove nothing.
    var atClauseStart: Bool
    /// True when a title ("Sen.", "Prime Minister") stood before the name: a person.
    var titled: Bool
    /// The weight of a mention of a country by its adjective ("Serbian" for Serbia).
    var isDemonym: Bool = false
    /// The word before the name as the kind model reads it (see ``MentionReader/context(_:)``).
    var before: String = "^"
    /// The word after the name, read the same way.
    var after: String = "$"
    /// True when punctuation stands right before the name.
    var punctuationBefore = false
    /// True when punctuation stands right after the name.
    var punctuationAfter = false
}
