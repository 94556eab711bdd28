import DatelineCore
import Foundation
import Testing

@testable import DatelineIngest

@Suite("Scraped-text reader")
struct ScrapedTextReaderTests {
    let reader = ScrapedTextReader()

    func read(_ text: String, location: String = "fixture.txt") throws -> StoryDraft {
        try reader.read(RawPage(bytes: Data(text.utf8), location: location))
    }

    func instant(_ iso: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: iso))
    }

    // MARK: - The seed

    @Test(.enabled(if: SharedData.hasSeed, "needs ../shared/seed (the seed page) beside the repository"))
    func seedGivesExactlyTheSeedFields() throws {
        let raw = try Data(contentsOf: SharedData.seedPage)
        let draft = try reader.read(RawPage(bytes: raw, location: SharedData.seedPage.path))

        // The expected highlights and body are cut from the seed file by its plain line structure,
        // independently of the reader.
        let lines = String(decoding: raw, as: UTF8.self).components(separatedBy: "\n")
        let bullets = lines.filter { $0.hasPrefix("  • ") }.map { String($0.dropFirst(4)) }
        let highlights = Array(
            bullets.drop(while: { $0 != "Story Highlights" }).dropFirst().prefix(while: {
                !$0.hasPrefix("Next Article")
            }))
        let first = try #require(lines.firstIndex(where: { $0.hasPrefix("(CNN) -- ") }))
        let last = try #require(lines.firstIndex(where: { $0.hasSuffix("E-mail to a friend") }))
        var body = lines[first...last].filter { !$0.isEmpty && $0 != "Don't Miss" }
        body[0] = String(body[0].dropFirst("(CNN) -- ".count))
        body[body.count - 1] = body[body.count - 1].replacingOccurrences(
            of: " E-mail to a friend E-mail to a friend", with: "")

        #expect(draft.headline == "Serbia defiant as Kosovo breakaway looms")
        #expect(highlights.count == 4)
        #expect(draft.highlights == highlights)
        #expect(draft.highlightsOrigin == .source)
        #expect(draft.section == "World")
        #expect(draft.dateline == Dateline(place: nil, source: "CNN"))
        #expect(draft.byline == nil)
        #expect(draft.body == body)
        #expect(draft.body.first?.hasPrefix("Serbia defiantly told the United Nations") == true)
        #expect(draft.body.last?.hasSuffix("That's not true, that's a lie,\" he said.") == true)
        #expect(draft.topics == ["Kosovo", "Serbia", "Hashim Thaci"])
        #expect(draft.topicsOrigin == .source)
        #expect(draft.publishedAt == nil)
        #expect(draft.source?.url == URL(fileURLWithPath: SharedData.seedPage.path).absoluteString)
        #expect(draft.source?.checksum.count == 64)
        let furniture = [
            "Skip to main content", "Decrease font", "Enlarge font", "Don't Miss", "E-mail to a friend", "All About",
        ]
        for paragraph in draft.body {
            for phrase in furniture { #expect(!paragraph.contains(phrase), "furniture '\(phrase)' in the body") }
            #expect(!["E-mail", "Save", "Print"].contains(paragraph))
        }
        #expect(throws: Never.self) { try draft.validated() }
    }

    // MARK: - Labelled 2008 pages

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data (evaluation data) beside the repository"))
    func bothLabelledPagesArePresent() {
        #expect(SharedData.cnn2008PageIDs.count >= 2)
    }

    /// Menu, widget and footer text of the labelled pages; none of it is story text.
    static let navigationText = [
        "Skip to main content", "Hot Topics", "Edition:", "Share this on", "del.icio.us", "Story Highlights",
        "Next Article", "Decrease font", "Enlarge font", ".jpg", "[", "E-mail to a friend", "Copyright", "All About",
        "From the Blogs", "Sit tight", "Most Viewed", "Most Emailed", "Top News", "Terms of service", "Subscribe to SI",
        "Front Page", "Advertisement", "Posted:", "E-mail Alerts", "Print This", "SI.com", "Media Kits",
        "privacy guidelines", "All Rights Reserved", "•", "»", "*",
    ]

    @Test(
        .enabled(if: SharedData.isAvailable, "needs ../shared/data (evaluation data) beside the repository"),
        arguments: SharedData.cnn2008PageIDs)
    func labelledPageMatchesItsGold(id: String) throws {
        let path = SharedData.cnn2008.appendingPathComponent("\(id).original.w3m-dump.txt").path
        let gold = try GoldPage.load(id: id)
        let draft = try reader.read(RawPage(bytes: try Data(contentsOf: URL(fileURLWithPath: path)), location: path))

        #expect(draft.headline == gold.expectedHeadline)
        #expect(draft.highlights == gold.expectedHighlights)
        #expect(draft.highlightsOrigin == (gold.expectedHighlights.isEmpty ? .editor : .source))

        let paragraphs = gold.expectedParagraphs
        try #require(draft.body.count == paragraphs.count, "body paragraphs: \(draft.body)")
        // The gold's first paragraph still carries the dateline the reader moved into `dateline`.
        let goldFirst = paragraphs[0].squeezed
        let ourFirst = draft.body[0].squeezed
        #expect(goldFirst.hasSuffix(ourFirst))
        let datelineText = String(goldFirst.dropLast(ourFirst.count))
        let source = try #require(draft.dateline.source)
        #expect(datelineText.contains("(\(source))"))
        #expect(datelineText.hasPrefix((draft.dateline.place ?? "").squeezed))
        for (ours, theirs) in zip(draft.body, paragraphs).dropFirst() {
            #expect(ours.squeezed == theirs.squeezed)
        }

        for phrase in Self.navigationText {
            #expect(!draft.headline.contains(phrase), "'\(phrase)' in the headline")
            for text in draft.body + draft.highlights {
                #expect(!text.contains(phrase), "'\(phrase)' in \(text)")
            }
        }
        #expect(throws: Never.self) {
            try StoryDraft(
                headline: draft.headline, section: draft.section ?? "News", body: draft.body
            ).validated()
        }
    }

    // MARK: - Written fixtures

    @Test func readsAWrappedTextBrowserPage() throws {
        let draft = try read(Fixtures.harbor)
        #expect(draft.headline == "Harbor town votes to rebuild its storm-battered seawall before winter")
        #expect(draft.section == "U.S.")
        #expect(
            draft.highlights == [
                "Council approves a repair plan after three nights of debate in a packed hall",
                "Engineers say the old wall lost a third of its height in the September storm",
                "Work on the north pier must finish before the first winter tides arrive",
                "Fishing crews say they will keep landing catches at the south quay meanwhile",
            ])
        #expect(draft.byline == "By Odile Fenwick, Coastal Affairs Editor")
        #expect(draft.dateline == Dateline(place: "GULL HARBOR, Maine", source: "Dateline"))
        #expect(draft.publishedAt == (try instant("2008-10-07T22:40:00Z")))
        #expect(draft.body.count == 7)
        #expect(
            draft.body.first
                == "The town council of Gull Harbor voted late Monday to rebuild the seawall that shielded its fishing "
                + "quay for ninety years, ending a week of argument over what the repairs would cost and who would pay "
                + "for them.")
        #expect(draft.body[1] == "Waves break over the damaged seawall at Gull Harbor on a grey October morning.")
        #expect(
            draft.body.last == "Fisherman Tobias Hale, whose boat has been tied up since the storm, said he "
                + "would believe in the new wall when he saw it. \"Votes do not stop water,\" he said.")
        #expect(draft.topics == ["Gull Harbor", "Coastal Erosion", "Brigid Olander"])
        let page = draft.body.joined(separator: "\n")
        for phrase in [
            "art.harbor", "Ferry timetable", "Quay market", "Don't Miss", "Advertisement", "Copyright",
            "Most Viewed", "E-mail", "Share", "[text]", "*",
        ] {
            #expect(!page.contains(phrase), "'\(phrase)' in the body")
        }
    }

    @Test func windowsLineEndingsReadTheSame() throws {
        let unix = try read(Fixtures.harbor)
        let windows = try read(Fixtures.harbor.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(windows.headline == unix.headline)
        #expect(windows.highlights == unix.highlights)
        #expect(windows.body == unix.body)
        #expect(windows.topics == unix.topics)
    }

    @Test func readsAPageWithoutHighlightsFromItsPostedLineAndDateline() throws {
        let draft = try read(Fixtures.sailing)
        #expect(draft.headline == "Veteran skipper Ilse Marrow returns to the helm after shoulder surgery")
        #expect(draft.highlights.isEmpty)
        #expect(draft.highlightsOrigin == .editor)
        #expect(draft.section == nil)
        #expect(draft.dateline == Dateline(place: "PORTLAND, Maine", source: "AP"))
        #expect(draft.publishedAt == (try instant("2008-03-05T02:15:00Z")))
        #expect(draft.body.count == 4)
        #expect(draft.body.first?.hasPrefix("Skipper Ilse Marrow was cleared to race again Tuesday, eleven") == true)
        #expect(
            draft.body.last
                == "Marrow will sail the spring qualifier next month. Her team finished fourth in the series last year."
        )
        #expect(!draft.body.contains("Advertisement"))
        #expect(!draft.body.joined().contains("SAIL.example"))
        #expect(draft.topics.isEmpty)
    }

    @Test func readsTheSeedFormWithBylineDatelineAndRunTogetherTopics() throws {
        let draft = try read(Fixtures.tram)
        #expect(draft.headline == "Lisbon trams return to the hill line after a summer of repairs")
        #expect(draft.section == "Travel")
        #expect(draft.highlights.count == 3)
        #expect(draft.byline == "By Marta Quintela")
        #expect(draft.dateline == Dateline(place: "LISBON, Portugal", source: "Dateline"))
        #expect(draft.body.count == 4)
        #expect(draft.body.first?.hasPrefix("The yellow trams climbed the hill line") == true)
        #expect(draft.body.last?.hasSuffix("for at least another decade.") == true)
        #expect(draft.topics == ["Portugal", "Lisbon Transport", "McKinley Ward", "YouTube"])
    }

    @Test func readsAPlainHeadlineAndParagraphs() throws {
        let draft = try read(Fixtures.nightMarket)
        #expect(draft.headline == "Night market opens on the old river road")
        #expect(draft.body.count == 2)
        #expect(draft.dateline.isEmpty)
        #expect(draft.highlights.isEmpty)
        #expect(draft.publishedAt == nil)
    }

    @Test func keepsAnEditorsNoteAboveTheDateline() throws {
        let draft = try read(
            """
            Island ferry crews end their strike

              • Story Highlights
              • Crews return after nine days ashore
              •
              • Timetables resume on Thursday

            Editor's note: Our reporter travelled on the first ferry out.

            By Anselm Toft
            Dateline

            (Dateline) -- The island ferries sailed again on Thursday.
            """)
        #expect(draft.highlights == ["Crews return after nine days ashore", "Timetables resume on Thursday"])
        #expect(draft.byline == "By Anselm Toft, Dateline")
        #expect(draft.dateline == Dateline(place: nil, source: "Dateline"))
        #expect(
            draft.body == [
                "Editor's note: Our reporter travelled on the first ferry out.",
                "The island ferries sailed again on Thursday.",
            ])
    }

    @Test func readsABylineOverAPlainStory() throws {
        let draft = try read(
            """
            Orchard growers count the cost of the late frost

            By Wenna Castell
            Farm Correspondent

            Growers in the valley lost about half of the early blossom to three nights of frost last week.
            """)
        #expect(draft.headline == "Orchard growers count the cost of the late frost")
        #expect(draft.byline == "By Wenna Castell, Farm Correspondent")
        #expect(
            draft.body == [
                "Growers in the valley lost about half of the early blossom to three nights of frost last week."
            ])
    }

    @Test func sourceUsesThePageURLWhenKnown() throws {
        let url = try #require(URL(string: "https://news.example/2008/harbor/"))
        let draft = try reader.read(RawPage(bytes: Data(Fixtures.harbor.utf8), location: "harbor.txt", url: url))
        #expect(draft.source?.url == "https://news.example/2008/harbor/")
    }

    @Test func readsAFiveMegabytePage() throws {
        let paragraph = Array(
            repeating: "The harbor board met again on Tuesday to weigh the plan for the north pier.", count: 6
        )
        .joined(separator: " ")
        let wrapped = Self.wrap(paragraph, columns: 80)
        var page = "Harbor board keeps meeting\n\n  • Story Highlights\n  • The board meets every week\n\n(CNN) -- "
        page += paragraph + "\n\n"
        let count = 5_000_000 / (wrapped.utf8.count + 2)
        page.reserveCapacity(5_100_000)
        for _ in 0..<count { page += wrapped + "\n\n" }
        page += "All About Harbor Board\n"
        let draft = try read(page)
        #expect(draft.body.count == count + 1)
        #expect(draft.body.allSatisfy { $0 == paragraph })
        #expect(draft.topics == ["Harbor Board"])
    }

    @Test func readsAFiveMegabyteLine() throws {
        let sentence = "The ferry ran late again on Tuesday. "
        let line = String(repeating: sentence, count: 5_000_000 / sentence.utf8.count)
        let draft = try read("Ferry runs late\n\n(CNN) -- " + line + "\n")
        #expect(draft.body.count == 1)
        #expect(draft.body[0].utf8.count == line.utf8.count - 1)
    }

    /// Greedy wrapping as a text browser does it: lines of at most `columns - 1` characters.
    static func wrap(_ text: String, columns: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > columns - 1 {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    // MARK: - Bad input

    struct BadPage: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var line: Int?
        var phrase: String
        var testDescription: String { name }
    }

    static let badPages: [BadPage] = [
        BadPage(name: "empty file", bytes: [], line: nil, phrase: "the file is empty"),
        BadPage(name: "only whitespace", bytes: Array(" \n\t\n\n".utf8), line: nil, phrase: "only whitespace"),
        BadPage(
            name: "binary with NUL", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D],
            line: 3, phrase: "binary data, not text (a NUL byte at byte offset 8)"),
        BadPage(
            name: "control characters",
            bytes: Array(repeating: [0x01, 0x02, 0x41, 0x03, 0x1F, 0x7F], count: 50).flatMap { $0 },
            line: nil, phrase: "looks like binary data"),
        BadPage(
            name: "invalid UTF-8",
            bytes: Array("Headline here\n\nCaf".utf8) + [0xE9] + Array(" owners said so.\n".utf8),
            line: 3, phrase: "invalid UTF-8: byte 0xE9 at byte offset 18 (byte 4 of line 3)"),
        BadPage(
            name: "no headline",
            bytes: Array(
                ("The council met for three hours on Monday and agreed to nothing at all, members said afterwards.\n\n"
                    + "A second meeting is planned.\n").utf8),
            line: 1, phrase: "no headline found"),
        BadPage(
            name: "highlights without a headline",
            bytes: Array("  • Story Highlights\n  • One point\n\n(CNN) -- The story goes here.\n".utf8),
            line: 1, phrase: "no headline found"),
        BadPage(
            name: "no body",
            bytes: Array(
                "A headline with nothing under it\n\n  • Story Highlights\n  • A point\n\nAll About Nothing\n".utf8),
            line: 1, phrase: "found the headline but no body paragraphs after it"),
        BadPage(
            name: "only furniture", bytes: Array("Skip to main content\n\nDecrease font Decrease font\n".utf8), line: 1,
            phrase: "only page furniture"),
    ]

    @Test(arguments: badPages)
    func badInputGivesAClearError(_ bad: BadPage) {
        let page = RawPage(bytes: Data(bad.bytes), location: "pages/\(bad.name).txt")
        #expect {
            _ = try reader.read(page)
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.location == "pages/\(bad.name).txt" && error.line == bad.line
                && error.message.contains(bad.phrase)
        }
    }

    @Test func pageOverTheSizeLimitIsRefused() {
        let small = ScrapedTextReader(maximumBytes: 1_000)
        let page = RawPage(bytes: Data(String(repeating: "x", count: 2_400).utf8), location: "big.txt")
        #expect {
            _ = try small.read(page)
        } throws: { error in
            (error as? IngestError)?.message.contains("the page is 2 KB; the limit is 1 KB") == true
        }
    }
}
