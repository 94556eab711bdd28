/// One paragraph or bullet of a scraped page, put back together from the lines the scraper or
/// text browser wrote: the unit the story finder reasons about.
struct ScrapedTextBlock: Hashable, Sendable {
    /// How the block was set on the page.
    enum Kind: Hashable, Sendable {
        /// Running text: a headline, a paragraph, a caption or a piece of page furniture.
        case paragraph
        /// An item of a bulleted list: a highlight, a menu entry, a tool link.
        case bullet
    }

    /// How the block was set on the page.
    var kind: Kind
    /// The block's text, wrapped lines joined, whitespace collapsed, bullet marker removed.
    var text: String
    /// The 1-based line of the page the block starts on.
    var line: Int
    /// True when a second column (an advertisement, a sidebar) shared the block's line and was cut off.
    var hadSideColumn: Bool

    /// Makes a block.
    init(kind: Kind, text: String, line: Int, hadSideColumn: Bool = false) {
        self.kind = kind
        self.text = text
        self.line = line
        self.hadSideColumn = hadSideColumn
    }
}
