import DatelineCore
import Foundation
import Testing

@testable import DatelineText

/// The integer plumbing under the text engine: the story lexicon, its term sets, the word-list
/// marks, the entity model's weight rows and the hand-written JSON lines must each give exactly
/// what the string-keyed code they replaced gave.
@Suite struct LexiconTests {
    @Test func oneLexemePerLowerCaseFormOnBothPaths() {
        var lexicon = Lexicon()
        let ascii = WordTokenizer.words(in: "Storm hit the storm wall; STORM warnings", lexicon: &lexicon)
        // A non-ASCII word sends the sentence down the scalar path; "storm" must meet its lexeme there.
        let mixed = WordTokenizer.words(in: "Zoë saw the Storm and zoë left", lexicon: &lexicon)
        let storms = (ascii + mixed).filter { $0.lower == "storm" }
        #expect(storms.count == 4)
        #expect(Set(storms.map(\.lexeme)).count == 1)
        let zoes = mixed.filter { $0.lower == "zoë" }
        #expect(zoes.count == 2)
        #expect(zoes[0].lexeme == zoes[1].lexeme)
        #expect(zoes[0].lexeme != storms[0].lexeme)
        // Written as before: the text as written, the lower-case form from the lexicon.
        #expect(ascii.map(\.text) == WordTokenizer.words(in: "Storm hit the storm wall; STORM warnings").map(\.text))
        #expect(lexicon.forms[Int(storms[0].lexeme)] == "storm")
    }

