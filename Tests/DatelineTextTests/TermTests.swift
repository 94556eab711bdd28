import DatelineText
import Testing

@Suite struct TermTests {
    @Test func inflectionsAndPossessivesShareATerm() {
        #expect(Term.of("Kidneys") == Term.of("kidney"))
        #expect(Term.of("kidney's") == Term.of("kidney"))
        #expect(Term.of("U.S.") == "us")
        #expect(Term.of("bombings") == Term.of("bombing"))
    }

    @Test func stopwordsAndPunctuationHaveNoTerm() {
        #expect(Term.of("the") == nil)
        #expect(Term.of("Said") == nil)
        #expect(Term.of("--") == nil)
        #expect(Term.terms(in: "The floods of the spring") == [Term.of("floods"), Term.of("spring")].compactMap { $0 })
    }
}
