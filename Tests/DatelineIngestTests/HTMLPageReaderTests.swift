import DatelineCore
import Foundation
import Testing

@testable import DatelineIngest

@Suite("HTMLPageReader")
struct HTMLPageReaderTests {
    let reader = HTMLPageReader()

    @Test("the story body keeps paragraphs and subheadings and drops the page furniture")
    func bodyWithoutFurniture() throws {
        let article = try reader.extract(HTMLFixtures.page(HTMLFixtures.newsPage))
        #expect(article.body.count == 5)
        #expect(article.body.first?.hasPrefix("The town’s oldest ferry route") == true)
        #expect(article.body.contains("A quieter harbour"))
        #expect(article.body.last?.hasSuffix("if the trial goes well.") == true)
        let text = article.body.joined(separator: "\n")
        for furniture in [
            "E-mail to a friend", "Related", "Council votes", "great idea", "Copyright", "Home", "Photo:",
        ] {
            #expect(!text.contains(furniture), "body keeps \(furniture)")
        }
        #expect(!text.contains("Harbour ferry goes electric"), "the headline is not body text")
        #expect(!text.contains("By Mira Castell"), "the byline is not body text")
    }

    @Test("entities are decoded in the body")
    func entities() throws {
        let article = try reader.extract(HTMLFixtures.page(HTMLFixtures.newsPage))
        #expect(article.body.last?.contains("climate fund & expects") == true)
    }

    @Test("metadata comes from the head, JSON-LD and the page")
    func metadata() throws {
        let article = try reader.extract(HTMLFixtures.page(HTMLFixtures.newsPage))
        #expect(article.headline == "Harbour ferry goes electric")
        #expect(article.byline == "By Mira Castell")
        #expect(article.section == "Business")
        #expect(article.canonicalURL == "https://courier.example/2024/05/harbour-ferry")
        #expect(article.language == "en-GB")
        #expect(article.published == PublicationDate.parse("2024-05-02T07:30:00Z"))
        #expect(article.modified == PublicationDate.parse("2024-05-02T10:00:00Z"))
        #expect(article.topics == ["Northgate", "ferries", "batteries"])
        #expect(article.topicsOrigin == .source)
        #expect(article.image?.caption == "The new ferry at its berth. Photo: Courier")
    }

    @Test("the wire dateline is read and taken off the first paragraph")
    func dateline() throws {
        let article = try reader.extract(HTMLFixtures.page(HTMLFixtures.newsPage))
        #expect(article.dateline == Dateline(place: "NORTHGATE, Wales", source: "Courier"))
        #expect(article.printedDateline == "NORTHGATE, Wales (Courier) --")
        #expect(article.printedText.hasPrefix("NORTHGATE, Wales (Courier) -- The town’s oldest"))
    }

    @Test("the bulk text path, which skips metadata, gives the same text as a full read")
    func textPathMatchesFullRead() throws {
        for html in [HTMLFixtures.newsPage, HTMLFixtures.highlightsPage] {
            let page = HTMLFixtures.page(html)
            let text = try reader.extractText(page)
            #expect(!text.isEmpty)
            #expect(text == (try reader.extract(page)).printedText)
        }
    }

    @Test("a CNN-style \"Next Article in\" link names the section, wrapped in markup or not")
    func nextArticleSection() throws {
        for link in [
            "<a href=\"/n\">Next Article in World »</a>", "<a href=\"/n\"> <b>Next Article in World</b> »</a>",
        ] {
            let html =
                "<html><body><h1>A headline</h1><p>The story, told in one sentence that is long enough.</p>\(link)"
                + "<a href=\"/x\">Next page</a></body></html>"
            let document = try HTMLDocument(utf8: Array(html.utf8))
            #expect(PageSignals(document: document).nextArticleSection == "World")
        }
    }

    @Test("a Story Highlights list becomes highlights, not body text")
    func highlights() throws {
        let article = try reader.extract(HTMLFixtures.page(HTMLFixtures.highlightsPage))
        #expect(
            article.highlights == [
                "The last keeper of the Solway light hands over the keys on Friday",
                "The lamp has been automatic since 1998 but he stayed on to look after it",
                "A museum will open in the keeper's cottage next year",
            ])
        #expect(article.headline == "Lighthouse keeper retires after forty years")
        #expect(article.dateline == Dateline(place: "SOLWAY, Scotland", source: "CNN"))
        #expect(article.body.count == 3)
        #expect(!article.body.joined().contains("museum will open"))
    }

    @Test("read gives a draft with the page's source, canonical URL first")
    func draft() throws {
        let page = HTMLFixtures.page(HTMLFixtures.newsPage, location: "/archive/ferry.html")
        let draft = try reader.read(page)
        #expect(draft.headline == "Harbour ferry goes electric")
        #expect(draft.section == "Business")
        #expect(draft.source?.url == "https://courier.example/2024/05/harbour-ferry")
        #expect(draft.source?.checksum == RawPage.checksum(of: page.bytes))
        #expect(draft.topicsOrigin == .source)
        _ = try draft.validated()
    }

    @Test("without a canonical link the draft is filed under the file's URL")
    func fileSource() throws {
        let page = HTMLFixtures.page(HTMLFixtures.highlightsPage, location: "/archive/light.html")
        let draft = try reader.read(page)
        #expect(draft.source?.url == "file:///archive/light.html")
        #expect(draft.highlightsOrigin == .source)
    }

    @Test("a gzip-compressed page reads like the plain one")
    func gzip() throws {
        let plain = try reader.extract(HTMLFixtures.page(HTMLFixtures.newsPage))
        let compressed = try HTMLTestGzip.compress(Data(HTMLFixtures.newsPage.utf8))
        let inflated = try reader.extract(RawPage(bytes: compressed, location: "ferry.html.gz"))
        #expect(inflated == plain)
        let undone = try reader.inflated(RawPage(bytes: compressed, location: "x"))
        #expect(undone.bytes == Data(HTMLFixtures.newsPage.utf8))
    }

    @Test("a cleaned <title> stands in when the page has no h1 or og:title")
    func titleFallback() throws {
        let html = """
            <html><head><title>Snow closes the pass | Valley Times</title></head><body><div>
            <p>The mountain pass closed on Sunday evening after a day of heavy snow, and the road crews said it \
            would stay shut until the wind drops.</p>
            <p>Drivers were told to use the valley road, which adds forty minutes to the journey but stays clear \
            of drifts in all but the worst weather.</p></div></body></html>
            """
        let article = try reader.extract(HTMLFixtures.page(html))
        #expect(article.headline == "Snow closes the pass")
        #expect(article.body.count == 2)
    }

    @Test("topics come from the text engine when the page declares none")
    func machineTopics() throws {
        let html = HTMLFixtures.newsPage.replacingOccurrences(
            of: #"<meta name="news_keywords" content="Northgate, ferries, batteries">"#, with: "")
        let article = try reader.extract(HTMLFixtures.page(html))
        #expect(article.topicsOrigin == .machine || article.topics.isEmpty)
        #expect(article.topics.count <= StoryLimits.topicCount)
    }

    @Test("a page with no story text is refused with a reason")
    func noStory() {
        let html = "<html><head><title>Index</title></head><body><nav><a href='/a'>A</a></nav></body></html>"
        #expect {
            try reader.read(HTMLFixtures.page(html))
        } throws: { error in
            (error as? IngestError)?.message.contains("no story text found") == true
        }
    }
}
