import Testing

@testable import DatelineIngest

@Suite("HTMLFragmentReader")
struct HTMLFragmentReaderTests {
    typealias Event = HTMLFragmentReader.Event

    @Test("events come balanced, without the wrapper, with references resolved in text and attributes")
    func events() {
        let events = HTMLFragmentReader.events(in: "<p class=x>caf&eacute; &amp; <a href=\"/a?b=1&amp;c=&#50;\">l</a>")
        #expect(
            events == [
                .start(name: "p", attributes: [.init(name: "class", value: "x")]), .text("café & "),
                .start(name: "a", attributes: [.init(name: "href", value: "/a?b=1&c=2")]), .text("l"),
                .end(name: "a"), .end(name: "p"),
            ])
        #expect(HTMLFragmentReader.events(in: "") == [])
        // Text outside any element is not wrapped in an implied <p>.
        #expect(HTMLFragmentReader.events(in: "just text") == [.text("just text")])
    }

    @Test("an unfinished tag at the end is dropped and impossible references become U+FFFD")
    func prepared() {
        #expect(HTMLFragmentReader.events(in: "ok<p unterminated") == [.text("ok")])
        #expect(
            HTMLFragmentReader.events(in: "a &#0; b &#xD800; c &#x110000;") == [
                .text("a \u{FFFD} b \u{FFFD} c \u{FFFD}")
            ])
        #expect(HTMLFragmentReader.events(in: "1 < 2") == [.text("1 < 2")])
    }

    @Test("nesting past the reported depth keeps its text; past the stop depth the parser stops")
    func depth() {
        let deep = String(repeating: "<span>", count: 200) + "x"
        let events = HTMLFragmentReader.events(in: deep)
        #expect(events.filter { if case .start = $0 { true } else { false } }.count == HTMLFragmentReader.maximumDepth)
        #expect(events.contains(.text("x")))
        let tooDeep = String(repeating: "<span>", count: HTMLFragmentReader.stopDepth + 10) + "lost"
        let stopped = HTMLFragmentReader.events(in: tooDeep)
        #expect(!stopped.contains(.text("lost")))
        #expect(
            stopped.filter { if case .start = $0 { true } else { false } }.count
                == stopped.filter { if case .end = $0 { true } else { false } }.count)
    }

    @Test("reports which start tags libxml2 lets close an open element")
    func startTagCloses() {
        #expect(HTMLFragmentReader.startTag("ul", closes: "p"))
        #expect(HTMLFragmentReader.startTag("p", closes: "p"))
        #expect(HTMLFragmentReader.startTag("li", closes: "li"))
        #expect(!HTMLFragmentReader.startTag("em", closes: "p"))
        #expect(!HTMLFragmentReader.startTag("ul", closes: "li"))
    }
}
