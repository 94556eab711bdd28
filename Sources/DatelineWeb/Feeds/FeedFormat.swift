/// The two feed formats the site publishes, with what tells them apart on the wire.
enum FeedFormat: String, CaseIterable, Sendable {
    case rss
    case atom

    /// The file name at the end of a feed's address ("rss.xml").
    var fileName: String { "\(rawValue).xml" }

    /// The `Content-Type` of the document: plain XML for both formats. Feed readers go by the
    /// document, not the type, and browsers show `application/rss+xml` and `application/atom+xml` as
    /// raw text, ignoring the feed's style sheet; as `application/xml` a person who opens a feed
    /// sees a readable page (feed.css) instead, with no content negotiation for caches to split on.
    var contentType: String { "application/xml; charset=utf-8" }

    /// The MIME type named by `<link rel="alternate">`.
    var mediaType: String {
        switch self {
        case .rss: return "application/rss+xml"
        case .atom: return "application/atom+xml"
        }
    }

    /// The name readers see in a feed reader's discovery list.
    var displayName: String {
        switch self {
        case .rss: return "RSS"
        case .atom: return "Atom"
        }
    }

    /// The template that writes the document.
    var template: PageTemplate {
        switch self {
        case .rss: return .rss
        case .atom: return .atom
        }
    }
}
