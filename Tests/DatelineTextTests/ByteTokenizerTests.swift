import DatelineText
import Foundation
import Testing

/// The tokenizer reads ASCII sentences over their bytes and other sentences over their scalars;
/// both paths must cut the same words with the same traits, and the byte-level helpers that
/// came with them (lower-case forms, terms, clause trimming, line ends) must agree with the
/// string-level rules they replace.
@Suite struct ByteTokenizerTests {
    /// The shape of a word apart from its text, for comparing the two paths.
    func shape(_ word: Word) -> [Bool] {
        [word.isCapitalized, word.opensClause, word.followsPunctuation, word.isAllCapitals, word.hasDigit]
    }

    @Test func asciiAndScalarPathsCutTheSameWords() {
        let ascii = "\"We won,\" said Sen. G. Thorpe of the U.S. Senate; NATO's $41.1 million (2,500 jobs) -- al-Assad"
        // One non-ASCII word at the end sends the whole sentence down the scalar path.
        let mixed = ascii + " Zoë"
        let byBytes = WordTokenizer.words(in: ascii)
        let byScalars = WordTokenizer.words(in: mixed)
        #expect(byScalars.count == byBytes.count + 1)
        #expect(byScalars.prefix(byBytes.count).map(\.text) == byBytes.map(\.text))
        #expect(byScalars.prefix(byBytes.count).map(\.lower) == byBytes.map(\.lower))
        #expect(byScalars.prefix(byBytes.count).map(shape) == byBytes.map(shape))
        #expect(
            byBytes.map(\.text) == [
                "We", "won", "said", "Sen", "G.", "Thorpe", "of", "the", "U.S.", "Senate", "NATO's", "41.1", "million",
                "2,500", "jobs", "al-Assad",
            ])
        #expect(byScalars.last?.text == "Zoë")
    }

    @Test func lowerCaseFormsAndTraits() {
        let words = WordTokenizer.words(in: "ÉLYSÉE Straße NATO U.N. Zoë 2015 ٣٤ iPhone")
        #expect(words.map(\.text) == ["ÉLYSÉE", "Straße", "NATO", "U.N.", "Zoë", "2015", "٣٤", "iPhone"])
        #expect(words.map(\.lower) == words.map { $0.text.lowercased() })
        #expect(words.map(\.isAllCapitals) == [true, false, true, true, false, false, false, false])
        // Digits of any script count as digits.
        #expect(words.map(\.hasDigit) == [false, false, false, false, false, true, true, false])
        #expect(words.map(\.isCapitalized) == [true, true, true, true, true, false, false, false])
    }

    @Test func aWordMadeByHandReadsItsOwnText() {
        var word = Word(text: "NATO", isCapitalized: true, opensClause: false, followsPunctuation: false)
        #expect(word.lower == "nato")
        #expect(word.isAllCapitals)
        word.text = "Élysée 2"
        #expect(word.lower == "élysée 2")
        #expect(!word.isAllCapitals)
        #expect(word.hasDigit)
    }

    @Test func repairedAndOddInputCutsCleanly() {
        // Invalid UTF-8 arrives as U+FFFD replacement characters, which are not word stuff.
        let repaired = String(decoding: [0x41, 0x62, 0xFF, 0x43, 0x20, 0xC3, 0x28, 0x64], as: UTF8.self)
        #expect(WordTokenizer.words(in: repaired).map(\.text) == ["Ab", "C", "d"])
        #expect(WordTokenizer.words(in: "").isEmpty)
        #expect(WordTokenizer.words(in: "... -- !!").isEmpty)
        #expect(WordTokenizer.words(in: "\u{1F600} ok").map(\.text) == ["ok"])
        // A word at the very end, and a lone letter, are whole.
        #expect(WordTokenizer.words(in: "a").map(\.text) == ["a"])
        #expect(WordTokenizer.words(in: "U.S.").map(\.text) == ["U.S."])
    }

    @Test(arguments: [
        "Kidneys", "kidney's", "U.S.", "U.S.'s", "studies", "classes", "running", "walked", "bus", "analysis",
        "it's", "The", "Said", "ing", "bed", "sing", "feed", "ties", "dies", "CNN", "2015", "41.1", "al-Assad",
        "O'Brien", "don't", "Élysée", "naïve's", "RUNNING", "A.",
    ])
    func termsOfWordsMatchTermsOfTheirText(text: String) {
        for word in WordTokenizer.words(in: text) {
            #expect(Term.of(word) == Term.of(word.text), "\(word.text)")
        }
    }

    @Test func clauseTrimmingAgreesOnAsciiAndOtherText() {
        let pairs = [
            (
                "But the council voted to close the {town} bridge, officials said.",
                "The council voted to close the {town} bridge."
            ),
            ("However, rain fell (again) on {town}, police said?", "Rain fell on {town}?"),
            ("\"We won in {town},\" he said.", "\"We won in {town},\" he said."),
            (
                "and the river rose two feet over {town}, according to the agency.",
                "And the river rose two feet over {town}."
            ),
        ]
        // "Oslo" keeps the sentence ASCII (the byte path); "Øslo" sends it down the character path.
        for town in ["Oslo", "Øslo"] {
            for (sentence, trimmed) in pairs {
                #expect(
                    ClauseTrimmer.trimmed(sentence.replacingOccurrences(of: "{town}", with: town))
                        == trimmed.replacingOccurrences(of: "{town}", with: town))
            }
        }
    }

    @Test func asidesInParenthesesAreRemovedAlikeOnBothPaths() {
        let sentences = [
            "The plan (first drawn up in 2019 ) was dropped ; {town} (the port) objected .",
            "(Reuters) {town} voted (narrowly) to close the bridge , officials said.",
            "{town} (which (twice) voted no) closed the bridge.", "{town} closed it (for now.",
            "{town}  closed   it (for good)   :  the council agreed.",
        ]
        for sentence in sentences {
            let ascii = ClauseTrimmer.trimmed(sentence.replacingOccurrences(of: "{town}", with: "Oslo"))
            let other = ClauseTrimmer.trimmed(sentence.replacingOccurrences(of: "{town}", with: "Øslo"))
            #expect(ascii == other.replacingOccurrences(of: "Øslo", with: "Oslo"), "\(sentence)")
        }
        #expect(
            ClauseTrimmer.trimmed("The council (which met twice) voted against the plan.")
                == "The council voted against the plan.")
    }

    @Test func batchLinesEndingsAndNoFinalNewline() {
        var output = Data()
        let input = Data(
            "{\"id\": 1, \"article\": \"Rain fell on Oslo all week.\"}\r\n\r\n{\"id\": 2, \"article\": \"Snow fell.\"}"
                .utf8)
        let summary = HighlightBatch().run(input, write: { output += $0 })
        #expect(summary.written == 2)
        #expect(summary.problems.isEmpty)
        #expect(output.split(separator: UInt8(ascii: "\n")).count == 2)
        // A bad line keeps its number when earlier lines are blank.
        let bad = HighlightBatch().run(Data("\n\nnot json".utf8), write: { _ in })
        #expect(bad.problems == ["line 3: not valid JSON; skipped"])
    }
}
