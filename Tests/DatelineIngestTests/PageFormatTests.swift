import Testing

@testable import DatelineIngest

@Suite("Page format")
struct PageFormatTests {
    @Test(arguments: [
        ("story.txt", PageFormat.scrapedText),
        ("pages/STORY.TXT", .scrapedText),
        ("story.html", .html),
        ("story.HTM", .html),
        ("story.html.gz", .gzippedHTML),
        ("story.htm.gz", .gzippedHTML),
    ])
    func knowsPageFiles(name: String, format: PageFormat) {
        #expect(PageFormat(fileName: name) == format)
    }

    @Test(arguments: ["story.md", "story.gz", "story.txt.gz", "story", "html", "story.json"])
    func refusesOtherFiles(name: String) {
        #expect(PageFormat(fileName: name) == nil)
    }

    @Test func everyFormatHasAReader() {
        let readers = PageReaders.standard()
        #expect(readers.reader(for: .scrapedText) is ScrapedTextReader)
        #expect(type(of: readers.reader(for: .html)) == type(of: readers.reader(for: .gzippedHTML)))
        #expect(PageFormat.scrapedText.reader is ScrapedTextReader)
    }

    @Test func standardReadersHonourTheSizeLimit() {
        let readers = PageReaders.standard(maximumBytes: 1_234)
        #expect((readers.scrapedText as? ScrapedTextReader)?.maximumBytes == 1_234)
    }
}