    @Test func termSetsMatchTheStringTerms() {
        var lexicon = Lexicon()
        let sentences = [
            "The kidneys of the U.S. donors; a kidney's journey", "Bombings and the bombing of Kidneys",
            "Élysée talks: the Élysée said nothing", "",
        ]
        let words = sentences.map { WordTokenizer.words(in: $0, lexicon: &lexicon) }
        var numbered: [String: Int32] = [:]
        for (sentence, sentenceWords) in zip(sentences, words) {
            let set = lexicon.termSet(of: sentenceWords)
            #expect(set == set.sorted())
            #expect(Set(set).count == set.count)
            let strings = Set(WordTokenizer.words(in: sentence).compactMap { Term.of($0) })
            #expect(set.count == strings.count, "\(sentence)")
            for term in strings {
                let number = lexicon.termNumber(of: term)
                #expect(number.map(set.contains) == true, "\(term)")
                if let number { #expect(numbered.updateValue(number, forKey: term).map { $0 == number } ?? true) }
            }
        }
        #expect(lexicon.termNumber(of: "kidney") == lexicon.termNumber(of: Term.of("Kidneys") ?? ""))
        #expect(lexicon.termNumber(of: "unseen") == nil)
        #expect(lexicon.termCount == numbered.count)
    }

    @Test func termSetsShareAsSetsDo() {
        #expect(TermSet.sharedCount([1, 3, 5, 9], [2, 3, 9, 10]) == 2)
        #expect(TermSet.sharedCount([], [1]) == 0)
        #expect(TermSet.intersects([1, 4], [2, 4]))
        #expect(!TermSet.intersects([1, 3], [2, 4]))
    }

    @Test func marksAreTheWordListsMemberships() {
        let lists: [(Set<String>, Word.Marks)] = [
            (Stopwords.english, .stopword), (HighlightFeatures.danglingOpeners, .danglingOpener),
            (HighlightFeatures.personalWords, .personal), (["said", "says", "told", "according"], .attribution),
            (MentionReader.connectors, .connector), (MentionReader.titles, .title),
            (MentionReader.notNames, .notName), (Abbreviations.sentenceOpeners, .sentenceOpener),
        ]
        let everyWord = lists.reduce(into: Set<String>()) { $0.formUnion($1.0) }.union(["storm", "gen.", "sen.", "x"])
        for word in everyWord {
            let marks = Word.Marks.of(word)
            for (list, mark) in lists where mark != .title {
                #expect(marks.contains(mark) == list.contains(word), "\(word)")
            }
            let bare = word.replacingOccurrences(of: ".", with: "")
            #expect(
                marks.contains(.title) == (MentionReader.titles.contains(word) || MentionReader.titles.contains(bare)))
        }
        // A word made outside a lexicon reads its marks when asked.
        #expect(
            Word(text: "Said", isCapitalized: true, opensClause: false, followsPunctuation: false).marks.contains(
                .attribution))
    }

    @Test func entityRowsScoreAsTheNamedWeightsDo() throws {
        let fitted = FittedEntityWeights.weights
        try #require(!fitted.isEmpty)
        let table = EntityKindModel.Table(fitted)
        // Every fitted name is reachable as a fixed cue or a prefix with a value, at its sorted row.
        let sorted = fitted.keys.sorted()
        var reached = 0
        for cue in EntityCue.allCases where table.fixedRows[cue.rawValue] >= 0 {
            #expect(sorted[Int(table.fixedRows[cue.rawValue])] == cue.name)
            reached += 1
        }
        for prefix in EntityCuePrefix.allCases {
            for (value, row) in table.valueRows[prefix.rawValue] {
                #expect(sorted[Int(row)] == prefix.name + ":" + value)
                reached += 1
            }
        }
        #expect(reached == fitted.count)
        // A handful of cue sets: the row sum picks the class the name-keyed sum picks.
        let samples: [[(EntityCuePrefix?, EntityCue?, String)]] = [
            [(nil, .bias, ""), (.words, nil, "2"), (.before, nil, "said"), (.after, nil, "#n"), (nil, .titled, "")],
            [(nil, .bias, ""), (.words, nil, "1"), (.before, nil, "in"), (nil, .capitalsOnly, ""), (nil, .bias, "")],
            [(nil, .bias, ""), (.lastThree, nil, "ity"), (.before, nil, "zzz-unknown"), (nil, .organisationEnd, "")],
        ]
        for sample in samples {
            var rows = EntityKindModel.Rows()
            var names = EntityKindModel.Names()
            for (prefix, cue, value) in sample {
                if let cue {
                    rows.add(cue)
                    names.add(cue)
                } else if let prefix {
                    rows.add(prefix, value)
                    names.add(prefix, value)
                }
            }
            var scores = [Double](repeating: 0, count: EntityKindModel.classes.count)
            for name in names.names.sorted() {
                guard let row = fitted[name] else { continue }
                for index in scores.indices { scores[index] += row[index] }
            }
            var best = 0
            for index in scores.indices where scores[index] > scores[best] { best = index }
            #expect(EntityKindModel.kind(of: rows)?.kind == EntityKindModel.classes[best])
        }
    }

    @Test func handWrittenLinesAreJSONEncodersBytes() throws {
        let awkward = [
            "plain", "quote \" and back\\slash / slash", "controls \u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}",
            "line seps \u{2028}\u{2029} and é 😀 \u{FEFF}", "",
        ]
        let suggestions = StorySuggestions(
            highlights: awkward, topics: [ExtractedTopic(name: awkward[1], kind: .place, mentions: 1, salience: 3)],
            dateline: Dateline(),
            entities: [
                ExtractedTopic(name: awkward[2], kind: .person, mentions: 2, salience: 4, forms: awkward),
                ExtractedTopic(name: "Fairport", kind: .organisation, mentions: 1, salience: 1),
            ])
        struct Entity: Encodable {
            var forms: [String]?
            var kind: String
            var name: String
        }
        struct Line: Encodable {
            var entities: [Entity]
            var highlights: [String]
            var id: StoryID
            var topics: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        for id in [StoryID.text("a/\"1\""), .integer(-42), .number(7.5)] {
            for forms in [false, true] {
                var written = Data()
                try ResultLine.write(suggestions, id: id, forms: forms, to: &written, encoder: encoder)
                let expected = try encoder.encode(
                    Line(
                        entities: suggestions.entities.map {
                            Entity(forms: forms ? $0.forms : nil, kind: $0.kind.entityLabel, name: $0.name)
                        },
                        highlights: suggestions.highlights, id: id, topics: suggestions.topics.map(\.name)))
                #expect(written == expected, "\(String(decoding: written, as: UTF8.self))")
            }
        }
    }

    @Test func quickLineReaderAgreesWithJSONDecoder() throws {
        // (line, whether the quick reader takes it or leaves it to JSONDecoder)
        let lines: [(String, Bool)] = [
            (#"{"id": "a", "article": "x"}"#, true),
            (#"{"article": "esc \" \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00 é", "id": 12}"#, true),
            (
                #"{"id": -5, "url": "http://x", "highlights": ["a", {"b": [1, 2.5e3, true, null]}], "article": "y"}"#,
                true
            ),
            (#"  {"id":"a","article":""}  "#, true),
            (#"{"id": 1.5, "article": "z"}"#, false),
            (#"{"id": "a", "article": "x", "id": "b"}"#, false),
            (#"{"id": "a", "article": "\ud800"}"#, false),
            (#"{"id": 01, "article": "x"}"#, false),
            (#"{"id": 99999999999999999999, "article": "x"}"#, false),
            (#"{"id": "a", "article": "x"} trailing"#, false),
            (#"{"id": "a"}"#, false),
            (#"["id", "article"]"#, false),
        ]
        for (line, quick) in lines {
            let bytes = Data(line.utf8)
            let read = bytes.withUnsafeBytes { QuickStoryLine.read($0) }
            #expect((read != nil) == quick, "\(line)")
            guard let read else { continue }
            let decoded = try JSONDecoder().decode(StoryLine.self, from: bytes)
            #expect(read.id == decoded.id, "\(line)")
            #expect(read.article == decoded.article, "\(line)")
            // And the line as the batch reads it, through whichever path.
            let viaBatch = try StoryLine.decode(bytes[...])
            #expect(viaBatch.id == read.id && viaBatch.article == read.article)
        }
    }

    @Test func byteChecksAgreeWithCharacterChecks() {
        let texts = [
            "", "Plain.", "Is it?", "\"Is it?\"", "Is it?\u{201D}", "“Quoted” text", "«Guillemets»", "a\r\nb",
            "e\u{301}tude?", "Zoë said \"no\".", "?", "\"", "\u{201D}", "Why? Because.", "naïve « x",
        ]
        for text in texts {
            #expect(ByteText.characterCount(text) == text.count, "\(text)")
            #expect(ByteText.hasQuote(text) == text.unicodeScalars.contains(where: ScalarKind.isQuote), "\(text)")
            #expect(
                ByteText.endsAsQuestion(text)
                    == (text.hasSuffix("?") || text.hasSuffix("?\"") || text.hasSuffix("?\u{201D}")), "\(text)")
        }
    }
}
