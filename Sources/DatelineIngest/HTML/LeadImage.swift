/// The picture a page leads its story with, and the caption printed under it.
public struct LeadImage: Hashable, Sendable, Codable {
    /// The image's absolute address.
    public var url: String
    /// The caption, when the page gives one.
    public var caption: String?

    /// Makes a lead image record.
    public init(url: String, caption: String? = nil) {
        self.url = url
        self.caption = caption
    }
}
