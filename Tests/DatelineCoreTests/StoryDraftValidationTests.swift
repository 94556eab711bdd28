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
}
