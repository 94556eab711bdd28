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

    @Test("a tag with thousands of attributes keeps the first ones and is read in time")
    func manyAttributes() {
        let names = (0..<60_000).map { "a\($0)" }.joined(separator: " ")
        let events = HTMLFragmentReader.events(in: "<p title=\"x > y z\" \(names) class='last'>text</p>")
        guard case .start("p", let attributes) = events.first else {
            Issue.record("no <p> first: \(events.prefix(2))")
            return
        }
        #expect(attributes.count == HTMLFragmentReader.maximumAttributes)
        #expect(attributes.first == .init(name: "title", value: "x > y z"))
        #expect(!attributes.contains { $0.name == "class" })
        #expect(events.contains(.text("text")))
        // Quoted values, spaces round "=" and unquoted values do not count as attributes.
        #expect(
            HTMLFragmentReader.cappingAttributes(Array("<a href = \"a b c\" x=1 y = 2>t".utf8))
                == Array("<a href = \"a b c\" x=1 y = 2>t".utf8))
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
