import DatelineMarkup

/// A `<link rel="alternate">` in a page's head, so browsers and feed readers find its feeds.
struct FeedLinkView: Sendable {
    /// The feed's MIME type.
    let type: String
    /// "Dateline: World (RSS)".
    let title: String
    /// The feed's path.
    let url: String

    /// The RSS and Atom links for the feeds at `basePath` ("/feeds", "/section/world").
    static func links(basePath: String, title: String) -> [FeedLinkView] {
        FeedFormat.allCases.map { format in
            FeedLinkView(
                type: format.mediaType, title: "\(title) (\(format.displayName))",
                url: "\(basePath)/\(format.fileName)")
        }
    }
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension FeedLinkView: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "type": return type.templateValue
        case "title": return title.templateValue
        case "url": return url.templateValue
        default: return .missing
        }
    }
}
