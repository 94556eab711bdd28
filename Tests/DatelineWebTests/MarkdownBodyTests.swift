import Foundation
import Synchronization
import Testing

@testable import DatelineMarkup
@testable import DatelineWeb

@Suite("Story bodies as HTML")
struct MarkdownBodyTests {
    @Test("blocks come back in order, repeated blocks included, the same on every render")
    func orderAndRepeats() {
        let blocks = ["First *block*.", "Second block.", "First *block*.", "A [link](https://example.org/x)."]
        let first = MarkdownBody.html(blocks).map(\.sanitizedHTML)
        #expect(first.count == 4)
        #expect(first[0] == "<p>First <em>block</em>.</p>")
        #expect(first[1] == "<p>Second block.</p>")
        #expect(first[2] == first[0])
        #expect(first[3].contains("href=\"https://example.org/x\""))
        // The second render (from the memo) and a render of one block alone agree with the first.
        #expect(MarkdownBody.html(blocks).map(\.sanitizedHTML) == first)
        #expect(MarkdownBody.html(["Second block."]).map(\.sanitizedHTML) == [first[1]])
        #expect(MarkdownBody.html([]).isEmpty)
    }

    @Test("hostile markup is sanitised on the first render and on every later one")
    func hostileBlocks() {
        let hostile = [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
            "<a href=\"https://example.org\" onclick=\"steal()\">x</a>",
        ]
        for _ in 0..<2 {
            for html in MarkdownBody.html(hostile).map(\.sanitizedHTML) {
                #expect(!html.lowercased().contains("<script"))
                #expect(!html.lowercased().contains("onerror"))
                #expect(!html.lowercased().contains("onclick"))
                #expect(!html.lowercased().contains("javascript:"))
            }
        }
    }

    @Test("a block that is one paragraph can lead with the dateline; others cannot")
    func paragraphContent() throws {
        let blocks = MarkdownBody.html(["Only *one* paragraph.", "- a list\n- of two"])
        #expect(MarkdownBody.paragraphContent(blocks[0])?.sanitizedHTML == "Only <em>one</em> paragraph.")
        #expect(MarkdownBody.paragraphContent(blocks[1]) == nil)
    }
}

/// Ink 0.6 never returned on a block holding "<p" with no ">" after it (found by fuzzing).
@Suite("Markdown body: inputs that hung the parser")
struct MarkdownBodyHangTests {
    @Test(
        "a '<p' that no '>' follows is shown as text, and rendering returns",
        arguments: [
            "&<p", "<p", "x <p", "a <p b", "&<P", "text <pre", "<p <p", "ok <p>then <p", "\\<p>", "a \\<p>b",
            "rg" + String(repeating: "\\", count: 40) + "<p>" + String(repeating: "\\", count: 30) + "Atp>a",
        ])
    func unterminatedParagraphOpener(block: String) async throws {
        let html = try await Self.renderWithin(.seconds(20), block)
        #expect(html.contains("&lt;p") || html.contains("&lt;P"), "\(html)")
        #expect(!html.contains("<p <p"))
    }

    @Test(
        "deeply nested or unclosed '[' render in time, shown as text",
        arguments: [
            String(repeating: "[", count: 26) + "## Ferry returns",
            "[a [b [c [d [e [f [g [h [i [j [k [l [m [n [o [p [q [r",
            String(repeating: "![", count: 20) + "x",
            String(repeating: "[", count: 18) + String(repeating: "]", count: 18),
        ])
    func deepBrackets(block: String) async throws {
        let html = try await Self.renderWithin(.seconds(20), block)
        #expect(html.contains("["), "\(html)")
    }

    @Test("ordinary links and a few nested brackets still become links")
    func shallowBracketsKeepLinks() {
        let html = MarkdownBody.html([
            "See [the [council's] report](https://example.org/r) and [a](https://example.org/a)."
        ])
        #expect(html.first?.sanitizedHTML.contains("<a href=\"https://example.org/a\"") == true)
        #expect(MarkdownBody.bracketDepth(of: "[a [b] c]") == 2)
        #expect(MarkdownBody.bracketDepth(of: "]]][") == 1)
    }

    @Test("a whole tag starting the block is left for Ink; '<p' anywhere else becomes text")
    func closedTagsUnchanged() {
        #expect(MarkdownBody.inkSafe("<p x>y") == "<p x>y")
        #expect(MarkdownBody.inkSafe("ok <p>then <p") == "ok &lt;p>then &lt;p")
        #expect(MarkdownBody.inkSafe("<pre>code</pre>") == "<pre>code</pre>")
        #expect(MarkdownBody.inkSafe("no tags here") == "no tags here")
    }

    /// Renders on a thread of its own so a regression fails the test instead of hanging it.
    static func renderWithin(_ limit: Duration, _ block: String) async throws -> String {
        let result = Mutex<String?>(nil)
        let thread = Thread { result.withLock { $0 = MarkdownBody.html([block]).first?.sanitizedHTML ?? "" } }
        thread.start()
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let html = result.withLock({ $0 }) { return html }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("rendering \(block.debugDescription) did not return within \(limit)")
        return ""
    }
}
