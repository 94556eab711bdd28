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

    @Test("readers' comments that outweigh a short story are not taken as the story")
    func longComments() throws {
        let comment = """
            <div class="commentbody"><p>I have lived by this river for thirty years and I have never seen it this \
            high; the council should have acted long ago, and everyone here knows it very well.</p>\
            <p class="posted">Posted by: a reader at 7:12 AM</p></div>
            """
        let html = """
            <body><div class="main"><h2>The flood</h2><div class="entry"><p>The river rose two metres overnight and \
            the old bridge closed before dawn, the council said on Tuesday.</p></div>
            <div class="commentform"><h2>Comments</h2></div>\(String(repeating: comment, count: 8))</div></body>
            """
        let blocks = try body(html)
        #expect(blocks.contains { $0.hasPrefix("The river rose") })
        #expect(!blocks.contains { $0.hasPrefix("I have lived") })
    }

    @Test("a site's template sentence does not outweigh a one-paragraph story")
    func siteNotice() throws {
        let html = """
            <body><div class="main"><div class="entry"><p>The river rose two metres overnight and the old bridge \
            closed before dawn, the council said.</p></div>
            <div class="postmetadata"><p>This entry was posted on Tuesday. You can follow any responses to this entry \
            through the RSS 2.0 feed. You can leave a response, or trackback from your own site.</p></div></div></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 1)
        #expect(blocks.first?.hasPrefix("The river rose") == true)
    }

    @Test("a plain list the page set beside the story's paragraphs is part of the story")
    func widenedToList() throws {
        let items = ["1 medium carrot, peeled", "4 snow peas, trimmed", "1 spring onion, sliced", "1 egg, beaten"]
        let html = """
            <body><div class="recipe"><div class="text">\(Self.paragraphs)</div>
            <ul>\(items.map { "<li>\($0)</li>" }.joined())</ul></div>
            <div class="sidebar"><p>Elsewhere on the site today.</p></div></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 8)
        #expect(blocks.contains("1 egg, beaten"))
    }

    @Test("a one-paragraph introduction widens to the notes it introduces, even when they open with links")
    func introductionWidenedToNotes() throws {
        let notes = (1...5).map { number in
            "<li><a href=\"/n\(number)\">Note \(number) on caching, and why the largest sites got it wrong</a>: "
                + "the writer's own paragraph about what the linked piece argues, why it matters to people who "
                + "run large sites, and where it goes wrong. It goes on for a while.</li>"
        }
        let html = """
            <body><div class="post"><div class="body"><p>Here is what the week brought for people who build \
            large systems.</p><ul>\(notes.joined())</ul></div></div>
            <div class="sidebar"><ul><li><a href="/a">Archive</a></li><li><a href="/b">About</a></li></ul></div></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 6, "\(blocks)")
        #expect(blocks.first?.hasPrefix("Here is what the week brought") == true)
        #expect(blocks.last?.hasPrefix("Note 5 on caching") == true)
        #expect(!blocks.contains("Archive"))
    }

    @Test("a site's template sentence inside the story's own element is left out")
    func siteNoticeInsideTheStory() throws {
        let html = """
            <body><div class="entry">\(Self.paragraphs)<p>This entry was posted on Saturday, August 25th, 2012 at \
            12:23 am and is filed under Rivers. You can follow any responses to this entry through the RSS 2.0 \
            feed. You can leave a response, or trackback from your own site.</p></div></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 4, "\(blocks)")
        #expect(blocks.allSatisfy { $0.hasPrefix("Paragraph") })
    }

    @Test("a link list beside the story is not taken in when widening")
    func notWidenedToLinks() throws {
        let links = (1...4).map { "<li><a href=\"/s\($0)\">Another story about the river, number \($0)</a></li>" }
        let html = """
            <body><div class="wrap"><div class="text">\(Self.paragraphs)</div><ul>\(links.joined())</ul></div></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 4)
    }

    @Test("a story the page wrapped in an element named like a byline is kept; a real byline is not")
    func misnamedByline() throws {
        let html = """
            <body><div class="post"><div class="byline">By Ann Reporter</div>
            <span class="byline-author">\(Self.paragraphs)</span></div>
            <div class="sidebar"><p>Elsewhere on the site today, in a sentence or two.</p></div></body>
            """
        let blocks = try body(html)
        #expect(blocks.count == 4)
        #expect(blocks.allSatisfy { $0.hasPrefix("Paragraph") })
    }
}
