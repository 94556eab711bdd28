import DatelineStore
import Testing

@Suite("SearchExpression")
struct SearchExpressionTests {
    private func terms(_ text: String) -> [[[String]]] {
        SearchExpression(parsing: text).groups.map { $0.map(\.words) }
    }

    @Test("plain words are required, each in its own group")
    func plainWords() {
        #expect(terms("Kosovo independence") == [[["Kosovo"]], [["independence"]]])
        #expect(terms("Kosovo AND independence") == [[["Kosovo"]], [["independence"]]])
    }

    @Test("quoted phrases stay together; an unclosed quote runs to the end")
    func phrases() {
        #expect(terms("\"harbour bridge\" vote") == [[["harbour", "bridge"]], [["vote"]]])
        #expect(terms("vote \"harbour bridge") == [[["vote"]], [["harbour", "bridge"]]])
        #expect(terms("\"\"").isEmpty)
    }

    @Test("OR joins alternatives into one group")
    func alternatives() {
        #expect(terms("Kosovo OR Serbia vote") == [[["Kosovo"], ["Serbia"]], [["vote"]]])
        #expect(terms("OR Kosovo") == [[["Kosovo"]]])
        #expect(terms("kosovo or serbia") == [[["kosovo"]], [["or"]], [["serbia"]]])
    }

    @Test("a leading minus and NOT exclude terms")
    func exclusions() {
        let expression = SearchExpression(parsing: "Kosovo -Serbia NOT \"bond market\" - x-ray")
        #expect(expression.groups.map { $0.map(\.words) } == [[["Kosovo"]], [["x", "ray"]]])
        #expect(expression.excluded.map(\.words) == [["Serbia"], ["bond", "market"]])
        #expect(SearchExpression(parsing: "-Serbia").isEmpty)
    }

    @Test("a trailing star matches word starts")
    func prefixes() {
        let expression = SearchExpression(parsing: "indep* \"kosovo assem\"* *")
        #expect(expression.groups.map { $0.map(\.isPrefix) } == [[true], [true]])
        #expect(expression.groups.map { $0.map(\.words) } == [[["indep"]], [["kosovo", "assem"]]])
    }

    @Test(
        "syntax characters and control characters become separators, never operators",
        arguments: [
            ("NEAR(kosovo serbia)", [[["NEAR"]], [["kosovo"]], [["serbia"]]]),
            ("headline:kosovo", [[["headline", "kosovo"]]]),
            ("kosovo\u{0}\u{7}\u{1B}serbia", [[["kosovo"]], [["serbia"]]]),
            ("^kosovo + {serbia}", [[["kosovo"]], [["serbia"]]]),
            ("* ( ) : ^ \" ' ;", []),
        ])
    func hostileSyntax(text: String, expected: [[[String]]]) {
        #expect(terms(text) == expected)
    }

    @Test("huge input is cut to the word limits")
    func limits() {
        let many = String(repeating: "tide ", count: 2_000)
        let expression = SearchExpression(parsing: many)
        #expect(expression.groups.count == SearchExpression.maximumWords)
        #expect(expression.wasShortened)
        let long = SearchExpression(parsing: String(repeating: "a", count: 10_000))
        #expect(long.groups.first?.first?.words.first?.count == SearchExpression.maximumWordLength)
        #expect(long.wasShortened)
        let phrase = SearchExpression(parsing: "\"" + many + "\"")
        #expect(phrase.groups.first?.first?.words.count == SearchExpression.maximumWords)
        #expect(!SearchExpression(parsing: "short words").wasShortened)
    }

    @Test("words lists each wanted word once")
    func wordsList() {
        #expect(SearchExpression(parsing: "Kosovo kosovo OR Serbia -Belgrade").words == ["Kosovo", "Serbia"])
    }
}
