import DatelineText
import Testing

@Suite struct RelatedStoryIndexTests {
    let stories = [
        IndexedStory(
            id: 1, headline: "Floods cut off river towns",
            body: "Heavy rain flooded the river valley and towns were cut off.",
            topics: ["Danube"]),
        IndexedStory(
            id: 2, headline: "River towns count flood damage",
            body: "The flood damage in the river valley runs to millions.",
            topics: ["Danube"]),
        IndexedStory(
            id: 3, headline: "Chess champion keeps title", body: "The champion won the final game of the chess match.",
            topics: ["Magnus Berg"]),
        IndexedStory(
            id: 4, headline: "Election date set", body: "Voters will choose a new parliament in the spring election.",
            topics: ["Parliament"]),
    ]

    func index() -> RelatedStoryIndex {
        var index = RelatedStoryIndex()
        for story in stories { index.add(story) }
        return index
    }

    @Test func similarStoriesComeFirstAndTheStoryItselfIsLeftOut() {
        let related = index().related(to: 1)
        #expect(related.first?.id == 2)
        #expect(!related.contains { $0.id == 1 })
        #expect(!related.contains { $0.id == 4 })
    }

    @Test func sharedTopicsCount() {
        var index = index()
        index.add(
            IndexedStory(
                id: 5, headline: "Grandmaster interview", body: "An evening with the player.", topics: ["Magnus Berg"]))
        #expect(index.related(to: 3).first?.id == 5)
    }

    @Test func removedStoriesDisappear() {
        var index = index()
        index.remove(id: 2)
        #expect(index.count == 3)
        #expect(!index.contains(id: 2))
        #expect(!index.related(to: 1).contains { $0.id == 2 })
        #expect(index.related(to: 2).isEmpty)
        index.remove(id: 99)
        #expect(index.count == 3)
    }

    @Test func replacingAStoryUpdatesIt() {
        var index = index()
        index.add(
            IndexedStory(
                id: 2, headline: "Chess final tonight", body: "The chess champion plays the final game.", topics: []))
        #expect(index.count == 4)
        #expect(index.related(to: 3).first?.id == 2)
        #expect(!index.related(to: 1).contains { $0.id == 2 })
    }

    @Test func draftsCanBeMatchedWithoutIndexingThem() {
        let draft = IndexedStory(
            id: 100, headline: "More rain for flooded valley", body: "The river is rising again.", topics: [])
        let related = index().related(to: draft, limit: 2)
        #expect(related.count <= 2)
        #expect(Set(related.map(\.id)).isSubset(of: [1, 2]))
        #expect(!related.isEmpty)
    }

    @Test func manyAddsAndRemovesStayConsistent() {
        var index = RelatedStoryIndex()
        for id in 0..<3_000 {
            let group = id % 30
            index.add(
                IndexedStory(
                    id: Int64(id), headline: "Story group\(group)",
                    body: "word\(group) common text about group\(group)", topics: []))
        }
        for id in stride(from: 0, to: 3_000, by: 2) { index.remove(id: Int64(id)) }
        #expect(index.count == 1_500)
        let related = index.related(to: 31, limit: 10)
        #expect(related.count == 10)
        #expect(related.allSatisfy { $0.id % 30 == 1 && $0.id % 2 == 1 && $0.id != 31 })
    }

    @Test func emptyIndexAnswersNothing() {
        let index = RelatedStoryIndex()
        #expect(index.related(to: 1).isEmpty)
        #expect(index.related(to: IndexedStory(id: 1, headline: "", body: "", topics: [])).isEmpty)
    }
}
