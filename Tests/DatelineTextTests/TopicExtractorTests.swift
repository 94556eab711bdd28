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

    @Test func twoEquallyUsedFormsOfANameGiveTheSameNameEveryRun() {
        // "SABA" and "Saba" are used twice each: the name must not depend on dictionary order,
        // which Swift changes from one process to the next; the form with small letters wins.
        let text = """
            SABA cut its flights to the island on Monday. Saba said the runway needed repairs.
            Officials in Saba expect the work to last a month. SABA will fly again in June.
            """
        let names = extractor.topics(in: text).map(\.name)
        #expect(names.contains("Saba"), "\(names)")
        #expect(!names.contains("SABA"), "\(names)")
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

    /// An invented town-council story: two people, the town and its chamber of commerce, and a
    /// street and a statue that are only passing mentions.
    static let council = """
        Mayor Alice Trevino and councillor Victor Osei asked the Porthaven Town Council on Tuesday to \
        close Harbour Street to cars on summer weekends. The Porthaven Chamber of Commerce backs the \
        plan, Trevino said. Osei said shops in Porthaven lost trade to the new mall last year. \
        Trevino said the town would pay for benches beside the statue of Edwin Hale. The council will \
        vote in June, and Osei said he expected to win.
        """

    @Test func councilStoryNamesItsPeopleTownAndChamber() {
        let entities = extractor.entities(in: Self.council)
        let byName = Dictionary(entities.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["Alice Trevino"] == .person, "\(entities.map(\.name))")
        #expect(byName["Victor Osei"] == .person, "\(entities.map(\.name))")
        #expect(byName["Porthaven"] == .place, "\(entities.map { ($0.name, $0.kind) })")
        #expect(byName["Porthaven Chamber of Commerce"] == .organisation, "\(entities.map { ($0.name, $0.kind) })")
        // The topics, the short list, hold all four.
        let topics = TopicExtractor(maximumCount: 6, minimumSalience: 0).topics(in: Self.council).map(\.name)
        for name in ["Alice Trevino", "Victor Osei", "Porthaven", "Porthaven Chamber of Commerce"] {
            #expect(topics.contains(name), "\(name) missing from \(topics)")
        }
        // Surnames join the full name, and list the forms the story wrote.
        let osei = entities.first { $0.name == "Victor Osei" }
        #expect(osei?.forms.contains("Osei") == true)
        #expect(osei?.mentions == 3)
    }

    @Test func theHeadlinesSubjectRanksFirstAndPassingMentionsLast() {
        let plain = extractor.entities(in: Self.council).map(\.name)
        #expect(plain.first == "Alice Trevino", "\(plain)")
        let oseiFirst = extractor.entities(in: Self.council, headline: "Osei wins backing for a car-free summer")
            .map(\.name)
        #expect(oseiFirst.first == "Victor Osei", "\(oseiFirst)")
        // The statue's namesake, named once late in the story, ranks below everyone the story is about.
        if let hale = oseiFirst.firstIndex(of: "Edwin Hale") {
            for subject in ["Alice Trevino", "Victor Osei", "Porthaven Chamber of Commerce"] {
                #expect((oseiFirst.firstIndex(of: subject) ?? .max) < hale, "\(oseiFirst)")
            }
        }
    }

    @Test func entitiesKeepTheWireButTopicsLeaveItOut() {
        let text = "LONDON (Reuters) - Reuters said on Monday that Anna Berg would lead its London newsroom."
        let suggestions = StorySuggester().suggestions(for: text)
        #expect(!suggestions.topics.map(\.name).contains("Reuters"))
        #expect(suggestions.entities.allSatisfy { $0.kind != .other })
        #expect(suggestions.entities.contains { $0.name == "Anna Berg" && $0.kind == .person })
    }
}
