import DatelineCore
import DatelineText
import Testing

@Suite struct StorySuggesterTests {
    @Test func suggestsHighlightsTopicsAndReadsTheDateline() {
        let text = """
            OSLO, Norway (AP) -- Norway's parliament voted on Tuesday to ban new oil drilling in the Arctic, \
            a decision Prime Minister Ingrid Dahl called historic. Dahl said the vote would protect fishing \
            grounds for decades. Oil companies said the ban would cost Norway thousands of jobs. The vote passed 95 \
            to 74 after a long debate. Dahl will present the plan in Brussels next week.
            """
        let suggestions = StorySuggester().suggestions(for: text)
        #expect(suggestions.dateline == Dateline(place: "OSLO, Norway", source: "AP"))
        #expect(suggestions.highlights.count == 3)
        #expect(suggestions.topics.map(\.name).contains("Ingrid Dahl"))
        #expect(suggestions.topics.map(\.name).contains("Norway"))
        #expect(!suggestions.highlights.contains { $0.contains("(AP)") })
    }

    @Test func fiveMegabytesOfTextFinish() {
        let paragraph = "The council met again on Monday and Mayor Ruth Ames said the budget was late. "
        let text = String(repeating: paragraph, count: 5_000_000 / paragraph.utf8.count)
        let suggestions = StorySuggester().suggestions(for: text)
        #expect(!suggestions.highlights.isEmpty)
        #expect(suggestions.topics.map(\.name).contains("Ruth Ames"))
    }

    @Test func fiveMegabytesWithoutPunctuationFinish() {
        let text = String(repeating: "word ", count: 1_000_000)
        let suggestions = StorySuggester().suggestions(for: text)
        #expect(suggestions.highlights.count <= 3)
        #expect(suggestions.highlights.allSatisfy { $0.count <= StoryLimits.highlightLength })
    }

    @Test func emptyTextSuggestsNothing() {
        let suggestions = StorySuggester().suggestions(for: "")
        #expect(suggestions.highlights.isEmpty)
        #expect(suggestions.topics.isEmpty)
        #expect(suggestions.dateline.isEmpty)
    }
}
