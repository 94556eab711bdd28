import DatelineCore
import DatelineText
import Foundation
import Testing

/// One invented story in every form copy arrives in: the highlights must be sentences of the
/// story, with no markup, entity, footnote mark, corpus token, slug or dateline in them.
@Suite struct CopyFormsTests {
    /// The story's sentences, as a clean copy has them (after its dateline).
    static let sentences = [
        "The Harbour City council voted on Tuesday to close the old Pier Road bridge after engineers found cracks in two of its supports.",
        "The bridge, built in 1931, carries about 12,000 cars a day between the harbour and the northern suburbs.",
        "Mayor Ruth Okafor said a temporary ferry would run every twenty minutes from Monday.",
        "\"Nobody will be stranded,\" Okafor told reporters outside city hall.",
        "Engineers expect the repairs to take at least eight months and to cost $14 million.",
        "Shop owners on Pier Road said they feared losing customers during the closure.",
        "The council will review the plan in March.",
    ]

    static let clean = "HARBOUR CITY (CNN) -- " + sentences.joined(separator: " ")

    static let lowercase = clean.lowercased()

    static let tokenised = """
        -lrb- cnn -rrb- the harbour city council voted on tuesday to close the old pier road bridge after \
        engineers found cracks in two of its supports . the bridge , built in 1931 , carries about 12,000 cars a \
        day between the harbour and the northern suburbs . mayor ruth okafor said a temporary ferry would run \
        every twenty minutes from monday . `` nobody will be stranded , '' okafor told reporters outside city \
        hall . engineers expect the repairs to take at least eight months and to cost $ 14 million . shop \
        owners on pier road said they feared losing customers during the closure . the council will review the \
        plan in march .
        """

    static let wire =
        "BC-US--Bridge-Closed,0412\nBy MARIA LOPEZ\nAssociated Press\nHARBOUR CITY (AP) \u{2014} "
        + sentences.joined(separator: " ")

    static let unpunctuatedLines = sentences.map { String($0.dropLast()) }.joined(separator: "\n")

    static let unpunctuatedRun = sentences.map { String($0.dropLast()) }.joined(separator: " ")

    static let entities = """
        HARBOUR CITY (CNN) &mdash; The Harbour City council voted on Tuesday to close the old Pier Road bridge \
        after engineers found cracks in two of its supports. The bridge, built in 1931, carries about 12,000 \
        cars a day between the harbour and the northern suburbs.&nbsp;Mayor Ruth Okafor said a temporary ferry \
        would run every twenty minutes from Monday. &ldquo;Nobody will be stranded,&rdquo; Okafor told \
        reporters outside city hall. Engineers expect the repairs to take at least eight months and to cost \
        $14 million. Shop owners on Pier Road said they feared losing customers during the closure. The \
        council will review the plan in March.
        """

    static let markdown = """
        # Pier Road bridge to close

        The [Harbour City council](https://example.com/council) voted on **Tuesday** to close the old Pier Road \
        bridge after engineers found cracks in two of its supports.[1] The bridge, built in 1931, carries about \
        12,000 cars a day between the harbour and the _northern_ suburbs.

        ![The bridge at dusk](https://example.com/bridge.jpg)

        Mayor Ruth Okafor said a temporary ferry would run every twenty minutes from Monday. "Nobody will be \
        stranded," Okafor told reporters outside city hall.

        ## Cost

        Engineers expect the repairs to take at least eight months and to cost $14 million.[^cost] Shop owners \
        on Pier Road said they feared losing customers during the closure. The council will review the plan in \
        March.

        [1]: https://example.com/report
        """

    static let html = """
        <article><h1>Pier Road bridge to close</h1>
        <p>The <a href="https://example.com/council">Harbour City council</a> voted on <em>Tuesday</em> to close \
        the old Pier Road bridge after engineers found cracks in two of its supports.<sup><a href="#n1">[1]</a></sup> \
        The bridge, built in 1931, carries about 12,000 cars a day between the harbour and the northern suburbs.</p>
        <script>var ads = "<p>Buy now.</p>";</script>
        <p>Mayor Ruth Okafor said a temporary ferry would run every twenty minutes from Monday. \
        &ldquo;Nobody will be stranded,&rdquo; Okafor told reporters outside city hall.</p>
        <!-- an editor's note that no reader sees -->
        <p>Engineers expect the repairs to take at least eight months and to cost $14 million. Shop owners on \
        Pier Road said they feared losing customers during the closure. The council will review the plan in March.</p>
        </article>
        """

