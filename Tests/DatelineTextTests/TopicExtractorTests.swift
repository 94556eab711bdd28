import DatelineCore
import DatelineText
import Testing

@Suite struct TopicExtractorTests {
    let extractor = TopicExtractor()

    /// An invented story: the minister appears in full once, then by surname.
    let story = """
        BELGRADE, Serbia (CNN) -- Serbian Prime Minister Dragan Vukotic told the U.N. on Friday that \
        Serbia will fight the plan. Vukotic said the United Nations had ignored his country. \
        "We will never accept it," Vukotic said. The U.S. and the European Union back the plan. \
        Officials in Washington said the United States would not change course. Vukotic later met \
        U.N. envoy Marta Lindqvist in Belgrade. Lindqvist said talks would go on.
        """

    @Test func surnameJoinsTheFullName() {
        let names = extractor.topics(in: story).map(\.name)
        #expect(names.contains("Dragan Vukotic"))
        #expect(!names.contains("Vukotic"))
        let vukotic = extractor.topics(in: story).first { $0.name == "Dragan Vukotic" }
        #expect(vukotic?.kind == .person)
        #expect((vukotic?.mentions ?? 0) >= 4)
    }

    @Test func aliasesMergeIntoOneCanonicalTopic() {
        let topics = extractor.topics(in: story)
        let names = topics.map(\.name)
        #expect(names.filter { $0 == "United Nations" }.count == 1)
        #expect(!names.contains("U.N."))
        #expect(!names.contains("U.S."))
        let nations = topics.first { $0.name == "United Nations" }
        #expect((nations?.mentions ?? 0) >= 3)
        #expect(nations?.kind == .organisation)
    }

    @Test func theStorysSubjectRanksFirstAndTheWireIsLeftOut() {
        let topics = extractor.topics(in: story)
        #expect(topics.first?.name == "Dragan Vukotic")
        #expect(!topics.map(\.name).contains("CNN"))
        #expect(topics.count <= extractor.maximumCount)
        #expect(zip(topics, topics.dropFirst()).allSatisfy { $0.salience >= $1.salience })
    }

    @Test func sentenceOpenersAndTitlesAreNotTopics() {
        let text = """
            Residents fled the valley on Tuesday. Residents said the water rose fast. But Governor \
            Ellen Marsh said help was coming. Marsh toured the town of Millbrook. Millbrook was flooded.
            """
        let names = TopicExtractor(minimumSalience: 0).topics(in: text).map(\.name)
        #expect(!names.contains("Residents"))
        #expect(!names.contains("But"))
        #expect(!names.contains("Tuesday"))
        #expect(!names.contains("Governor Ellen Marsh"))
        #expect(names.contains("Ellen Marsh"))
        #expect(names.contains("Millbrook"))
    }

    @Test func acronymJoinsItsLongForm() {
        let text = """
            The Coastal Rescue Agency sent two boats. CRA crews pulled nine people from the sea. \
            CRA chief Tom Ruiz praised the crews.
            """
        let names = TopicExtractor(minimumSalience: 0).topics(in: text).map(\.name)
        #expect(names.contains("Coastal Rescue Agency"))
        #expect(!names.contains("CRA"))
    }

    @Test func slugsAreStableForTheCanonicalName() {
        let first = extractor.topics(in: story).first { $0.name == "United Nations" }
        let other = extractor.topics(in: "The United Nations met again. The U.N. council voted on Monday.")
            .first { $0.name == "United Nations" }
        #expect(first?.topic?.slug == other?.topic?.slug)
        #expect(first?.topic?.slug.rawValue == "united-nations")
    }

    @Test func emptyAndNameFreeTextHaveNoTopics() {
        #expect(extractor.topics(in: "").isEmpty)
        #expect(extractor.topics(in: "it rained all day and nobody went out").isEmpty)
    }

    @Test func shoutedHeadlinesAreIgnored() {
        let topics = TopicExtractor(minimumSalience: 0).topics(inSentences: ["FLOOD WATERS RISE AS STORM HITS TOWN"])
        #expect(topics.isEmpty)
    }

    @Test func headlineMentionsWeighMore() {
        let sentences = ["Ann Lowe met Ben Carr in Oslo.", "Ann Lowe and Ben Carr spoke for an hour."]
        let plain = extractor.topics(inSentences: sentences)
        let withHeadline = extractor.topics(inSentences: sentences, headline: "Carr wins the vote")
        #expect(plain.first?.name == "Ann Lowe")
        #expect(withHeadline.first?.name == "Ben Carr")
    }
}
