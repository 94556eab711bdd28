/// The two feed formats the site publishes, with what tells them apart on the wire.
enum FeedFormat: String, CaseIterable, Sendable {
    case rss
    case atom

    /// The file name at the end of a feed's address ("rss.xml").
    var fileName: String { "\(rawValue).xml" }

    /// The `Content-Type` of the document.
    var contentType: String {
        switch self {
        case .rss: return "application/rss+xml; charset=utf-8"
        case .atom: return "application/atom+xml; charset=utf-8"
        }
    }

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