    static let forms: [(String, String)] = [
        ("clean", clean), ("lowercase", lowercase), ("tokenised", tokenised), ("wire", wire),
        ("unpunctuated lines", unpunctuatedLines), ("unpunctuated run", unpunctuatedRun), ("entities", entities),
        ("markdown", markdown), ("html", html),
    ]

    /// The words of a text, lower-cased, punctuation dropped: what "the same sentence" means across forms.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    static let storyWords = words(sentences.joined(separator: " "))

    /// True when `highlight`'s words run, in order and unbroken, somewhere in the story.
    static func isExtract(_ highlight: String) -> Bool {
        let needle = words(highlight)
        guard !needle.isEmpty, needle.count <= storyWords.count else { return false }
        return (0...(storyWords.count - needle.count)).contains {
            Array(storyWords[$0..<($0 + needle.count)]) == needle
        }
    }

    static let marks = [
        "<", ">", "](", "**", "__", "&", "[1]", "[^", "-lrb-", "-rrb-", "``", "''", "#", "(CNN)", "(cnn)", "(AP)",
        "BC-", "LOPEZ", "HARBOUR CITY", "\u{2014}",
    ]

    @Test(arguments: forms.map(\.0)) func highlightsAreCleanSentencesOfTheStory(form: String) throws {
        let text = try #require(Self.forms.first { $0.0 == form }?.1)
        let highlights = HighlightSuggester().highlights(for: text)
        #expect(highlights.count == 3, "\(form): \(highlights)")
        for highlight in highlights {
            #expect(Self.isExtract(highlight), "\(form): \(highlight)")
            #expect(Self.words(highlight).count >= 5, "\(form): \(highlight)")
            for mark in Self.marks {
                #expect(!highlight.contains(mark), "\(form): \(mark) in \(highlight)")
            }
            // Every highlight reads as a sentence: a capital first and an end mark last.
            let first = try #require(highlight.first { $0.isLetter })
            #expect(first.isUppercase || first.isNumber, "\(form): \(highlight)")
            #expect([".", "?", "!", "\""].contains(highlight.last), "\(form): \(highlight)")
        }
    }

    /// The pieces of a form that read as sentences (headings and captions have no end mark).
    static func pieces(of text: String) -> [[String]] {
        SentenceSplitter().sentences(in: CopyCleaner.plainText(text))
            .filter { [".", "?", "!", "\""].contains($0.last) }.map(words)
    }

    @Test(arguments: forms.map(\.0).filter { $0 != "unpunctuated run" }) func theSentencesAreFound(form: String) throws
    {
        let text = try #require(Self.forms.first { $0.0 == form }?.1)
        #expect(Self.pieces(of: text) == Self.sentences.map(Self.words), "\(form)")
    }

    @Test func runOnTextIsCutOnlyBetweenSentences() {
        // Without punctuation, "Mayor" or "Shop" after a lower-case word may be a name inside a
        // sentence: such places stay uncut, but no cut ever falls inside a sentence.
        let pieces = Self.pieces(of: Self.unpunctuatedRun)
        let sentences = Self.sentences.map(Self.words)
        #expect(pieces.count >= 4)
        var next = 0
        for piece in pieces {
            var covered: [String] = []
            while covered.count < piece.count, next < sentences.count {
                covered += sentences[next]
                next += 1
            }
            #expect(covered == piece)
        }
        #expect(next == sentences.count)
    }

    @Test(arguments: forms.map(\.0)) func topicsCarryNoMarkup(form: String) throws {
        let text = try #require(Self.forms.first { $0.0 == form }?.1)
        let suggestions = StorySuggester().suggestions(for: text)
        let topics = suggestions.topics.map(\.name)
        // Topics and entities alike: no markup, entity, footnote mark, corpus token, or the
        // dateline's wire ("CNN", "AP") and byline.
        for name in topics + suggestions.entities.flatMap({ [$0.name] + $0.forms }) {
            #expect(!name.contains { "<>[]()*_&#`^".contains($0) }, "\(form): \(name)")
            #expect(!["-lrb-", "-rrb-", "nbsp", "href", "BC-"].contains { name.contains($0) }, "\(form): \(name)")
            #expect(name.rangeOfCharacter(from: .decimalDigits) == nil, "\(form): \(name)")
        }
        for wire in ["CNN", "AP", "cnn", "Associated Press", "MARIA LOPEZ"] {
            #expect(!topics.contains(wire), "\(form): \(topics)")
        }
        // Without capitals no name can be told from a word; with a heading first ("Pier Road bridge to
        // close") the topic ranking weighs the heading as the first sentence and keeps only its
        // name (the topic extractor's ranking, not the cleaning).
        if !["lowercase", "tokenised", "markdown", "html"].contains(form) {
            #expect(topics.contains("Ruth Okafor"), "\(form): \(topics)")
        }
    }

