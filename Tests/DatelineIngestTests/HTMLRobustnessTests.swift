import DatelineCore
import Foundation
import Testing

@testable import DatelineIngest

/// Hostile and damaged input: every case ends in a draft or a clear ``IngestError``, never a crash
/// or a hang.
@Suite("HTML reader robustness")
struct HTMLRobustnessTests {
    let reader = HTMLPageReader()

    /// The outcome of reading `page`: the draft, or the error's message.
    private func outcome(_ page: RawPage, reader: HTMLPageReader? = nil) -> Result<StoryDraft, IngestError> {
        do {
            return .success(try (reader ?? self.reader).read(page))
        } catch {
            return .failure(error)
        }
    }

    @Test(
        "a page cut off mid-tag or mid-paragraph still gives the story read so far",
        arguments: [
            "<h2", "harbour master", "</artic", "<footer><p>Copy",
        ])
    func truncated(marker: String) throws {
        let html = HTMLFixtures.newsPage
        let range = try #require(html.range(of: marker))
        let cut = html[..<html.index(range.lowerBound, offsetBy: marker.count / 2)]
        let draft = try reader.read(HTMLFixtures.page(String(cut), location: "cut.html"))
        #expect(draft.headline == "Harbour ferry goes electric")
        #expect(draft.body.first?.hasPrefix("The town’s oldest ferry route") == true)
    }

    @Test("a page cut off before any story text gives a clear error")
    func truncatedInHead() {
        let cut = Data(HTMLFixtures.newsPage.utf8.prefix(300))
        guard case .failure(let error) = outcome(RawPage(bytes: cut, location: "cut.html")) else {
            Issue.record("a page with no body text read as a story")
            return
        }
        #expect(error.location == "cut.html")
        #expect(error.message.contains("no story text"))
    }

    /// About 20 MB of markup: 100,000 paragraphs in one story.
    private static let hugePage: Data = {
        var html = "<html><head><title>Long read</title></head><body><article><h1>Long read</h1>"
        let paragraph =
            "<p>The committee met again on Tuesday and went through the long list of proposals, one by one, "
            + "as it has done every week since the spring.</p>\n"
        html.reserveCapacity(20_200_000)
        for _ in 0..<(20_000_000 / paragraph.utf8.count) { html += paragraph }
        html += "</article></body></html>"
        return Data(html.utf8)
    }()

    @Test("a 20 MB page is refused with the limit named, or read when the limit allows it")
    func twentyMegabytes() throws {
        let page = RawPage(bytes: Self.hugePage, location: "huge.html")
        #expect(page.bytes.count >= 20_000_000)
        guard case .failure(let error) = outcome(page) else {
            Issue.record("a page over the default limit was read")
            return
        }
        #expect(error.message.contains("limit"))
        let draft = try HTMLPageReader(maximumBytes: 50_000_000).read(page)
        #expect(draft.headline == "Long read")
        #expect(draft.body.count > 100_000 / 2)
    }

    @Test(
        "100,000 levels of nesting end in a draft or an error, without overflowing the stack",
        arguments: ["div", "span", "b", "table", "li", "blockquote"])
    func deepNesting(tag: String) {
        let depth = 100_000
        let html =
            "<html><head><title>Deep page</title></head><body>"
            + String(repeating: "<\(tag)>", count: depth)
            + "<p>The story sits at the bottom of a very deep page, and a reader must still cope with it.</p>"
            + String(repeating: "</\(tag)>", count: depth) + "</body></html>"
        switch outcome(HTMLFixtures.page(html, location: "deep.html")) {
        case .success(let draft): #expect(draft.headline == "Deep page")
        case .failure(let error): #expect(error.message.contains("no story text"))
        }
    }

    @Test("unclosed tags 100,000 deep are survived")
    func deepUnclosed() {
        let html = "<title>Open tags</title>" + String(repeating: "<div><p><span>word ", count: 100_000)
        switch outcome(HTMLFixtures.page(html)) {
        case .success(let draft): #expect(!draft.body.isEmpty)
        case .failure(let error): #expect(!error.message.isEmpty)
        }
    }

    @Test("a wrong declared charset falls back to what the bytes are", arguments: ["utf-8", "utf-16", "shift_jis"])
    func wrongCharset(declared: String) throws {
        // Windows-1252 bytes declared as UTF-8; UTF-8 bytes declared as UTF-16 or Shift_JIS.
        let html = HTMLFixtures.newsPage.replacingOccurrences(of: "oldest", with: "café")
        var bytes = Data(html.utf8)
        if declared == "utf-8" {
            bytes = html.data(using: .windowsCP1252, allowLossyConversion: true) ?? bytes
        }
        let article = try reader.extract(RawPage(bytes: bytes, location: "w.html", declaredCharset: declared))
        #expect(article.body.first?.contains("town") == true)
        #expect(article.body.first?.contains("café ferry route") == true)
    }

    @Test("binary data named .html is refused as binary")
    func binary() {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        var state: UInt32 = 12_345
        for _ in 0..<4096 {
            state = state &* 1_103_515_245 &+ 12_345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        guard case .failure(let error) = outcome(RawPage(bytes: Data(bytes), location: "image.html")) else {
            Issue.record("binary data read as a story")
            return
        }
        #expect(error.message.contains("binary"))
    }

    @Test("an empty or blank page is refused as empty", arguments: ["", "   \n\t  "])
    func empty(content: String) {
        guard case .failure(let error) = outcome(HTMLFixtures.page(content, location: "empty.html")) else {
            Issue.record("an empty page read as a story")
            return
        }
        #expect(error.message.contains("empty"))
    }

    @Test("markup with no text is refused with a reason")
    func markupOnly() {
        guard case .failure(let error) = outcome(HTMLFixtures.page("<html><body><div></div></body></html>")) else {
            Issue.record("an empty document read as a story")
            return
        }
        #expect(error.message.contains("no"))
    }

    @Test("a gzip file that inflates past the limit is refused")
    func gzipBomb() throws {
        let bomb = try HTMLTestGzip.compress(Data(repeating: 0x20, count: 3_000_000))
        let small = HTMLPageReader(maximumBytes: 1_000_000)
        #expect(bomb.count < 100_000)
        guard case .failure(let error) = outcome(RawPage(bytes: bomb, location: "bomb.html.gz"), reader: small) else {
            Issue.record("an over-large inflated page was read")
            return
        }
        #expect(error.message.contains("MB"))
    }

    @Test("a truncated gzip file gives the page inflated so far")
    func truncatedGzip() throws {
        let compressed = try HTMLTestGzip.compress(Data(HTMLFixtures.newsPage.utf8))
        let draft = try reader.read(
            RawPage(bytes: compressed.prefix(compressed.count * 3 / 4), location: "cut.html.gz"))
        #expect(draft.headline == "Harbour ferry goes electric")
    }

    @Test("corrupt gzip data is refused as corrupt")
    func corruptGzip() {
        let bytes = Data([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        guard case .failure(let error) = outcome(RawPage(bytes: bytes, location: "bad.html.gz")) else {
            Issue.record("corrupt gzip read as a story")
            return
        }
        #expect(error.message.contains("gzip") || error.message.contains("empty"))
    }

    @Test("deeply nested JSON-LD is survived")
    func deepJSON() throws {
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let html = HTMLFixtures.newsPage.replacingOccurrences(
            of: "</head>", with: "<script type=\"application/ld+json\">\(json)</script></head>")
        let draft = try reader.read(HTMLFixtures.page(html))
        #expect(draft.headline == "Harbour ferry goes electric")
    }
}
