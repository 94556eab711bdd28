import Testing

@testable import DatelineIngest

@Suite("Scraped text blocks")
struct ScrapedTextBlockSplittingTests {
    func blocks(_ text: String) -> [ScrapedTextBlock] {
        ScrapedTextBlock.blocks(in: text, columns: 80)
    }

    @Test func joinsLinesWrappedAtTheColumnLimit() {
        let text = """
            The harbor board met on Tuesday to weigh the plan for the north pier, and it
            agreed to meet again.
            """
        #expect(
            blocks(text).map(\.text) == [
                "The harbor board met on Tuesday to weigh the plan for the north pier, and it agreed to meet again."
            ])
    }

    @Test func keepsLinesThatEndedBeforeTheLimit() {
        let text = "Decrease font Decrease font\nEnlarge font Enlarge font\n\nA short line.\nAnother short line."
        #expect(
            blocks(text).map(\.text) == [
                "Decrease font Decrease font", "Enlarge font Enlarge font", "A short line.", "Another short line.",
            ])
    }

    @Test func neverJoinsLinesLongerThanTheLimit() {
        let long = String(repeating: "word ", count: 30) + "end."
        #expect(blocks(long + "\n" + long).count == 2)
    }

    @Test func bulletsContinueOnIndentedLines() {
        let text = """
              • Story Highlights
              • Engineers say the old wall lost a third of its height in the September
                storm
              • Next Article in World »
            Decrease font Decrease font
            """
        let found = blocks(text)
        #expect(found.map(\.kind) == [.bullet, .bullet, .bullet, .paragraph])
        #expect(
            found.map(\.text) == [
                "Story Highlights", "Engineers say the old wall lost a third of its height in the September storm",
                "Next Article in World »", "Decrease font Decrease font",
            ])
        #expect(found.map(\.line) == [1, 2, 4, 5])
    }

    @Test func cutsASecondColumnOff() {
        let text =
            "Skipper returns to the helm" + String(repeating: " ", count: 40) + "[advertisement_]\n"
            + String(repeating: " ", count: 60) + "Advertisement"
        let found = blocks(text)
        #expect(found.map(\.text) == ["Skipper returns to the helm", "Advertisement"])
        #expect(found[0].hadSideColumn)
    }

    @Test func trailingSpacesAreNotAColumn() {
        let found = blocks("Home  |  Asia     \nnext")
        #expect(found.first?.text == "Home | Asia")
        #expect(found.first?.hadSideColumn == false)
    }

    @Test func lineNumbersCountBlankLines() {
        let found = blocks("\n\nHeadline\n\n\nBody text.\r\n")
        #expect(found.map(\.line) == [3, 6])
        #expect(found.map(\.text) == ["Headline", "Body text."])
    }
}
