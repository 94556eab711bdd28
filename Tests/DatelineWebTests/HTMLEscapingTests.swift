import DatelineCore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineMarkup
@testable import DatelineWeb

/// Escaping by code point (found by the sanitiser fuzz target): a quote, `<` or `&` followed by a
/// combining mark is one Swift `Character`, and escaping by Character left it bare.
@Suite("HTML escaping")
struct HTMLEscapingTests {
    static let hostile = "Ferry \"\u{301} autofocus onfocus=alert(1) x=\"\u{301} <\u{301}script>'\u{301}&\u{301}"

    @Test("every special character is escaped even when a combining mark follows it")
    func combiningMarks() {
        let escaped = HTMLEscaping.escape(Self.hostile)
        for bare in ["\"", "<", ">", "'"] { #expect(!escaped.unicodeScalars.contains(Unicode.Scalar(bare)!)) }
        let expected = "&quot;\u{301} autofocus"
        #expect(escaped.contains(expected))
        #expect(HTMLEscaping.escape("Tom & \"Jerry\" <b>") == "Tom &amp; &quot;Jerry&quot; &lt;b&gt;")
        #expect(HTMLSanitizer().sanitize("<p>\(Self.hostile)</p>").unicodeScalars.filter { $0 == "\"" }.isEmpty)
    }

    @Test("a search query cannot break out of the search box's value attribute")
    func reflectedQuery() async throws {
        let site = try ReaderTestSite()
        let query = Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let page = try await site.withBrowser { try await $0.get("/search?q=\(query)") }
        #expect(page.status == .ok)
        let bare = "\"\u{301} autofocus"
        let escaped = "&quot;\u{301} autofocus"
        #expect(!page.html.contains(bare), "a bare quote ended the attribute")
        #expect(page.html.contains(escaped))
    }

    @Test("a stored headline cannot break out of the page's attributes (title, Open Graph, editor)")
    func storedHeadline() async throws {
        let site = try ReaderTestSite()
        var draft = Fixtures.lighthouse
        draft.headline = "Council vote \"\u{301} onmouseover=alert(1) x=\"\u{301}"
        let story = try await site.publish(draft)
        let page = try await site.withBrowser { try await $0.get("/story/\(story.slug)") }
        #expect(page.status == .ok)
        let bare = "\"\u{301} onmouseover"
        let escaped = "&quot;\u{301} onmouseover"
        // The only bare quotes allowed are JSON's, escaped with a backslash inside the JSON-LD script.
        let scalars = Array(page.html.unicodeScalars)
        let pattern = Array(bare.unicodeScalars)
        var unescaped = 0
        for index in scalars.indices.dropFirst() where scalars[index...].starts(with: pattern) {
            if scalars[index - 1] != "\\" { unescaped += 1 }
        }
        #expect(unescaped == 0, "a bare quote ended an attribute")
        #expect(page.html.contains(escaped))
    }
}
