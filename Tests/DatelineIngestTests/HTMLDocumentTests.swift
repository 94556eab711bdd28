import Foundation
import Testing

@testable import DatelineIngest

@Suite("HTMLDocument")
struct HTMLDocumentTests {
    private func document(_ html: String) throws -> HTMLDocument {
        try HTMLDocument(utf8: Array(html.utf8))
    }

    @Test("elements, attributes and text form a tree")
    func tree() throws {
        let doc = try document(
            #"<html><body><div class="a" id="b"><p>One <b>two</b></p><p>Three</p></div></body></html>"#)
        let div = try #require(doc.first("div"))
        #expect(doc[div].attributes["class"] == "a")
        #expect(doc[div].attributes["id"] == "b")
        #expect(doc.all("p", under: div).count == 2)
        #expect(doc.text(of: div) == "One two Three")
    }

    @Test("entities are decoded")
    func entities() throws {
        let doc = try document("<p>Fish &amp; chips &#8212; &eacute;t&eacute; &lt;3</p>")
        #expect(doc.text(of: 0) == "Fish & chips — été <3")
    }

    @Test("unclosed and misnested tags are repaired")
    func brokenMarkup() throws {
        let doc = try document("<div><p>First<p>Second <b>bold <i>both</b> after</i></div><p>Third")
        #expect(doc.all("p").count == 3)
        #expect(doc.text(of: 0).contains("First Second bold both after Third"))
    }

    @Test("scripts and styles are dropped; JSON-LD scripts are kept")
    func scripts() throws {
        let doc = try document(
            """
            <head><style>p{color:red}</style><script>var secret = 1;</script>
            <script type="application/ld+json">{"headline": "Kept"}</script></head><body><p>Text</p></body>
            """)
        #expect(doc.all("style").isEmpty)
        #expect(doc.all("script").count == 1)
        #expect(!doc.text(of: 0).contains("secret"))
    }

    @Test("a <meta charset> inside UTF-8 text does not change how the text is read")
    func ignoresMetaCharset() throws {
        let doc = try document(#"<meta charset="iso-8859-1"><p>Zoë — “quoted”</p>"#)
        #expect(doc.text(of: 0) == "Zoë — “quoted”")
    }

    @Test("an empty input gives an empty tree")
    func empty() throws {
        let doc = try document("")
        #expect(doc.nodes.count == 1)
    }

    @Test("walking a deep tree needs no recursion")
    func deepTree() throws {
        let html = String(repeating: "<div>", count: 5_000) + "deep" + String(repeating: "</div>", count: 5_000)
        let doc = try document(html)
        #expect(doc.elements().count >= 100)
        #expect(doc.text(of: 0).isEmpty || doc.text(of: 0) == "deep")
    }
}
