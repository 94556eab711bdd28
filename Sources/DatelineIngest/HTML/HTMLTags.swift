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

    /// Elements that are furniture by their very name.
    static let furniture: Set<String> = [
        "nav", "footer", "aside", "header", "form", "figcaption", "figure", "menu", "address", "label", "fieldset",
        "legend", "noscript",
    ]

    /// Elements whose text is never part of the page as read.
    static let unread: Set<String> = ["script", "head", "title"]

    /// What the reader needs to know about an element by its name alone, worked out once per name a
    /// page uses (when the tree is built) so the passes over the tree test bits, not strings.
    struct Traits: OptionSet, Sendable {
        let rawValue: UInt16
        /// In ``HTMLTags/blocks``.
        static let block = Traits(rawValue: 1 << 0)
        /// In ``HTMLTags/headings``.
        static let heading = Traits(rawValue: 1 << 1)
        /// In ``HTMLTags/furniture``.
        static let furniture = Traits(rawValue: 1 << 2)
        /// In ``HTMLTags/unread``.
        static let unread = Traits(rawValue: 1 << 3)
        /// `<a>`.
        static let link = Traits(rawValue: 1 << 4)
        /// `<br>`.
        static let lineBreak = Traits(rawValue: 1 << 5)
        /// `<li>`.
        static let listItem = Traits(rawValue: 1 << 6)
        /// `<script>`.
        static let script = Traits(rawValue: 1 << 7)
        /// `<h1>`.
        static let topHeading = Traits(rawValue: 1 << 8)
        /// `<h2>` and `<h3>`, which may title a story on a page without an `<h1>`.
        static let subheading = Traits(rawValue: 1 << 9)
        /// `<meta>`.
        static let meta = Traits(rawValue: 1 << 10)
        /// `<link>`.
        static let linkRelation = Traits(rawValue: 1 << 11)
        /// `<title>`.
        static let title = Traits(rawValue: 1 << 12)
        /// `<html>`.
        static let root = Traits(rawValue: 1 << 13)
        /// `<time>`.
        static let time = Traits(rawValue: 1 << 14)
        /// Names the page metadata is read from (``PageSignals``): a node without any of these
        /// traits is looked at only for its attributes.
        static let signals: Traits = [
            .meta, .linkRelation, .title, .root, .topHeading, .subheading, .time, .script, .link,
        ]

        /// The traits of the lower-case element name `name`.
        init(name: String) {
            var traits: Traits = []
            if HTMLTags.blocks.contains(name) { traits.insert(.block) }
            if HTMLTags.headings.contains(name) { traits.insert(.heading) }
            if HTMLTags.furniture.contains(name) { traits.insert(.furniture) }
            if HTMLTags.unread.contains(name) { traits.insert(.unread) }
            switch name {
            case "a": traits.insert(.link)
            case "br": traits.insert(.lineBreak)
            case "li": traits.insert(.listItem)
            case "script": traits.insert(.script)
            case "h1": traits.insert(.topHeading)
            case "h2", "h3": traits.insert(.subheading)
            case "meta": traits.insert(.meta)
            case "link": traits.insert(.linkRelation)
            case "title": traits.insert(.title)
            case "html": traits.insert(.root)
            case "time": traits.insert(.time)
            default: break
            }
            self = traits
        }

        init(rawValue: UInt16) { self.rawValue = rawValue }
    }
}