    @Test func wireCopyKeepsItsDateline() {
        let suggestions = StorySuggester().suggestions(for: Self.wire)
        #expect(suggestions.dateline == Dateline(place: "HARBOUR CITY", source: "AP"))
        let lower = StorySuggester().suggestions(for: Self.tokenised)
        #expect(lower.dateline.source == "cnn")
    }

    @Test func tokenisedOutputIsJoinedAgain() {
        // Every sentence the chooser may offer is joined again, the quotation among them (whether
        // the fitted model picks it is the model's business).
        let sentences = StorySuggester().candidates(for: Self.tokenised).map(\.text)
        #expect(sentences.contains("\"nobody will be stranded,\" okafor told reporters outside city hall."))
        #expect(sentences.allSatisfy { !$0.contains(" ,") && !$0.contains(" .") && !$0.contains("$ ") })
        let highlights = HighlightSuggester(count: 6).highlights(for: Self.tokenised)
        #expect(highlights.count == 6)
        #expect(highlights.allSatisfy { !$0.contains(" ,") && !$0.contains(" .") && !$0.contains("$ ") })
    }

    @Test(arguments: [
        "", " ", "\n\n\n", "<p></p>", "<", "<<<>>>", "&amp;", "&", "&#;", "&#99999999999;", "**", "[]()", "[", "](",
        "``", "-lrb-", "-lrb- -rrb- . , ''", "BC-US--Budget,0412", "BC-US--Budget,0412\n", "# ", "#", "> ", "- ",
        "<script>", "<!--", "![", "_", "\u{00A0}", ". . . .", "one", "ONE TWO THREE",
    ])
    func oddCopyNeverCrashes(text: String) {
        let suggestions = StorySuggester().suggestions(for: text)
        #expect(suggestions.highlights.count <= 3)
        for highlight in suggestions.highlights {
            #expect(!highlight.contains("<") && !highlight.contains("&amp;"))
        }
    }

    @Test(arguments: forms.map(\.0)) func oneSentenceInEveryForm(form: String) throws {
        let text = try #require(Self.forms.first { $0.0 == form }?.1)
        // The form's first sentence alone (its first line for the line-per-sentence form).
        let cut: String
        if let range = text.range(of: "supports.") ?? text.range(of: "supports") {
            cut = String(text[..<range.upperBound])
        } else {
            cut = text
        }
        let highlights = HighlightSuggester().highlights(for: cut)
        #expect(highlights.count <= 1, "\(form): \(highlights)")
        if let only = highlights.first {
            #expect(Self.isExtract(only), "\(form): \(only)")
        }
    }

    /// Five megabytes in each hard form: every pass is linear, so these finish in seconds; a
    /// quadratic scan would run for hours.
    @Test(arguments: [
        "The council met on Monday and Mayor Ruth Ames said the budget was late ",
        "the council met on monday and mayor ruth ames said the budget was late ",
        "<p>The <a href=\"/x\">council</a> met &amp; <em>voted</em> on Monday. ",
        "**The** [council](https://example.com) _met_ on Monday.[1] ",
        "-lrb- the council , `` met '' . ",
    ])
    func fiveMegabytesInAnyFormFinish(unit: String) {
        let text = String(repeating: unit, count: 5_000_000 / unit.utf8.count)
        let suggestions = StorySuggester().suggestions(for: text)
        #expect(!suggestions.highlights.isEmpty)
        #expect(suggestions.highlights.count <= 3)
        #expect(suggestions.highlights.allSatisfy { $0.count <= StoryLimits.highlightLength })
        for mark in ["<", "&amp;", "](", "**", "[1]", "-lrb-", "``"] {
            #expect(suggestions.highlights.allSatisfy { !$0.contains(mark) })
        }
    }

    /// Five megabytes of what looks like the start of markup and never ends: each "<", "[" or "&"
    /// is given up on after a short look, never by searching the rest of the text again.
    @Test(arguments: ["[", "<a ", "<a title=\"", "<!-- ", "&amp", "[x](", "![", "*_`"])
    func fiveMegabytesOfUnfinishedMarkupFinish(unit: String) {
        let text = String(repeating: unit, count: 5_000_000 / unit.utf8.count) + ">"
        let suggestions = StorySuggester().suggestions(for: text)
        #expect(suggestions.highlights.count <= 3)
        #expect(suggestions.highlights.allSatisfy { $0.count <= StoryLimits.highlightLength })
    }
}

