/// Groups of HTML element names the reader treats alike.
enum HTMLTags {
    /// Elements that start a new line of text in a browser.
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul", "caption", "legend", "figure", "picture", "br",
    ]

    /// Headings, kept in the body as their own paragraphs.
    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
}
