import DatelineText
import Testing

/// Sentence splitting in French, Spanish, German and Portuguese news copy (invented stories):
/// titles, short forms, ordinals, decimal commas and the languages' own quotation marks.
@Suite struct LanguageSplittingTests {
    let splitter = SentenceSplitter()

    @Test func french() {
        let sentences = [
            "Selon M. Laurent Vidal, adjoint au maire, les travaux coûteront 1 250 000,50 €.",
            "Mme Claire Fontaine et le Dr Paul Mercier ont visité le chantier avec M. et Mme Dubreuil.",
            "On y a trouvé des mosaïques du IIe siècle apr. J.-C. et des pièces de monnaie, etc.",
            "Le chantier reprendra le 3 mars, p. ex. si le temps le permet.",
            "« C'est une découverte exceptionnelle », a déclaré le maire.",
            "Pourquoi si tard ?",
            "Les visites commenceront en juin.",
        ]
        #expect(splitter.sentences(in: sentences.joined(separator: " ")) == sentences)
    }

    @Test func spanish() {
        let sentences = [
            "El Sr. Andrés Molina y la Sra. Lucía Pardo visitaron el mercado con la Dra. Elena Vázquez.",
            "La obra costará 1.000,50 euros por puesto, según el ayuntamiento.",
            "¿Qué pasará con los vendedores?",
            "¡Nadie perderá su puesto!",
            "La prueba ya se usa en EE. UU. y en Perú.",
            "La reunión será a las 10 a. m. en la plaza Mayor, núm. 5.",
            "Los vecinos pidieron más ayudas, etc.",
            "El alcalde respondió el lunes.",
        ]
        #expect(splitter.sentences(in: sentences.joined(separator: " ")) == sentences)
    }

    @Test func german() {
        let sentences = [
            "Die Bäckerei schließt am 3. Oktober nach 112 Jahren.",
            "Laut Prof. Dr. Jonas Berger kostet der Akku ca. 1.000,50 Euro, d. h. deutlich weniger als bisher.",
            "Das Siegtor fiel in der 89. Minute.",
            "Viele Vereine, z. B. Schwimmvereine, Schulen u. a. hatten dafür geworben.",
            "„Wir sind an unserer Grenze“, sagte die Leiterin.",
            "Busse fahren über die Bahnhofstr. und den Lindenweg bzw. über die Nr. 4.",
            "Der Schaden liegt bei 3,5 Mio. Euro.",
            "Die Arbeiten beginnen im April.",
        ]
        #expect(splitter.sentences(in: sentences.joined(separator: " ")) == sentences)
    }

    @Test func portuguese() {
        let sentences = [
            "Segundo o Sr. Paulo Mendes, a reforma custará R$ 1.000,50 por banca.",
            "A Sra. Rita Cardoso e a Dra. Beatriz Lopes visitaram a obra com a Profa. Cláudia Nunes.",
            "Os produtores culpam a seca, os fertilizantes, o transporte etc.",
            "O governador disse que a ponte vai ajudar o comércio.",
            "A reunião está marcada para quinta-feira, às 10h, na Av. Brasil.",
        ]
        #expect(splitter.sentences(in: sentences.joined(separator: " ")) == sentences)
    }

    @Test func englishStaysAsItWas() {
        // The German ordinal rule must not keep an English sentence from ending on a number.
        let text = "The death toll rose to 89. Rescuers searched all night. He was No. 1 in the world."
        #expect(
            splitter.sentences(in: text) == [
                "The death toll rose to 89.", "Rescuers searched all night.", "He was No. 1 in the world.",
            ])
    }

    @Test func highlightsOfAForeignStoryAreWholeSentences() {
        let sentences = [
            "Der Stadtrat von Lindenau hat am Dienstag den Bau eines neuen Hallenbads beschlossen.",
            "Die Kosten liegen bei rund 18 Mio. Euro, davon zahlt das Land etwa ein Drittel.",
            "Das alte Bad aus dem Jahr 1968 ist seit zwei Jahren geschlossen.",
            "Laut Bürgermeisterin Dr. Anna Keller soll das neue Bad im Herbst 2028 öffnen.",
            "Schwimmvereine, Schulen u. a. hatten lange für einen Neubau geworben.",
        ]
        let highlights = HighlightSuggester().highlights(for: sentences.joined(separator: " "))
        #expect(highlights.count == 3)
        #expect(highlights.allSatisfy { sentences.contains($0) })
        // The story's opening sentence, which says what happened, is always among them.
        #expect(highlights.contains(sentences[0]))
    }
}