/// The markup, entity, tokenisation and slug rules one by one.
@Suite struct CopyCleanerTests {
    @Test func decodesEntities() {
        #expect(
            CopyCleaner.plainText("It&rsquo;s &#8220;done&#8221; &mdash; AT&amp;T&#x2019;s caf&eacute;&nbsp;bar.")
                == "It\u{2019}s \u{201C}done\u{201D} \u{2014} AT&T\u{2019}s caf\u{E9} bar.")
        // Unknown names and bare ampersands stay as written.
        #expect(CopyCleaner.plainText("Q&A with AT&T &bogus; today.") == "Q&A with AT&T &bogus; today.")
    }

    @Test func stripsMarkdown() {
        let text = """
            ## The vote

            The [council](https://example.com/c "Council") met on **Monday** and _voted_ 5 * 3 times.[2] \
            See the snake_case file and ~~old~~ notes.[^a]

            ![photo](https://example.com/p.jpg)

            - First item here
            - Second item here
            """
        let plain = CopyCleaner.plainText(text)
        #expect(plain.contains("The council met on Monday and voted 5 * 3 times."))
        #expect(plain.contains("snake_case"))
        #expect(CopyCleaner.plainText("He shouted \"f***ing hell\" twice.") == "He shouted \"f***ing hell\" twice.")
        #expect(!plain.contains("photo") && !plain.contains("example.com") && !plain.contains("[2]"))
        #expect(!plain.contains("**") && !plain.contains("##") && !plain.contains("[^a]") && !plain.contains("- First"))
        #expect(SentenceSplitter().sentences(in: plain).contains("The vote"))
    }

    @Test func stripsHTML() {
        let text = """
            <h2>Vote</h2><p>The <a href="/c?a=1&amp;b=2" title="x > y">council</a> met.<br>It voted.</p>\
            <style>p { color: red }</style><script>if (a < b) { go(); }</script><p>5 < 7 and 9 > 2.</p>
            """
        let sentences = SentenceSplitter().sentences(in: CopyCleaner.plainText(text))
        #expect(sentences.contains("Vote"))
        #expect(sentences.contains("The council met."))
        #expect(sentences.contains("It voted."))
        #expect(sentences.contains("5 < 7 and 9 > 2."))
        #expect(!sentences.joined().contains("color") && !sentences.joined().contains("go()"))
    }

    @Test func joinsTokenisedText() {
        #expect(
            CopyCleaner.plainText("he said , `` we do n't know -lrb- yet -rrb- . '' it 's $ 5 , or 10 % .")
                == "he said, \"we don't know (yet).\" it's $5, or 10%.")
        // Ordinary text with a spaced dash or an odd comma is left alone.
        let ordinary = "The vote - a close one - passed, and the mayor , who was late, said so. It ended."
        #expect(CopyCleaner.plainText(ordinary) == ordinary)
    }

    @Test func dropsSlugAndBylineLines() {
        let text =
            "BC-EU--Fish-Quotas,0331\nURGENT\nBy ANA PARK and JOHN T. REED\nBRUSSELS (AP) \u{2014} Ministers met."
        #expect(CopyCleaner.plainText(text) == "BRUSSELS (AP) \u{2014} Ministers met.")
        // A headline or a sentence on the first line is story text.
        let story = "Council Votes To Close Bridge\nThe council voted on Tuesday."
        #expect(CopyCleaner.plainText(story) == story)
        let byTheTime = "By the time police came\nthe crowd had gone."
        #expect(CopyCleaner.plainText(byTheTime) == byTheTime)
    }

    @Test func setsPeriodsInUnpunctuatedText() {
        let text = """
            The council met on Tuesday and voted to close the bridge after engineers found cracks in it \
            Mayor Ruth Okafor said a ferry would run from Monday "Nobody will be stranded" she told reporters \
            The repairs will take eight months and cost a great deal of money for the small city \
            Some shop owners said they feared losing customers during the long closure of the bridge
            """
        #expect(
            SentenceSplitter().sentences(in: CopyCleaner.plainText(text)) == [
                // "Mayor" after "it" could as well be a name inside the sentence: no cut without a sign.
                "The council met on Tuesday and voted to close the bridge after engineers found cracks in it Mayor Ruth Okafor said a ferry would run from Monday.",
                "\"Nobody will be stranded\" she told reporters.",
                "The repairs will take eight months and cost a great deal of money for the small city.",
                "Some shop owners said they feared losing customers during the long closure of the bridge.",
            ])
        // Punctuated text is never touched.
        let punctuated = "The council met. It voted. The bridge closed."
        #expect(CopyCleaner.plainText(punctuated) == punctuated)
    }

    @Test func cleanTextComesBackUnchanged() {
        let text = CopyFormsTests.clean + "\n\nA second paragraph (with brackets) and a list: one, two - three."
        #expect(CopyCleaner.plainText(text) == text)
    }
}
