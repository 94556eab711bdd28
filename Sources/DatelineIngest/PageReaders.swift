/// The one place that decides which ``PageReader`` reads which ``PageFormat``.
public struct PageReaders: Sendable {
    /// Reads `.txt` pages.
    public var scrapedText: any PageReader
    /// Reads `.html`, `.htm` and `.html.gz` pages.
    public var html: any PageReader

    /// Makes a registry from one reader per kind of page.
    public init(scrapedText: any PageReader, html: any PageReader) {
        self.scrapedText = scrapedText
        self.html = html
    }

    /// The readers Dateline ships, each refusing pages larger than `maximumBytes`.
    public static func standard(maximumBytes: Int = PageSizeLimit.defaultBytes) -> PageReaders {
        PageReaders(
            scrapedText: ScrapedTextReader(maximumBytes: maximumBytes),
            html: HTMLPageReader(maximumBytes: maximumBytes)
        )
    }

    /// The reader for pages of `format`.
    public func reader(for format: PageFormat) -> any PageReader {
        switch format {
        case .scrapedText: scrapedText
        case .html, .gzippedHTML: html
        }
    }
}
