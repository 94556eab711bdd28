import DatelineCore
import Foundation
import Testing

@Suite struct StoryDraftValidationTests {
    private func draft(
        headline: String = "Tram line opens in Lisbon", section: String? = "World",
        body: [String] = ["First paragraph."]
    ) -> StoryDraft {
        StoryDraft(headline: headline, section: section, body: body)
    }

    @Test func tidiesWhitespaceAndDropsEmptyEntries() throws {
        var input = draft(headline: "  Tram   line\nopens ", body: ["  ", " One. ", ""])
        input.highlights = ["  First  point ", ""]
        input.topics = [" Lisbon ", "lisbon", "", "Portugal"]
        let valid = try input.validated()
        #expect(valid.headline == "Tram line opens")
        #expect(valid.body == ["One."])
        #expect(valid.highlights == ["First point"])
        #expect(valid.topics == ["Lisbon", "Portugal"])
    }

    @Test func reportsEveryProblemWithItsField() {
        var input = draft(headline: " ", section: nil, body: [" "])
        input.highlights = Array(repeating: "point", count: StoryLimits.highlightCount + 1)
        do {
            _ = try input.validated()
            Issue.record("an empty draft must not validate")
        } catch {
            let fields = Set(error.problems.map(\.field))
            #expect(fields == ["headline", "section", "body", "highlights"])
            #expect(error.description.contains("a story needs a headline"))
        }
    }

    @Test func refusesOverlongFields() {
        let input = draft(headline: String(repeating: "x", count: StoryLimits.headlineLength + 1))
        #expect(throws: StoryValidationError.self) { try input.validated() }
        var topics = draft()
        topics.topics = [String(repeating: "y", count: StoryLimits.topicLength + 1)]
        #expect(throws: StoryValidationError.self) { try topics.validated() }
    }

    @Test func storyRoundTripsThroughItsDraft() throws {
        let section = try #require(Section(name: "World"))
        let topic = try #require(Topic(name: "Kosovo"))
        let story = Story(
            id: 1, slug: try #require(Slug(from: "x")), headline: "X", section: section,
            dateline: Dateline(source: "CNN"), byline: nil, body: ["B."], highlights: ["H"], highlightsOrigin: .source,
            topics: [topic], topicsOrigin: .machine, status: .published, publishedAt: nil, createdAt: .init(),
            updatedAt: .init(), source: nil)
        let again = try story.draft.validated()
        #expect(again.section == "World")
        #expect(again.topics == ["Kosovo"])
        #expect(again.topicsOrigin == .machine)
    }

    @Test(
        "control characters are refused in every field, with the field named",
        arguments: [
            ("headline", "\u{0000}only after nul"), ("section", "Wor\u{0007}ld"), ("byline", "By \u{001B}[31mAnn"),
            ("dateline.place", "LISBON\u{0086}"), ("dateline.source", "AP\u{007F}"), ("body", "Text \u{0000} here"),
            ("highlights[1]", "A point\u{0090}"), ("topics[1]", "Lis\u{0000}bon"),
        ])
    func refusesControlCharacters(field: String, value: String) {
        var input = draft()
        switch field {
        case "headline": input.headline = value
        case "section": input.section = value
        case "byline": input.byline = value
        case "dateline.place": input.dateline.place = value
        case "dateline.source": input.dateline.source = value
        case "body": input.body = [value]
        case "highlights[1]": input.highlights = [value]
        default: input.topics = [value]
        }
        do {
            _ = try input.validated()
            Issue.record("a \(field) with a control character validated")
        } catch {
            #expect(error.problems.map(\.field) == [field])
            #expect(error.problems.first?.message.contains("control character (U+") == true)
        }
    }

    @Test("tabs and line breaks stay allowed in the body; Windows line breaks become newlines")
    func bodyKeepsTabsAndLineBreaks() throws {
        let valid = try draft(body: ["Line one\r\nline two\tindented\rthree"]).validated()
        #expect(valid.body == ["Line one\nline two\tindented\nthree"])
        let tidy = try draft(headline: "Tab\tin\nheadline").validated()
        #expect(tidy.headline == "Tab in headline")
    }

    @Test(
        "highlights are kept as plain text: link, emphasis, code and HTML marks are dropped, their words kept",
        arguments: [
            (
                "See the [city's planning portal](https://example.org/plans) today",
                "See the city's planning portal today"
            ),
            ("**Council** votes *7-2* on `budget`", "Council votes 7-2 on budget"),
            ("A <b>bold</b> claim <script>x</script>", "A bold claim x"),
            ("- Bullet point", "Bullet point"),
            ("5 * 3 = 15 and snake_case_name stay", "5 * 3 = 15 and snake_case_name stay"),
            ("![Map](https://example.org/m.png) shows the route", "Map shows the route"),
        ])
    func plainHighlights(input: String, expected: String) throws {
        var draft = draft()
        draft.highlights = [input]
        #expect(try draft.validated().highlights == [expected])
    }
}
