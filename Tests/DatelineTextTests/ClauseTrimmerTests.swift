import DatelineText
import Testing

@Suite struct ClauseTrimmerTests {
    @Test func dropsTrailingAttribution() {
        #expect(
            ClauseTrimmer.trimmed("Nine people died in the crash on the highway, police said.")
                == "Nine people died in the crash on the highway.")
        #expect(
            ClauseTrimmer.trimmed("The bridge will reopen in May, according to the city transport office.")
                == "The bridge will reopen in May.")
    }

    @Test func keepsAttributionOfAQuote() {
        let quote = "\"We will rebuild every house,\" the mayor said."
        #expect(ClauseTrimmer.trimmed(quote) == quote)
    }

    @Test func dropsLeadingConjunctionsAndAsides() {
        #expect(
            ClauseTrimmer.trimmed("But the council (which met twice) voted against the plan.")
                == "The council voted against the plan.")
        #expect(
            ClauseTrimmer.trimmed("However, the vote was delayed until June.") == "The vote was delayed until June.")
    }

    @Test func leavesShortOrPlainSentencesAlone() {
        #expect(ClauseTrimmer.trimmed("But why?") == "But why?")
        #expect(ClauseTrimmer.trimmed("The river flooded the town.") == "The river flooded the town.")
        #expect(ClauseTrimmer.trimmed("") == "")
    }
}
