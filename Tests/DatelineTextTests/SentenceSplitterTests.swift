import DatelineCore
import DatelineText
import Testing

@Suite struct SentenceSplitterTests {
    let splitter = SentenceSplitter()

    @Test func abbreviationsAndTitlesDoNotEndSentences() {
        let text = """
            Gov. Maria Olvera met Sen. Tom Bright at the U.N. on Jan. 12 with Dr. Ana Pike. \
            They walked down Elm St. together. Then Mr. Bright left.
            """
        #expect(
            splitter.sentences(in: text) == [
                "Gov. Maria Olvera met Sen. Tom Bright at the U.N. on Jan. 12 with Dr. Ana Pike.",
                "They walked down Elm St. together.",
                "Then Mr. Bright left.",
            ])
    }

    @Test func abbreviationAtTheEndOfASentence() {
        let text =
            "The aid convoy finally reached the U.S. The drivers slept for a day. Troops left the U.K. last week."
        #expect(
            splitter.sentences(in: text) == [
                "The aid convoy finally reached the U.S.",
                "The drivers slept for a day.",
                "Troops left the U.K. last week.",
            ])
    }

    @Test func initialsStayWithTheName() {
        let text = "Guard T.J. Ford scored 20 points. Coach George W. Haskins was pleased."
        #expect(
            splitter.sentences(in: text) == [
                "Guard T.J. Ford scored 20 points.", "Coach George W. Haskins was pleased.",
            ])
    }

    @Test func decimalsAndMoney() {
        let text = "The deal is worth $41.1 million. Shares rose 3.5 percent to 12.75 euros. No. 2 seed lost."
        #expect(
            splitter.sentences(in: text) == [
                "The deal is worth $41.1 million.", "Shares rose 3.5 percent to 12.75 euros.", "No. 2 seed lost.",
            ])
    }

    @Test func quotesThatEndSentences() {
        let text = """
            "We will rebuild the bridge," the mayor said. "It will take a year." She paused. \
            "Why now?" asked one farmer. 'It is over.' The crowd left.
            """
        #expect(
            splitter.sentences(in: text) == [
                "\"We will rebuild the bridge,\" the mayor said.",
                "\"It will take a year.\"",
                "She paused.",
                "\"Why now?\" asked one farmer.",
                "'It is over.'",
                "The crowd left.",
            ])
    }

    @Test func curlyQuotesAndEllipses() {
        let text = "“Not now… not ever,” he wrote. The vote was close... Very close. He waited … Nothing came."
        #expect(
            splitter.sentences(in: text) == [
                "“Not now… not ever,” he wrote.", "The vote was close...", "Very close.", "He waited …",
                "Nothing came.",
            ])
    }

    @Test func wireDatelineIsKeptApart() {
        let split = splitter.split("KUALA LUMPUR, Malaysia (AP) -- Rain flooded the capital. Schools closed.")
        #expect(split.dateline == Dateline(place: "KUALA LUMPUR, Malaysia", source: "AP"))
        #expect(split.sentences.map(\.text) == ["Rain flooded the capital.", "Schools closed."])
    }

    @Test func networkDatelineWithAndWithoutDash() {
        let dashed = splitter.split("(CNN) -- Serbia told the council it would never agree.")
        #expect(dashed.dateline == Dateline(place: nil, source: "CNN"))
        #expect(dashed.sentences.first?.text == "Serbia told the council it would never agree.")

        let glued = splitter.split("New Delhi, India (CNN)The ambassador was recalled on Friday.")
        #expect(glued.dateline == Dateline(place: "New Delhi, India", source: "CNN"))
        #expect(glued.sentences.first?.text == "The ambassador was recalled on Friday.")

        let capitalsOnly = splitter.split("WASHINGTON -- The Senate passed the bill.")
        #expect(capitalsOnly.dateline == Dateline(place: "WASHINGTON", source: nil))
        #expect(capitalsOnly.sentences.first?.text == "The Senate passed the bill.")
    }

    @Test func parenthesesInsideASentenceAreNoDateline() {
        let split = splitter.split("Lawmakers (D) voted against it. The bill failed.")
        #expect(split.dateline.isEmpty)
        #expect(split.sentences.first?.text == "Lawmakers (D) voted against it.")
        let lower = splitter.split("Rep. Ann Vale (D) said no.")
        #expect(lower.dateline.isEmpty)
    }

    @Test func pageResidueIsDropped() {
        let text = """
            "Kosovo is ours," he said. E-mail to a friend E-mail to a friend

            All About Kosovo Serbia

            Print

            Copyright 2008 CNN. All rights reserved.
            """
        #expect(splitter.sentences(in: text) == ["\"Kosovo is ours,\" he said."])
    }

    @Test func blankLinesEndSentencesAndNumberParagraphs() {
        let split = splitter.split("Storm Warning For Coast\n\nThe storm hit at dawn. Roads closed.\n\nPower is back")
        #expect(
            split.sentences.map(\.text) == [
                "Storm Warning For Coast", "The storm hit at dawn.", "Roads closed.", "Power is back",
            ])
        #expect(split.sentences.map(\.paragraph) == [0, 1, 1, 2])
    }

    @Test func singleNewlinesAreSpaces() {
        #expect(
            splitter.sentences(in: "The river rose\nsix feet overnight. Nobody\nwas hurt.") == [
                "The river rose six feet overnight.", "Nobody was hurt.",
            ])
    }

    @Test func pagesThatRunParagraphsTogether() {
        #expect(
            splitter.sentences(in: "The plant closed on Monday.Workers were sent home. Visit CNN.com today.") == [
                "The plant closed on Monday.", "Workers were sent home.", "Visit CNN.com today.",
            ])
    }

    @Test func emptyAndBlankText() {
        #expect(splitter.sentences(in: "").isEmpty)
        #expect(splitter.sentences(in: "   \n\n  \t ").isEmpty)
        #expect(splitter.sentences(in: "...!?").isEmpty)
    }

    @Test func textWithoutPunctuationIsCutIntoBoundedPieces() {
        let words = Array(repeating: "flood", count: 2_000).joined(separator: " ")
        let sentences = SentenceSplitter(maximumSentenceLength: 500).sentences(in: words)
        #expect(sentences.count > 1)
        #expect(sentences.allSatisfy { $0.unicodeScalars.count <= 500 })
        #expect(sentences.joined(separator: " ") == words)
    }

    @Test func nonLatinText() {
        let sentences = splitter.sentences(in: "Москва приняла решение. Это важно! 東京は晴れです。")
        #expect(sentences.count >= 2)
        #expect(sentences.first == "Москва приняла решение.")
    }
}
