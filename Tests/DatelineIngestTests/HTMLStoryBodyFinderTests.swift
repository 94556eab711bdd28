import Foundation
import Testing

@testable import DatelineIngest

@Suite("StoryBodyFinder")
struct HTMLStoryBodyFinderTests {
    private func body(_ html: String, declared: String? = nil) throws -> [String] {
        let document = try HTMLDocument(utf8: Array(html.utf8))
        return StoryBodyFinder(document: document, declaredBody: declared).find().blocks.map(\.text)
    }

    private static let paragraphs = (1...4).map { number in
        "<p>Paragraph \(number) of the story tells the reader something new about the flood, the river and the "
            + "people who live beside it, in full sentences.</p>"
    }.joined()

    @Test("a story split around an advert is kept whole")
    func splitStory() throws {
        let html = """
            <body><div class="main"><div class="part">\(Self.paragraphs)</div>
            <div class="ad-slot"><p>Advertisement</p></div>
            <div class="part">\(Self.paragraphs.replacingOccurrences(of: "Paragraph", with: "Section"))</div></div>
            <div class="sidebar"><p>Popular now: a long list of other things people are reading today.</p></div></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 8)
        #expect(!blocks.contains("Advertisement"))
    }

    @Test("a list of teaser cards is not taken as the story")
    func teasers() throws {
        let card = """
            <li class="card"><h3><a href="/x">Another story headline that links away from here</a></h3>
            <div class="summary">A summary of that other story, long enough to look like a paragraph of text if \
            nothing else were known about it.</div></li>
            """
        let html = """
            <body><div class="wrap"><div class="text">\(Self.paragraphs)</div>
            <ul class="more">\(String(repeating: card, count: 6))</ul></div></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 4)
        #expect(blocks.allSatisfy { $0.hasPrefix("Paragraph") })
    }

    @Test("link lists inside the story are dropped")
    func linkLists() throws {
        let html = """
            <body><article>\(Self.paragraphs)<ul><li><a href="/a">Read: a related story about rivers</a></li>
            <li><a href="/b">Read: a related story about floods</a></li></ul></article></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 4)
    }

    @Test("a wrapper named like furniture is kept when it holds the story")
    func furnitureWrapper() throws {
        let html = """
            <body><form id="aspnetForm"><div class="page-with-sidebar">\(Self.paragraphs)</div>
            <div class="sidebar"><p>Elsewhere on the site today.</p></div></form></body>
            """
        #expect(try body(html).count == 4)
    }

    @Test("comments are not the story even when they are longer")
    func comments() throws {
        let comment =
            "<div class=\"comment\"><p>I have lived by this river for thirty years and I have never seen it "
            + "this high; the council should have acted long ago, and everyone here knows it.</p></div>"
        let html = """
            <body><article><div class="entry">\(Self.paragraphs)</div></article>
            <section class="comments">\(String(repeating: comment, count: 3))</section></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 4)
    }

    @Test("hidden elements are not read")
    func hidden() throws {
        let html = """
            <body><article>\(Self.paragraphs)<div style="display: none"><p>A hidden paragraph that no reader \
            ever sees on the page, however long it is written to be.</p></div></article></body>
            """
        #expect(try body(html).count == 4)
    }

    @Test("the declared JSON-LD body steers the choice to the matching paragraphs")
    func declaredBody() throws {
        let other =
            "<p>An unrelated essay about gardening, written at length about soil and seeds and the weather "
            + "in the spring months.</p>"
        let html = """
            <body><div class="a">\(String(repeating: other, count: 5))</div><div class="b">\(Self.paragraphs)</div></body>
            """
        let declared = (1...4).map {
            "Paragraph \($0) of the story tells the reader something new about the flood, the river and the people "
                + "who live beside it, in full sentences."
        }.joined(separator: " ")
        let blocks = try body(html, declared: declared)
        #expect(blocks.count == 4)
        #expect(blocks.allSatisfy { $0.hasPrefix("Paragraph") })
    }
}
