import DatelineCore
import DatelineIngest
import Testing

@Suite struct StoryDraftSuggestionsTests {
    private static let body = [
        "The city council of Porto voted on Tuesday to extend the harbour ferry to the new river terminal.",
        "Mayor Ana Ribeiro said the ferry would carry 3,000 passengers a day once the terminal opens in June.",
        "The Porto Harbour Authority will pay for two new boats, Ribeiro said.",
        "Opposition councillors asked for a study of the route's cost before work begins.",
        "Ana Ribeiro said the study would be published before the summer.",
    ]

    @Test func proposesHighlightsAndTopicsWhenThePageHadNone() {
        let draft = StoryDraft(headline: "Porto ferry to reach new terminal", section: "World", body: Self.body)
        let filled = draft.fillingMissingSuggestions()
        #expect(!filled.highlights.isEmpty)
        #expect(filled.highlights.count <= 4)
        #expect(filled.highlightsOrigin == .machine)
        #expect(filled.highlights.allSatisfy { highlight in Self.body.contains { $0.contains(highlight.prefix(20)) } })
        #expect(filled.topics.contains("Porto"))
        #expect(filled.topicsOrigin == .machine)
    }

    @Test func neverReplacesWhatThePageCarried() {
        let draft = StoryDraft(
            headline: "Porto ferry to reach new terminal", section: "World", body: Self.body,
            highlights: ["Council extends the harbour ferry"], highlightsOrigin: .source,
            topics: ["Porto Harbour Authority"], topicsOrigin: .source)
        #expect(draft.fillingMissingSuggestions() == draft)
    }

    @Test func fillsOnlyTheMissingPart() {
        let draft = StoryDraft(
            headline: "Porto ferry to reach new terminal", section: "World", body: Self.body,
            highlights: ["Council extends the harbour ferry"], highlightsOrigin: .source)
        let filled = draft.fillingMissingSuggestions()
        #expect(filled.highlights == draft.highlights)
        #expect(filled.highlightsOrigin == .source)
        #expect(filled.topicsOrigin == .machine)
        #expect(!filled.topics.isEmpty)
    }

    @Test func leavesADraftWithoutBodyAlone() {
        let draft = StoryDraft(headline: "Empty", section: "World", body: [])
        #expect(draft.fillingMissingSuggestions() == draft)
    }
}
