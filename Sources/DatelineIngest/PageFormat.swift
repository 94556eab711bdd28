/// The kinds of page file Dateline imports, told apart by file name.
public enum PageFormat: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A story page as scraped text or a text-browser rendering (`.txt`).
    case scrapedText
    /// An HTML page (`.html`, `.htm`).
    case html
    /// A gzip-compressed HTML page (`.html.gz`, `.htm.gz`), handed to the HTML reader as stored.
    case gzippedHTML

    /// The file-name endings Dateline imports, for help text and error messages.
    public static let fileNameEndings = [".txt", ".html", ".htm", ".html.gz", ".htm.gz"]

    /// The format of a file called `fileName` (a name or a path), or nil when Dateline does not
    /// import files of that kind. Case is ignored: "STORY.TXT" is scraped text.
    public init?(fileName: String) {
        let name = fileName.lowercased()
        if name.hasSuffix(".html.gz") || name.hasSuffix(".htm.gz") {
            self = .gzippedHTML
        } else if name.hasSuffix(".html") || name.hasSuffix(".htm") {
            self = .html
        } else if name.hasSuffix(".txt") {
            self = .scrapedText
        } else {
            return nil
        }
    }

    /// The format's name in messages ("scraped text", "HTML").
    public var description: String {
        switch self {
        case .scrapedText: "scraped text"
        case .html: "HTML"
        case .gzippedHTML: "gzip-compressed HTML"
        }
    }

    /// The standard reader for this format (see ``PageReaders/standard(maximumBytes:)``).
    public var reader: any PageReader { PageReaders.standard().reader(for: self) }
}
