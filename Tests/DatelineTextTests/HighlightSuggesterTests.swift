import DatelineCore
import DatelineText
import Testing

@Suite struct HighlightSuggesterTests {
    /// An invented story with a clear lead, a quote, a credit line and a repeat of the lead.
    let story = """
        HARBOR CITY (CNN) -- A fire swept through the Harbor City fish market early Sunday, destroying \
        forty stalls and leaving hundreds of traders without work. Firefighters battled the blaze for six \
        hours before bringing it under control, fire chief Nora Blake said. "I have lost everything," said \
        one trader. No one was hurt in the fire at the market. The market, built in 1921, is the oldest in \
        the region and draws thousands of visitors a week. The city council will meet Monday to discuss \
        emergency grants for the traders. A fire swept through the Harbor City fish market early Sunday. \
        CNN's Lee Park contributed to this report.
        """

    @Test func proposesThreeHighlightsFromTheStory() {
        let highlights = HighlightSuggester().highlights(for: story)
        #expect(highlights.count == 3)
        let sentences = SentenceSplitter().sentences(in: story)
        for highlight in highlights {
            // Extractive: every highlight is a sentence of the story, or a trimmed form of one.
            let words = Set(highlight.split(separator: " ").map { $0.trimmingCharacters(in: ".,\"") })
            #expect(
                sentences.contains { sentence in
                    words.isSubset(of: Set(sentence.split(separator: " ").map { $0.trimmingCharacters(in: ".,\"") }))
                })
        }
    }

    @Test func leavesOutCreditsAndRepeats() {
        let highlights = HighlightSuggester(count: 5).highlights(for: story)
        #expect(!highlights.contains { $0.contains("contributed to this report") })
        #expect(highlights.filter { $0.contains("fire swept through") }.count <= 1)
    }

    @Test func honoursTheCountAndTheLengthLimit() {
        #expect(HighlightSuggester(count: 1).highlights(for: story).count == 1)
        #expect(HighlightSuggester(count: 4).highlights(for: story).count == 4)
        let longSentence =
            Array(repeating: "the committee heard evidence from witnesses", count: 12).joined(separator: ", ") + "."
        let highlights = HighlightSuggester().highlights(for: longSentence)
        #expect(highlights.count == 1)
        #expect(highlights.allSatisfy { $0.count <= StoryLimits.highlightLength })
    }

    @Test func highlightsKeepStoryOrder() {
        let candidates = StorySuggester().candidates(for: story)
        let highlights = HighlightSuggester().highlights(for: story)
        let positions = highlights.compactMap { highlight in
            candidates.firstIndex { $0.trimmed == highlight || $0.text == highlight }
        }
        #expect(positions.count == highlights.count)
        #expect(positions == positions.sorted())
    }

    @Test func candidatesCarryOneFeaturePerName() {
        let candidates = StorySuggester().candidates(for: story)
        #expect(!candidates.isEmpty)
        #expect(candidates.allSatisfy { $0.features.count == HighlightFeatures.names.count })
        #expect(HighlightModel.fitted.weights.count == HighlightFeatures.names.count)
    }

    @Test func aModelThatPrefersTheEndPicksTheEnd() {
        var weights = Array(repeating: 0.0, count: HighlightFeatures.names.count)
        if let position = HighlightFeatures.names.firstIndex(of: "relative_position") { weights[position] = 10 }
        let suggester = HighlightSuggester(count: 1, model: HighlightModel(weights: weights, trimsClauses: false))
        let highlight = suggester.highlights(
            for: "The first sentence is here today. The middle one is here too. The last sentence is the one we want.")
        #expect(highlight == ["The last sentence is the one we want."])
    }

    @Test func theSetIsChosenAgainstRepeats() {
        // The second sentence repeats half of the first's terms (under the redundancy limit):
        // without a diversity weight the two earliest win; with one, the third sentence does.
        var weights = Array(repeating: 0.0, count: HighlightFeatures.names.count)
        if let position = HighlightFeatures.names.firstIndex(of: "log_position") { weights[position] = -1 }
        let story =
            "The harbour council approved the new bridge plan on Monday evening. "
            + "The harbour council approved the bridge budget after a long debate. "
            + "Fishermen said the ferry service would stop running next spring."
        let plain = HighlightSuggester(
            count: 2, model: HighlightModel(weights: weights, trimsClauses: false, redundancyLimit: 0.7))
        #expect(plain.highlights(for: story).last?.hasPrefix("The harbour council approved the bridge") == true)
        let diverse = HighlightSuggester(
            count: 2,
            model: HighlightModel(weights: weights, trimsClauses: false, redundancyLimit: 0.7, diversityWeight: 10))
        #expect(
            diverse.highlights(for: story) == [
                "The harbour council approved the new bridge plan on Monday evening.",
                "Fishermen said the ferry service would stop running next spring.",
            ])
    }

    @Test func badInput() {
        let suggester = HighlightSuggester()
        #expect(suggester.highlights(for: "").isEmpty)
        #expect(suggester.highlights(for: "   \n\n ").isEmpty)
        #expect(
            suggester.highlights(for: "Only one sentence stands in this little story.") == [
                "Only one sentence stands in this little story."
            ])
        let unpunctuated = suggester.highlights(
            for: "no capitals and no full stops in this text at all just words going on")
        #expect(unpunctuated.count == 1)
        let foreign = suggester.highlights(
            for: "Москва приняла решение сегодня утром. Это очень важно для всех нас. 東京は晴れです。")
        #expect(!foreign.isEmpty)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }

    @Test(
        "stories in other languages get their opening sentences, untrimmed, as the scorer is fitted on English",
        arguments: [
            [
                "Le conseil municipal de Brest a voté lundi soir la rénovation complète du vieux port de pêche.",
                "Les travaux dureront trois ans et coûteront près de douze millions d'euros à la ville.",
                "Les pêcheurs, qui réclamaient ces travaux depuis longtemps, ont salué une décision attendue.",
                "Selon le maire, les quais seront fermés par tranches pour ne pas gêner la saison.",
                "Une réunion publique est prévue le mois prochain à la salle des fêtes du quartier.",
            ],
            [
                "El ayuntamiento de Valencia aprobó el martes un plan para plantar diez mil árboles en la ciudad.",
                "La medida, que costará cuatro millones de euros, se aplicará durante los próximos dos años.",
                "Los vecinos de los barrios del sur, los más calurosos, recibirán los primeros árboles.",
                "La oposición criticó que el plan no incluya más presupuesto para el riego de verano.",
                "El alcalde aseguró que el agua saldrá de la depuradora municipal y no del río.",
            ],
            [
                "Die Stadt Freiburg will bis zum Jahr 2030 alle Busse auf Elektroantrieb umstellen.",
                "Der Gemeinderat stimmte am Dienstag mit großer Mehrheit für den Plan der Verkehrsbetriebe.",
                "Die ersten zwanzig neuen Busse sollen schon im kommenden Frühjahr auf die Straße kommen.",
                "Kritiker bemängeln, dass die Ladestationen im Depot noch nicht gebaut worden sind.",
                "Die Verkehrsbetriebe rechnen mit Kosten von rund fünfzig Millionen Euro für den Umbau.",
            ],
            [
                "A câmara municipal do Porto aprovou na segunda-feira a reabilitação do mercado do Bolhão.",
                "As obras vão durar dois anos e custar cerca de vinte milhões de euros ao município.",
                "Os comerciantes serão instalados num mercado provisório durante todo o período das obras.",
                "A oposição votou contra, alegando que o projeto não foi discutido com os moradores.",
                "O presidente da câmara garantiu que nenhum comerciante perderá o seu lugar no mercado.",
            ],
        ])
    func otherLanguagesKeepTheirOpening(sentences: [String]) {
        let highlights = HighlightSuggester().highlights(for: sentences.joined(separator: " "))
        #expect(highlights == Array(sentences.prefix(3)))
    }
}
