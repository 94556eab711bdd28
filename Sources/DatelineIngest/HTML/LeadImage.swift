/// The picture a page leads its story with, and the words the page prints with it.
public struct LeadImage: Hashable, Sendable, Codable {
    /// The image's absolute address.
    public var url: String
    /// The caption, when the page gives one (without the credit, when the page marks it apart).
    public var caption: String?
    /// The credit ("Jane Arden/Reuters"), when the page marks one; nil otherwise, so an editor
    /// must supply it before the picture can be published.
    public var credit: String?
    /// The alt text: the image's own `alt`, else `og:image:alt`.
    public var alt: String?

    /// Makes a lead image record.
    public init(url: String, caption: String? = nil, credit: String? = nil, alt: String? = nil) {
        self.url = url
        self.caption = caption
        self.credit = credit
        self.alt = alt
    }
}
