import Foundation
import Testing

@testable import DatelineIngest

@Suite("HTMLDocument.Prefilter")
struct HTMLPrefilterTests {
    private func stripped(_ html: String) -> String {
        String(decoding: HTMLDocument.Prefilter.stripped(Array(html.utf8)), as: UTF8.self)
    }

    /// The element names and texts of a page's tree, in document order, with whitespace-only
    /// text left out (a cut comment can join two runs of spaces).
    private func shape(_ document: HTMLDocument) -> [String] {
        document.nodes.compactMap { node in
            guard node.isText else { return "<\(node.name)>" }
            let text = HTMLWhitespace.collapse(node.text)
            return text.isEmpty ? nil : "text:\(text)"
        }
    }

    @Test("comments, scripts and style sheets are cut; JSON-LD scripts stay")
    func cuts() {
        let page = """
            <head><!-- a note --><style>p { color: red }</style><script src="a.js"></script>\
            <SCRIPT type="text/javascript">var x = "</div>";</SCRIPT >\
            <script type="application/ld+json">{"headline": "Kept"}</script></head><body><p>Text</p></body>
            """
        #expect(
            stripped(page)
                == #"<head><script type="application/ld+json">{"headline": "Kept"}</script></head><body><p>Text</p></body>"#
        )
    }

    @Test("a script's text is not markup: a comment opener or a tag inside it ends nothing")
    func scriptText() {
        #expect(stripped("<p>A</p><script>document.write('<!-- <p>no</p>');</script><p>B</p>") == "<p>A</p><p>B</p>")
        #expect(stripped("<p>A<!-- <script> -->B</p>") == "<p>AB</p>")
    }

    @Test("quoted attribute values may hold what looks like markup")
    func quotedValues() {
        let page = #"<a class="<!-- not a comment" href='x>y'>Link</a><p id="<script>">Text</p>"#
        #expect(stripped(page) == page)
    }

    @Test("attributes no reader keeps are cut, one blank left where they stood")
    func attributes() {
        #expect(
            stripped(#"<div data-track="a>b" class="story" onclick='go("<p>")' ID=main hidden>Text</div>"#)
                == #"<div  class="story"  ID=main hidden>Text</div>"#)
        // Written without a blank between them, the next attribute must not join the element's name.
        #expect(stripped(#"<a  title=""href="/x">Link</a>"#) == #"<a href="/x">Link</a>"#)
        // What is not an attribute is the parser's business.
        #expect(stripped(#"<p "odd" class="c">Text</p>"#) == #"<p "odd" class="c">Text</p>"#)
    }

    @Test("runs of blanks between tags shrink to their first byte; values and scripts keep theirs")
    func blanks() {
        #expect(stripped("<p>A   \n  B</p>\n\n  <p>C</p>") == "<p>A B</p>\n<p>C</p>")
        let kept = #"<p class="a   b">A</p><script type="application/ld+json">{"a":   1}</script>"#
        #expect(stripped(kept) == kept)
    }

    @Test("inline drawings are cut; of a drawing holding another, only the inner one")
    func drawings() {
        #expect(stripped(#"<p>A<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>B</p>"#) == "<p>AB</p>")
        #expect(stripped(#"<p>A<svg><svg><path/></svg></svg>B</p>"#) == "<p>A<svg></svg>B</p>")
    }

    @Test("many drawings that never close are read in one pass and left as they are")
    func unclosedDrawings() {
        let page = String(repeating: "<svg><p>Text</p>", count: 20_000)
        #expect(stripped(page) == page)
        // A drawing that closes is still cut; the one after it, which never closes, stays.
        #expect(stripped("<p>A</p><svg><path/></svg><svg><p>B</p>") == "<p>A</p><svg><p>B</p>")
    }

    @Test("what the scan cannot be sure of is left as it is")
    func unsure() {
        // A comment or a script that never ends: the rest of the page is the parser's to read.
        #expect(stripped("<p>A</p><!-- open <p>B</p>") == "<p>A</p><!-- open <p>B</p>")
        #expect(stripped("<!-- x --><p>A</p><script>var open = 1;") == "<p>A</p><script>var open = 1;")
        // Pages the scan leaves whole: a self-closed script, a comment with a control character
        // or with "--!>", which parsers disagree on.
        for page in [
            "<!-- x --><script src='a.js'/><p>A</p>", "<!-- x\u{1} --><p>A</p>", "<!-- x --!> y --><p>A</p>",
        ] {
            #expect(stripped(page) == page)
        }
    }

    @Test("the tree of a page is the same with or without the cut parts")
    func sameTree() throws {
        let page = """
            <!DOCTYPE html><html lang="en"><head><title>T</title><!--[if IE]><p>old</p><![endif]-->
            <script>var a = "<p>no</p>";</script><style>.b{}</style>
            <script type="application/ld+json">{"a": 1}</script></head>
            <body><div class="story"><p>One <!-- c --> two</p><script>x()</script><p>Three</p>
            <ul><li data-n="4">Four<script>y()</script><svg><circle r="1"/></svg></li></ul>
            <a  title=""href="/more" onclick="x()">Five</a></div></body></html>
            """
        #expect(HTMLDocument.Prefilter.stripped(Array(page.utf8)).count < page.utf8.count)
        let whole = try HTMLDocument(utf8: Array(page.utf8), prefiltering: false)
        let cut = try HTMLDocument(utf8: Array(page.utf8))
        // The tree builder drops scripts and styles itself; the cut page's tree reads the same.
        #expect(shape(whole) == shape(cut))
        #expect(shape(cut).contains("<script>"))
        #expect(cut.text(of: 0) == "T One two Three Four Five")
        #expect(cut.first("a").map { cut[$0].attributes["href"] } == "/more")
        #expect(whole.text(of: 0) == cut.text(of: 0))
    }
}
